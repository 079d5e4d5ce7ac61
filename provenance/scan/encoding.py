"""Decode a file's bytes: BOMs, UTF-8/UTF-16, declared HTML charsets and legacy encodings."""

from __future__ import annotations

import codecs
import logging
import re

from ..errors import InputError

LOGGER = logging.getLogger(__name__)

BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its LE BOM begins with the UTF-16 LE BOM
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)
SAMPLE_BYTES = 65_536
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])  # CONTROL_RE's
CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
MIXED_SCRIPT_RE = re.compile(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]")
HTML_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([\w.:-]{2,40})""", re.I)
HIGH_BYTES = bytes(range(0x80, 0x100))
PRINTABLE_ASCII = bytes(range(0x20, 0x7F))  # what ``printable`` need not ask about
MAX_CONTROL_RATIO = 0.01  # more C0 controls than this and the "text" is binary


def decode_bytes(
    raw: bytes, name: str = "<bytes>", html: bool = False
) -> tuple[str, str, list[str]]:
    """Decode a file's bytes, trying the likeliest encodings first.

    Cascade: 1. a BOM (UTF-32, UTF-8, UTF-16); 2. NUL bytes: BOM-less UTF-16 or
    binary; 3. strict UTF-8; 4. for HTML, a <meta charset>; 5. mostly-valid UTF-8
    decoded with replacement (warning); 6. legacy Cyrillic CP1251/KOI8-R;
    7. UTF-8 with at least as many good multibyte characters as bad sequences, or a
    few stray bytes in ASCII text (warning); 8. charset-normalizer's guess (warning).

    Args:
        raw: the file's bytes.
        name: the path, for error messages.
        html: look for a <meta charset> declaration.

    Returns:
        ``(text, encoding, warnings)``; encoding is e.g. "utf-8", "utf-8-sig", "cp1251".

    Raises:
        InputError: binary content or text in no encoding we can trust.
    """
    # 1. byte order marks
    if (found := _decode_with_bom(raw, name)) is not None:
        return found
    # 2. NULs: UTF-16 without BOM, else binary
    if b"\x00" in raw:
        if (found := _utf16_without_bom(raw)) is not None:
            return found
        raise InputError(name, "binary file (NUL bytes)")
    # 3. strict UTF-8, by far the commonest case
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return (text if _no_controls(raw) else _plausible(text, name)), "utf-8", []
    # 4. a declared HTML charset
    if html and (found := _declared_charset(raw, name)) is not None:
        return found
    # 5.-8. not valid UTF-8
    return _decode_invalid_utf8(raw, name)


def _decode_invalid_utf8(raw: bytes, name: str) -> tuple[str, str, list[str]]:
    """Steps 5-8 of ``decode_bytes``, for bytes that are not valid UTF-8."""
    # 5. UTF-8 with a few bad bytes among many good multibyte characters
    replaced, bad, good = utf8_replaced(raw)
    if good and good >= 9 * bad:
        return _plausible(replaced, name), "utf-8", [_bad_bytes_warning(bad)]
    # 6. legacy Cyrillic single-byte encodings
    if (legacy := legacy_cyrillic(raw)) is not None:  # a guess: said
        return _plausible(_decoded(raw, legacy), name), legacy, [f"not UTF-8: read as {legacy}"]
    # 7. UTF-8 with bad bytes, no fewer good multibyte characters than bad sequences, or
    #    ASCII with a stray byte or three: a legacy code page would garble every good one
    #    (legacy text almost never holds a valid UTF-8 sequence)
    if (good and good >= bad) or bad <= 3:
        return _plausible(replaced, name), "utf-8", [_bad_bytes_warning(bad)]
    # 8. whatever charset-normalizer finds, if it reads as text: said, as it is a guess
    text, encoding = _charset_normalizer(raw, name)
    return text, encoding, [f"not valid UTF-8 ({bad} bad byte sequence(s)): read as {encoding}"]


def decode_bom(raw: bytes) -> tuple[str, str, int] | None:
    """Text after a byte order mark, else None.

    Returns:
        ``(text, label, bad)``: bad sequences are replaced with U+FFFD and counted.
    """
    for bom, codec, label in BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(codec), label, 0
            except UnicodeDecodeError:
                text = raw[len(bom) :].decode(codec, errors="replace")
                return text, label, text.count("\ufffd")
    return None


def _decode_with_bom(raw: bytes, name: str) -> tuple[str, str, list[str]] | None:
    """Text after a byte order mark (bad sequences replaced, with a warning), else None."""
    if (found := decode_bom(raw)) is None:
        return None
    text, label, bad = found
    if not bad:
        return text, label, []
    return _plausible(text, name), label, [_bad_bytes_warning(bad, label)]


def utf8_replaced(raw: bytes) -> tuple[str, int, int]:
    """UTF-8 with bad sequences replaced; the count of bad sequences and of good non-ASCII."""
    replaced = raw.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - raw.count(b"\xef\xbf\xbd")  # U+FFFD already there
    good = len(replaced) - len(replaced.encode("ascii", "ignore")) - bad  # valid non-ASCII
    return replaced, bad, good


def _bad_bytes_warning(bad: int, label: str = "UTF-8") -> str:
    return f"invalid {label}: {bad} bad byte sequence(s) replaced with U+FFFD"


def _no_controls(raw: bytes) -> bool:
    """True when valid UTF-8 ``raw`` holds no character ``CONTROL_RE`` matches.

    In UTF-8 a byte below 0x80 is always the ASCII character itself, so the control
    characters of the text are its control bytes. Each is looked for with ``in`` (memchr,
    a few instructions per 32 bytes): the 29 scans cost half of one ``bytes.translate``,
    which copies the text byte by byte (and was five times faster than the regex).
    """
    for byte in CONTROL_BYTES:
        if byte in raw:
            return False
    return True


def printable(text: str) -> bool:
    """``text.isprintable()``, asked only of the characters that are not printable ASCII.

    ``isprintable`` looks every character up in the Unicode tables: the split's check
    of a bench document's body took 207,000 instructions. UTF-8 encoding and deleting
    the printable ASCII bytes are plain C loops (166,000), and leave whole sequences of
    the other characters, which are then asked (surrogates pass both ways).
    """
    rest = text.encode("utf-8", "surrogatepass").translate(None, PRINTABLE_ASCII)
    return not rest or rest.decode("utf-8", "surrogatepass").isprintable()


def _plausible(text: str, name: str) -> str:
    """``text`` itself, unless control characters say it is binary."""
    sample = text[:SAMPLE_BYTES]
    if len(CONTROL_RE.findall(sample)) > MAX_CONTROL_RATIO * max(len(sample), 1):
        raise InputError(name, "binary file (control characters)")
    return text


def _utf16_without_bom(raw: bytes) -> tuple[str, str, list[str]] | None:
    """UTF-16 text without a BOM: NULs in (nearly) every other byte, and only there."""
    sample = raw[: SAMPLE_BYTES - SAMPLE_BYTES % 2]
    half = max(len(sample) // 2, 1)
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for codec, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= 0.3 * half and other <= 0.02 * half and len(raw) % 2 == 0:
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                return None
            sample_text = text[:SAMPLE_BYTES]
            if len(CONTROL_RE.findall(sample_text)) <= MAX_CONTROL_RATIO * len(sample_text):
                return text, "utf-16", []
    return None


def declared_charset(raw: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag of its first 4 KB, lowercased."""
    m = HTML_CHARSET_RE.search(raw, 0, 4096)
    return m[1].decode("ascii").lower() if m else None


