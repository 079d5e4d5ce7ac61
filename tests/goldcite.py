"""Read tests/data/gold/citations.txt and score extraction against it (test and bench share it)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from provenance.scan.extract import find_parentheticals

GOLD_FILE = Path(__file__).resolve().parent / "data" / "gold" / "citations.txt"
DEFAULT_PUBLISHED = dt.date(2016, 11, 17)


@dataclass
class Case:
    """One gold sentence and the references it must give."""

    text: str
    published: dt.date
    day_first: bool | None
    refs: list[dict[str, str]] = field(default_factory=list)
    line: int = 0


def load_cases(path: Path = GOLD_FILE) -> list[Case]:
    """The gold cases of ``path``, in file order."""
    cases: list[Case] = []
    published, day_first, current = DEFAULT_PUBLISHED, None, None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            current = None
            continue
        if line.startswith("#"):
            continue
        if line.startswith("@published"):
            published = dt.date.fromisoformat(line.split()[1])
        elif line in ("@dayfirst", "@monthfirst"):
            day_first = line == "@dayfirst"
        elif current is None:
            current = Case(line, published, day_first, line=number)
            cases.append(current)
            day_first = None
        else:
            outlet, date, *extras = (part.strip() for part in line.split("|"))
            ref = {"outlet": outlet, "date": "" if date == "-" else date}
            ref.update(extra.split("=", 1) for extra in extras)  # type: ignore[arg-type]
            current.refs.append(ref)
    return cases


def extracted(case: Case) -> list[dict[str, str]]:
    """The references extraction gives for ``case``, as gold-shaped dicts (all keys)."""
    kwargs = {} if case.day_first is None else {"day_first": case.day_first}
    found = find_parentheticals(case.text, published=case.published, **kwargs)
    out = []
    for paren in found:
        for r in paren.references:
            out.append(
                {
                    "outlet": r.outlet,
                    "date": (r.date.iso or "") if r.date else "",
                    "prefix": r.prefix or "",
                    "url": r.url or "",
                    "title": getattr(r, "title", None) or "",
                    "kind": getattr(r, "source_kind", None) or "",
                    "accessed": "true" if r.accessed else "",
                    "anomaly": (r.date.anomaly or "") if r.date else "",
                }
            )
    return out


def expected(case: Case) -> list[dict[str, str]]:
    """The gold references of ``case`` with every key filled ("" when not given)."""
    keys = ("outlet", "date", "prefix", "url", "title", "kind", "accessed", "anomaly")
    return [{k: ref.get(k, "") for k in keys} for ref in case.refs]


def key(ref: dict[str, str]) -> tuple[str, str]:
    """What F1 counts: the outlet as written and the cited date."""
    return ref["outlet"], ref["date"]


def score(cases: list[Case]) -> dict[str, float]:
    """Reference precision, recall and F1 over ``cases``, and references from non-citations."""
    tp = fp = fn = false_from_non = 0
    for case in cases:
        got, want = Counter(map(key, extracted(case))), Counter(map(key, expected(case)))
        tp += sum((got & want).values())
        fp += sum((got - want).values())
        fn += sum((want - got).values())
        if not case.refs:
            false_from_non += sum(got.values())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "cases": len(cases),
        "references": tp + fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "from_non_citations": false_from_non,
    }
