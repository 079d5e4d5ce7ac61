"""Flat export of references (one record per reference) as JSON, JSON Lines or CSV."""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from ..errors import ConfigError
from ..models import ScanResult
from .cited import GENERIC, is_generic
from .findings import category_of, resolution_of

LOGGER = logging.getLogger(__name__)

FIELD_DOCS: dict[str, str] = {
    "document": "path of the document, relative to its project root (the nearest folder with "
    "pyproject.toml, provenance.toml or .git), else absolute",
    "claim_id": "database id of the claim (sentence); empty before the scan is stored",
    "claim": "the claim's sentence with citation parentheticals removed",
    "citation": "the citation parenthetical as written, brackets included",
    "outlet": "the outlet as written in the citation",
    "outlet_id": "registry id of the resolved outlet; empty when unknown",
    "outlet_name": "canonical outlet name from the registry; empty when unknown",
    "domain": "the outlet's domain at the cited date (or one read from the name)",
    "date": "cited date: YYYY-MM-DD, YYYY-MM or YYYY; empty when the year is unknown",
    "date_text": "the date as written in the citation",
    "year_inferred": "true when the year was not written but inferred from the publication date",
    "accessed": "true when the date is an access date ('accessed 3 November 2019')",
    "prefix": "cross-reference flag before the outlet: see, cf., e.g.",
    "url": "URL attached to the reference (wrapping link, bare URL, or an account's address)",
    "category": "outlet category: state-owned, state-affiliated, independent, ..., unknown; "
    "generic for a generic source or an interview, which names no outlet",
    "self_citation": "true when the publisher cites itself",
    "date_anomaly": "after-publication, year-unknown, invalid-date or ambiguous-date; empty "
    "when the date looks sane",
    "paragraph": "paragraph number of the claim, counted from 0 (reports show it from 1)",
    "sentence": "sentence number of the claim within its paragraph, counted from 0",
    "reference_id": "database id of the reference; empty before the scan is stored",
    "title": "the cited article's title, when the citation quotes it",
    "source_kind": "generic, interview or a document type (press release...): unverifiable",
}
EXPORT_FIELDS: tuple[str, ...] = tuple(FIELD_DOCS)
FORMATS = ("json", "jsonl", "csv")
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV
# Injection"; NUL from ASVS 1.2.10): CSV cells get a leading ' so they stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def reference_records(result: ScanResult) -> list[dict[str, Any]]:
    """One flat record per reference of the document, in document order.

    Args:
        result: A scanned document with its resolutions.

    Returns:
        Dicts whose keys are ``EXPORT_FIELDS`` in that order.
    """
    records = []
    for claim in result.claims:
        for citation in claim.citations:
            for ref in citation.references:
                res = resolution_of(result, ref)
                date = ref.date
                domain = res.domain
                if domain is None and res.outlet is not None:
                    domain = res.outlet.domain_on(date.as_date() if date else None)
                values = (
                    result.document.path,
                    claim.id,
                    claim.text,
                    citation.raw,
                    ref.outlet,
                    res.outlet.id if res.outlet else None,
                    res.outlet.name if res.outlet else None,
                    domain,
                    date.iso if date else None,
                    date.text if date else None,
                    bool(date and date.year_inferred),
                    ref.accessed,
                    ref.prefix,
                    ref.url,
                    GENERIC if is_generic(res) else category_of(res).value,
                    res.self_citation,
                    date.anomaly if date else None,
                    claim.paragraph,
                    claim.sentence,
                    ref.id,
                    ref.title,
                    ref.source_kind,
                )
                records.append(dict(zip(EXPORT_FIELDS, values, strict=True)))
    return records


def write_records(
    records: Iterable[dict[str, Any]],
    fmt: str,
    out: TextIO,
    *,
    fields: Sequence[str] = EXPORT_FIELDS,
) -> int:
    """Write records as one JSON array (``json``), one object per line (``jsonl``) or ``csv``.

    JSON keeps ``fields`` first (missing ones as null), then any other keys a
    record has. CSV writes exactly ``fields`` as columns, booleans as
    ``true``/``false`` and None as an empty cell, with ``\\n`` line ends; a text
    cell starting with ``= + - @``, a tab, CR or NUL gets a leading ``'`` so that a
    spreadsheet shows it as text instead of running it (JSON stays verbatim).

    Args:
        records: Dicts such as :func:`reference_records` returns.
        fmt: ``json``, ``jsonl`` or ``csv``.
        out: Text stream to write to (open it with ``newline=""`` for CSV files).
        fields: Columns, in order; pass more names to export extra keys as CSV.

    Returns:
        The number of records written.

    Raises:
        ConfigError: ``fmt`` is not a known format.
    """
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if fmt == "csv":
        return _write_csv(records, out, fields)
    count = 0
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(_ordered(record, fields), ensure_ascii=False) + "\n")
            count += 1
        return count
    # json: stream the array so a large export is never held twice in memory.
    out.write("[")
    for record in records:
        text = json.dumps(_ordered(record, fields), ensure_ascii=False, indent=2)
        out.write(("," if count else "") + "\n  " + text.replace("\n", "\n  "))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _ordered(record: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    ordered = {name: record.get(name) for name in fields}
    ordered.update((k, v) for k, v in record.items() if k not in ordered)
    return ordered


def _write_csv(records: Iterable[dict[str, Any]], out: TextIO, fields: Sequence[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    # csv quotes a cell holding "\n" but not one holding a bare "\r", which readers
    # take for a line end: a row with one is written with every cell quoted.
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(fields)
    count = 0
    for record in records:
        row = [_csv_cell(record.get(name)) for name in fields]
        (quoted if any("\r" in cell for cell in row) else writer).writerow(row)
        count += 1
    return count


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return neutralise_formula(value)
    return str(value)


def neutralise_formula(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would run it as a formula.

    Args:
        text: a CSV cell's text.

    Returns:
        ``'=1+1`` for ``=1+1``, ``'-x`` for ``-x``; any other text unchanged.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text