def _declared_charset(raw: bytes, name: str) -> tuple[str, str, list[str]] | None:
    if (codec := declared_charset(raw)) is None:
        return None
    declared = _codec_name(codec)
    if declared in OVERRULED and (legacy := legacy_cyrillic(raw)) not in (None, declared):
        # a page that declares Latin-1 (or the other Russian code page) for Russian text
        warning = f"declared charset {codec} does not fit its text: read as {legacy}"
        return _plausible(_decoded(raw, legacy), name), legacy, [warning]
    try:
        return _plausible(raw.decode(codec), name), codec, []
    except (LookupError, UnicodeDecodeError):
        return None


#: Declared charsets a page's Cyrillic bytes may overrule: the Latin ones Russian pages
#: wrongly declare, and the two Russian code pages, each mistaken for the other. Other
#: Cyrillic ones (KOI8-U, ISO-8859-5, cp866) are taken at their word.
OVERRULED = frozenset({"iso8859-1", "cp1252", "iso8859-15", "ascii", "cp1251", "koi8-r"})


def _decoded(raw: bytes, codec: str) -> str:
    """``raw`` in ``codec``; a byte it cannot read (past the sample that chose it) is U+FFFD."""
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return raw.decode(codec, errors="replace")


def _codec_name(label: str) -> str:
    """The codec's own name ("windows-1251" and "cp1251" are one), or the label."""
    try:
        return codecs.lookup(label).name
    except LookupError:
        return label


