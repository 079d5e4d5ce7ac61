"""Cross-script word and number matching: transliteration, fuzzy names, amounts.

Also the claim side of that matching: proper names, keywords and numbers of
an English (or Russian) claim sentence.

Claims are written in English while the sources are often Russian or Tajik, so
a name such as ``Ishkoshim`` has to be found as ``Ишкашимском`` and
``10,000`` as ``10 тысяч``. Everything here is pure str/regex work plus
rapidfuzz; a page is indexed once (:class:`TokenIndex`) and then probed with
each claim token.

Matching one claim token against a page (:func:`match_token`), first hit wins:

1. the same word, lowercased;
2. a Russian stem from :data:`RU_STEMS` (translations and exonyms that no
   transliteration can reach: China → Китай, exercises → учения);
3. the same *skeleton*: both sides transliterated to Latin and reduced so
   that common Russian/Tajik/English spelling variants coincide
   (``tadzhik``/``tajik``, ``rakhim``/``rahim``, ``guo``/``go``);
4. a fuzzy skeleton within :data:`FUZZY_CUTOFF` (``ishkoshim``/``ishkashim``),
   where page words are also indexed without Russian case endings.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from unidecode import unidecode

LOGGER = logging.getLogger(__name__)

FUZZY_CUTOFF = 80.0  # rapidfuzz ratio (0..100) from which two skeletons are the same name
MIN_FUZZY_LEN = 4  # shorter skeletons must match exactly: "guo" ~ "go" only via rules

# Russian and Tajik letters, in the spelling English-language press uses
# (BGN/PCGN-like); unidecode handles every other script.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ғ": "gh", "ӣ": "i", "қ": "q", "ӯ": "u", "ҳ": "h", "ҷ": "j", "і": "i",
    "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}  # fmt: skip
_TRANSLIT_TABLE = {ord(k): v for k, v in _CYRILLIC.items()} | {
    ord(k.upper()): v.capitalize() for k, v in _CYRILLIC.items()
}

# Skeleton rewrites, in order: longer spellings before their parts.
_SKELETON_RULES = (
    ("shch", "sh"), ("sch", "sh"), ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"),
    ("tsz", "c"), ("ts", "c"), ("tz", "c"), ("gh", "g"), ("yo", "o"), ("yu", "u"),
    ("ya", "a"), ("ye", "e"), ("iy", "i"), ("yi", "i"), ("ij", "i"), ("y", "i"),
    ("uo", "o"), ("q", "k"), ("w", "v"), ("ph", "f"), ("x", "ks"),
)  # fmt: skip
DOUBLE_LETTER_RE = re.compile(r"(.)\1+")
NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
WORD_RE = re.compile(r"[^\W\d_](?:[^\W_]|['’](?=[^\W\d_]))*")  # letters; apostrophes inside
CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
POSSESSIVE_RE = re.compile(r"['’]s?$")

# Russian case and adjective endings, longest first; stripped from page words
# so that "Ишкашимском" is also indexed as "Ишкашим".
_RU_ENDINGS = tuple(
    sorted(
        "ского ской ском ских скому ским скую ский ская ское ские ами ями ого его ому ему "
        "ыми ими ой ей ом ем ам ям ах ях ов ев ую юю ая яя ое ее ые ие ый ий а я е у ю ы и ь"
        .split(),
        key=len,
        reverse=True,
    )
)
MIN_STEM_LEN = 4

# English word prefix -> Russian stems: translations and exonyms of the domain.
# A claim word uses the longest key it starts with.
RU_STEMS: dict[str, tuple[str, ...]] = {
    "militar": ("военн", "воен"), "army": ("арми",), "armies": ("арми",),
    "armed": ("вооруж",), "forces": ("сил",), "troop": ("войск", "военнослужащ"),
    "personnel": ("военнослужащ", "личн"), "servicem": ("военнослужащ",),
    "soldier": ("военнослужащ", "солдат"), "exercis": ("учени", "маневр"),
    "drill": ("учени",), "maneuv": ("маневр",), "counterterror": ("антитеррор",),
    "antiterror": ("антитеррор",), "terror": ("террор",), "extremis": ("экстремис",),
    "china": ("кита", "кнр"), "chinese": ("кита",), "beijing": ("пекин",),
    "xinjiang": ("синьцзян",), "uyghur": ("уйгур",), "uighur": ("уйгур",),
    "urumqi": ("урумчи",), "tajik": ("таджик",), "afghan": ("афган",),
    "pakistan": ("пакистан",), "russia": ("росси",), "moscow": ("москв",),
    "kremlin": ("кремл",), "kyrgyz": ("киргиз", "кыргыз"), "uzbek": ("узбек",),
    "kazakh": ("казах",), "minist": ("минист",), "defen": ("оборон",),
    "interior": ("внутренн", "мвд"), "internal": ("внутренн", "мвд"),
    "security": ("безопасн",), "border": ("границ", "погранич"), "base": ("баз",),
    "agreement": ("соглашени", "договор"), "treaty": ("договор",),
    "meeting": ("встреч", "заседани"), "talks": ("переговор",),
    "cooperat": ("сотруднич",), "joint": ("совместн",), "together": ("совместн",),
    "coalition": ("коалици",), "alliance": ("альянс", "союз"), "national": ("национальн",),
    "liberation": ("освобод",), "people": ("народ",), "region": ("район", "област", "регион"),
    "general": ("генерал",), "police": ("полици",), "center": ("центр",),
    "centre": ("центр",), "assistance": ("помощ",), "aid": ("помощ",),
    "million": ("млн", "миллион"), "billion": ("млрд", "миллиард"), "invest": ("инвест",),
    "apartment": ("квартир",), "officer": ("офицер",), "mechanism": ("механизм",),
    "quadri": ("четырехсторон", "четырёхсторон"), "quadrilateral": ("четырехсторон",),
    "bilateral": ("двусторон",), "chief": ("начальник", "глав"), "staff": ("штаб",),
    "cotton": ("хлоп",), "harvest": ("урожа", "сбор"), "president": ("президент",),
    "parliament": ("парламент",), "autonom": ("автоном",), "simulat": ("условн",),
    "econom": ("эконом",), "infrastructure": ("инфраструктур",),
}  # fmt: skip
_RU_KEYS = tuple(sorted(RU_STEMS, key=len, reverse=True))


def translit(text: str) -> str:
    """Transliterate Cyrillic (Russian, Tajik, Ukrainian) and other scripts to Latin.

    Args:
        text: any text.

    Returns:
        The text in ASCII Latin letters, case kept: ``Душанбе`` -> ``Dushanbe``.
    """
    return unidecode(text.translate(_TRANSLIT_TABLE))


@functools.lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """Reduce a word to a canonical Latin form that absorbs spelling variants.

    Args:
        word: one word in any script.

    Returns:
        Lowercase ASCII, e.g. ``Таджикистан`` and ``Tajikistan`` both give
        ``tajikistan``, ``Рахимзода`` and ``Rahimzoda`` both ``rahimzoda``.
    """
    out = translit(word).lower()
    for old, new in _SKELETON_RULES:
        if old in out:
            out = out.replace(old, new)
    return DOUBLE_LETTER_RE.sub(r"\1", NON_ALNUM_RE.sub("", out))


def ru_stem(word: str) -> str:
    """Strip one Russian case or adjective ending, keeping at least four letters.

    Args:
        word: a lowercase Cyrillic word.

    Returns:
        The word without its ending (``ишкашимском`` -> ``ишкашим``), or unchanged.
    """
    for ending in _RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM_LEN:
            return word[: -len(ending)]
    return word


@functools.lru_cache(maxsize=4096)
def ru_stems_for(word: str) -> tuple[str, ...]:
    """Russian stems that translate an English word, from :data:`RU_STEMS`.

    Args:
        word: a lowercase English word.

    Returns:
        The stems of the longest matching key, or ``()``.
    """
    for key in _RU_KEYS:
        if word.startswith(key):
            return RU_STEMS[key]
    return ()


def words(text: str) -> list[str]:
    """Split text into lowercase words (letters only; hyphens split words).

    Args:
        text: any text.

    Returns:
        The words in order, possessive ``'s`` removed.
    """
    return [POSSESSIVE_RE.sub("", w.lower()) for w in WORD_RE.findall(text)]


@dataclass
class TokenIndex:
    """The words of one page, indexed for :func:`match_token`."""

    words: set[str]
    sorted_words: list[str]  # for prefix look-ups of Russian stems
    by_skeleton: dict[str, str]  # skeleton (also of the ending-less word) -> page word
    skeletons: list[str]  # keys of by_skeleton, for rapidfuzz

    @classmethod
    def from_text(cls, text: str) -> TokenIndex:
        """Index the words of ``text``.

        Args:
            text: page title and/or body.

        Returns:
            The index.
        """
        unique = set(words(text))
        by_skeleton: dict[str, str] = {}
        for word in sorted(unique):  # sorted: the same page always gives the same reasons
            sk = skeleton(word)
            if sk:
                by_skeleton.setdefault(sk, word)
            if CYRILLIC_RE.match(word):
                stem_sk = skeleton(ru_stem(word))
                if stem_sk:
                    by_skeleton.setdefault(stem_sk, word)
        return cls(unique, sorted(unique), by_skeleton, list(by_skeleton))

    def with_prefix(self, prefix: str) -> str | None:
        """The first page word starting with ``prefix``, or None."""
        i = bisect.bisect_left(self.sorted_words, prefix)
        if i < len(self.sorted_words) and self.sorted_words[i].startswith(prefix):
            return self.sorted_words[i]
        return None


@functools.lru_cache(maxsize=64)
def index_text(text: str) -> TokenIndex:
    """Cached :meth:`TokenIndex.from_text`: one page is scored against many claims."""
    return TokenIndex.from_text(text)


def match_token(token: str, index: TokenIndex) -> str | None:
    """Find one claim word on a page, across scripts.

    Args:
        token: a claim word (any case, any script).
        index: the page's :class:`TokenIndex`.

    Returns:
        The page word that matched, or None.
    """
    word = POSSESSIVE_RE.sub("", token.lower())
    # 1. the same word
    if word in index.words:
        return word
    # 2. a translation or exonym stem (China -> Китай)
    for stem in ru_stems_for(word):
        hit = index.with_prefix(stem)
        if hit:
            return hit
    # 3. the same skeleton (Tajikistan ~ Таджикистан)
    sk = skeleton(word)
    if not sk:
        return None
    if sk in index.by_skeleton:
        return index.by_skeleton[sk]
    # 4. a near skeleton (Ishkoshim ~ Ишкашим); too risky for short words
    if len(sk) < MIN_FUZZY_LEN or not index.skeletons:
        return None
    best = process.extractOne(sk, index.skeletons, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return index.by_skeleton[best[0]] if best else None


def match_name(name: str, index: TokenIndex) -> list[str | None]:
    """Match each word of a (possibly multiword) name.

    Args:
        name: e.g. ``Sharali Mirzo``.
        index: the page's :class:`TokenIndex`.

    Returns:
        One page word (or None) per word of the name.
    """
    return [match_token(w, index) for w in words(name)]


def names_match(name: str, page_tokens: TokenIndex | Iterable[str]) -> str | None:
    """Say whether a name occurs on a page, in any script.

    A multiword name matches when at least half of its words do.

    Args:
        name: e.g. ``Ishkoshim`` or ``Guo Shengkun``.
        page_tokens: a :class:`TokenIndex`, or the page's words.

    Returns:
        The matched page word(s) joined by spaces (``ишкашимском``), or None.
    """
    if isinstance(page_tokens, TokenIndex):
        index = page_tokens
    else:
        index = index_text(" ".join(page_tokens))
    hits = match_name(name, index)
    found = [h for h in hits if h]
    if hits and 2 * len(found) >= len(hits):
        return " ".join(found)
    return None


# ---------------------------------------------------------------- claim vocabulary

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|"
    r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
)
# Dates inside a claim ("October 20–24", "February 25, 2016", "20 октября") are
# not quantities: blank them out before looking for numbers.
CLAIM_DATE_RE = re.compile(
    rf"\b{_MONTHS}\.?\s+\d{{1,2}}(?:\s*[–—-]\s*\d{{1,2}})?(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{1,2}}(?:\s*[–—-]\s*\d{{1,2}})?\s+{_MONTHS}(?:\s+\d{{4}})?\b",
    re.IGNORECASE,
)
# Capitalised words; a hyphen joins parts (China-Tajikistan) but whitespace ends a word.
CAP_WORD_RE = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*")
SENTENCE_GAP_RE = re.compile(r"^\s+$")

STOPWORDS = frozenset(  # English function words and reporting verbs, a few Russian ones
    """a about above according across after afterwards again against all almost along already also
    although always among an and another any anyway are around as at be became because become been
    before being below beside besides between beyond both but by can cannot could despite did do
    does doing down during each either else even ever every few for former formerly from further
    had has have having he her here hers herself him himself his how however i if in including indeed into
    is it its itself just last later latter least less like made make many may me meanwhile might
    more moreover most mostly much must my neither never nevertheless next no nor not now of off
    often on once one only onto or other others otherwise our ours out over own per perhaps rather
    reportedly same several she should since so some still such than that the their them themselves
    then there thereby therefore these they this those though through throughout thus to together
    too toward towards under unlike until up upon us very via was we well were what whatever when
    where whereas whether which while who whom whose why will with within without would yet you your
    said says say told according believes believe also new recent recently sort sorts quite
    и в во на не что с со по к ко от для из о об а но же это как до за при также его ее
    их""".split()
)
TITLE_WORDS = frozenset(
    "mr mrs ms dr gen general president minister prime colonel col lt sen senator "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
GENERIC_NAMES = frozenset(
    """tajikistan tajik tajikistani china chinese russia russian afghanistan afghan pakistan
    pakistani dushanbe moscow beijing central asia asian kremlin sino soviet union kyrgyzstan
    kazakhstan uzbekistan turkmenistan america american united states europe european west
    western eurasia eurasian""".split()
)
MONTH_WORDS = frozenset(
    re.sub(r"[()?:]", " ", _MONTHS.replace("|", " ")).lower().split() + ["sept"]
)

SENTENCE_INITIAL_RE = re.compile(r"(?:ing|ed|ly)$")  # "Following", "Reportedly": not names


def strip_dates(text: str) -> str:
    """Blank out dates ("October 20–24", "20 октября 2016"), keeping offsets.

    Args:
        text: a claim.

    Returns:
        The text with each date replaced by spaces of the same length.
    """
    return CLAIM_DATE_RE.sub(lambda m: " " * len(m.group(0)), text)


def keywords(text: str) -> list[str]:
    """Content words of a claim: lowercase, no stopwords or months, four letters or more.

    Args:
        text: a claim.

    Returns:
        The distinct keywords in order.
    """
    return list(
        dict.fromkeys(
            w for w in words(text) if len(w) >= 4 and w not in STOPWORDS and w not in MONTH_WORDS
        )
    )


def _is_name_word(word: str, at_start: bool) -> bool:
    """Whether a capitalised word can be part of a proper name."""
    lower = word.lower()
    return (
        word[:1].isupper()
        and not (word.isupper() and len(word) > 1)  # acronyms (PLA, CSTO) do not cross scripts
        and lower not in STOPWORDS
        and lower not in TITLE_WORDS
        and lower not in MONTH_WORDS
        and not (at_start and SENTENCE_INITIAL_RE.search(lower))
    )


def proper_names(text: str) -> list[tuple[str, bool]]:
    """Runs of capitalised words: ``Sharali Mirzo``, ``People's Liberation Army``.

    A run ends at a possessive country (``Tajikistan's Ishkoshim`` gives two
    names) and leaves out titles, months, acronyms and sentence-initial verbs.

    Args:
        text: a claim.

    Returns:
        Distinct ``(name, generic)`` pairs in order; ``generic`` is True when
        every word is a country, capital or nationality (:data:`GENERIC_NAMES`).
    """
    runs: list[list[str]] = []
    open_run = False
    prev_end = 0
    for m in CAP_WORD_RE.finditer(text):
        word = m.group(0)
        bare = POSSESSIVE_RE.sub("", word)
        if not _is_name_word(bare, m.start() == 0):
            open_run = False
            continue
        if open_run and SENTENCE_GAP_RE.match(text[prev_end : m.start()]):
            runs[-1].append(word)
        else:
            runs.append([word])
        prev_end = m.end()
        # a possessive country ends the name: "Tajikistan's Ishkoshim region"
        open_run = not (bare != word and bare.lower() in GENERIC_NAMES)
    names: dict[str, tuple[str, bool]] = {}
    for run in runs:
        name = POSSESSIVE_RE.sub("", " ".join(run))
        generic = all(w in GENERIC_NAMES for w in words(name))
        names.setdefault(name.lower(), (name, generic))
    return list(names.values())


# ---------------------------------------------------------------- numbers and amounts

# A number: grouped thousands (10,000 / 10 000 / 10.000, NBSP or thin space too)
# or a plain integer or decimal (21,4 / 2.5). Not glued to letters or to
# another number, so "2016 100" stays two numbers.
NUMBER_RE = re.compile(
    r"(?<![\w.,])"
    r"(?P<num>\d{1,3}(?:[,. \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)?)"
    r"(?:[\s\u00a0-]?(?P<scale>thousand|million|billion|trillion|mln\b|mn\b|bn\b|"
    r"тыс(?:яч\w*)?\.?|млн\.?|миллион\w*|млрд\.?|миллиард\w*|трлн\.?|триллион\w*))?",
    re.IGNORECASE,
)
GROUP_SEP_RE = re.compile(r"[,. \u00a0\u202f](?=\d{3}(?!\d))")
CURRENCY_BEFORE_RE = re.compile(r"[$€£¥₽]\s?$")
CURRENCY_AFTER_RE = re.compile(
    r"^\s?(?:[$€£¥₽]|dollars?|euros?|rubles?|roubles?|somoni|yuan|"
    r"долл\w*|евро|руб\w*|сомони|юан\w*)",
    re.IGNORECASE,
)
_SCALES = (("тыс", 1e3), ("thousand", 1e3), ("mln", 1e6), ("mn", 1e6), ("млн", 1e6),
           ("million", 1e6), ("миллион", 1e6), ("bn", 1e9), ("млрд", 1e9), ("billion", 1e9),
           ("миллиард", 1e9), ("трлн", 1e12), ("trillion", 1e12), ("триллион", 1e12))  # fmt: skip
YEAR_MIN, YEAR_MAX = 1900, 2100


@dataclass(frozen=True)
class Number:
    """A number or amount found in text, normalised to its value."""

    text: str  # as written, e.g. "$70 million", "10 тысяч"
    value: float  # 70_000_000.0, 10_000.0
    kind: str  # "amount" (scaled or with a currency), "year", or "number"
    start: int = 0


def parse_number(digits: str) -> float | None:
    """Read ``10,000``, ``10 000``, ``10.000``, ``21,4`` or ``2.5`` as a float.

    Args:
        digits: the digits and separators of one number.

    Returns:
        Its value, or None when it is not a number.
    """
    # 1. thousands separators are followed by exactly three digits
    plain = GROUP_SEP_RE.sub("", digits)
    # 2. what is left may be a decimal comma
    try:
        return float(plain.replace(",", "."))
    except ValueError:
        return None


def _scale_of(word: str | None) -> float:
    """The multiplier of a scale word (``млн`` -> 1e6), 1 without one."""
    if not word:
        return 1.0
    word = word.lower()
    for prefix, factor in _SCALES:
        if word.startswith(prefix):
            return factor
    return 1.0


def find_numbers(text: str) -> list[Number]:
    """Every number and amount in a text, normalised.

    Args:
        text: any text, in English or Russian.

    Returns:
        The numbers in order; ``$70 million`` gives value 7e7 and kind "amount".
    """
    found: list[Number] = []
    for m in NUMBER_RE.finditer(text):
        value = parse_number(m.group("num"))
        if value is None:
            continue
        scale = _scale_of(m.group("scale"))
        currency = bool(
            CURRENCY_BEFORE_RE.search(text, max(0, m.start() - 2), m.start())
            or CURRENCY_AFTER_RE.match(text, m.end())
        )
        if scale != 1.0 or currency:
            kind = "amount"
        elif value.is_integer() and YEAR_MIN <= value <= YEAR_MAX and m.group("num").isdigit():
            kind = "year"
        else:
            kind = "number"
        start = m.start()
        if currency and start and text[start - 1] in "$€£¥₽":
            start -= 1  # keep the currency sign in the text shown to reviewers
        found.append(Number(text[start : m.end()].strip(), value * scale, kind, start))
    return found


def number_values(text: str) -> frozenset[float]:
    """The set of values a page mentions, scaled and unscaled (``70 млн`` -> 7e7 and 70).

    Args:
        text: page text.

    Returns:
        Values rounded to three decimals, for set look-ups.
    """
    values: set[float] = set()
    for m in NUMBER_RE.finditer(text):
        value = parse_number(m.group("num"))
        if value is None:
            continue
        values.add(round(value, 3))
        values.add(round(value * _scale_of(m.group("scale")), 3))
    return frozenset(values)