def legacy_cyrillic(raw: bytes, min_high: int = 8) -> str | None:
    """ "cp1251" or "koi8-r" when the high bytes look like Russian letters, else None.

    Russian prose is mostly lowercase. CP1251 puts lowercase letters at 0xE0-0xFF and
    capitals at 0xC0-0xDF; KOI8-R does the opposite. Letters must dominate high bytes,
    and there must be at least ``min_high`` of them (a page's title may be all there is).
    """
    sample = raw[: 4 * SAMPLE_BYTES]
    high = len(sample) - len(sample.translate(None, HIGH_BYTES))
    upper = len(sample) - len(sample.translate(None, HIGH_BYTES[0x40:0x60]))
    lower = len(sample) - len(sample.translate(None, HIGH_BYTES[0x60:]))
    if high < min_high or upper + lower < 0.7 * high:
        return None
    codec = "cp1251" if lower >= upper else "koi8-r"
    try:
        text = sample.decode(codec)
    except UnicodeDecodeError:
        return None
    cyrillic = len(CYRILLIC_RE.findall(text))
    # Russian words are all-Cyrillic; Latin-1 accents decoded as CP1251 give mixed
    # words like "Cafй", so a letter pair mixing scripts argues against Cyrillic.
    mixed = len(MIXED_SCRIPT_RE.findall(text))
    return codec if cyrillic >= 0.7 * high and mixed <= 0.1 * cyrillic else None


def guess_charset(raw: bytes, max_chaos: float = 0.2) -> str | None:
    """charset-normalizer's guess, or None when nothing reads as text.

    On short texts it often ranks a rare code page (cp1257) a hair above cp1252; we
    prefer cp1252, the commonest legacy encoding, when it reads about as cleanly.
    """
    import charset_normalizer  # only broken files get here; keep its import off the hot path

    matches = list(charset_normalizer.from_bytes(raw[: 4 * SAMPLE_BYTES]))
    if not matches or matches[0].chaos > max_chaos:
        return None
    for match in matches:
        if "cp1252" in match.could_be_from_charset and match.chaos <= matches[0].chaos + 0.1:
            return "cp1252"
    return matches[0].encoding


def _charset_normalizer(raw: bytes, name: str) -> tuple[str, str]:
    """Last resort: charset-normalizer's guess, checked for being readable text."""
    encoding = guess_charset(raw)
    if encoding is None:
        raise InputError(name, "undecodable text (not UTF-8, UTF-16 or a known legacy encoding)")
    try:
        text = raw.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        raise InputError(name, f"undecodable text (looked like {encoding})") from None
    return _plausible(text, name), encoding
