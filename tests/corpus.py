"""A deterministic corpus of varied EDM-style documents for the scan regression gold.

Unlike the benchmark's corpus (one header, citations at sentence ends), documents here
differ in publication date (years 2009-2021, every month), carry citations in the
middle of sentences too, written years, URLs, ``accessed`` dates, outlets whose domain
moved (Asia-Plus), and a few without any publication date: what the grammar and
resolution memos must get right per document.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f0a8ddd99eaae0a6.txt"
EXTRA = ("edm-article.html", "front-matter.md", "htmldate-fallback.html")
OUTLETS = [
    "News.tj",
    "Regnum",
    "Sputnik-tj.com",
    "Ozodi.org",
    "Centre1.com",
    "Knews.kg",
    "Interfax",
    "TASS",
    "Kommersant",
    "Asia-Plus",
    "Akipress",
    "Eurasianet",
    "Kun.uz",
    "see EDM",
    "RFE/RL",
    "Example-unknown.kz",
    "Радио Озоди",
]
MONTHS = (
    "January February March April May June July August September October November December"
).split()


def citation(rng: random.Random) -> str:
    """A random parenthetical citation: groups of outlets, days, sometimes a year or URL."""
    groups = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        roll = rng.random()
        if roll < 0.05:
            groups.append(f"https://www.news.tj/en/{rng.randint(1, 9999)}")
            continue
        outlets = ", ".join(rng.sample(OUTLETS, rng.choice([1, 1, 2])))
        month = rng.choice(MONTHS)
        days = ", ".join(str(d) for d in sorted(rng.sample(range(1, 29), rng.choice([1, 2]))))
        if roll < 0.1:
            first = days.split(",")[0]
            groups.append(f"{outlets}, accessed {first} {month} {rng.randint(2015, 2020)}")
        elif roll < 0.3:
            groups.append(f"{outlets}, {month} {days}, {rng.randint(2008, 2021)}")
        elif roll < 0.35:
            groups.append(f"{outlets}, {rng.randint(2008, 2021)}")
        else:
            groups.append(f"{outlets}, {month} {days}")
    return "(" + "; ".join(groups) + ")"


def document(rng: random.Random, header: str, body: list[str]) -> str:
    """One document: the seed's header with a random publication date, a shuffled body."""
    year, month, day = rng.randint(2009, 2021), rng.choice(MONTHS), rng.randint(1, 28)
    if rng.random() < 0.05:
        head = header.replace("Publication Date 17 November 2016\n", "")
    else:
        head = header.replace("17 November 2016", f"{day} {month} {year}")
    paragraphs = []
    for para in rng.sample(body, rng.randint(2, len(body))):
        out = []
        for sentence in (s for s in para.split(". ") if s):
            sentence = sentence.rstrip(".")
            words = sentence.split(" ")
            if rng.random() < 0.15 and len(words) > 6:
                cut = rng.randint(2, len(words) - 2)
                words.insert(cut, citation(rng))
                sentence = " ".join(words)
            if rng.random() < 0.3:
                sentence = f"{sentence} {citation(rng)}"
            out.append(sentence)
        paragraphs.append(". ".join(out) + ".")
    tail = "\n\nCopyright notice: © The Jamestown Foundation\n"
    return head + "\n\n" + "\n\n".join(paragraphs) + tail


def write_corpus(folder: Path, n: int = 60) -> None:
    """Write ``n`` generated documents, the seed and three HTML/Markdown test documents."""
    seed = SEED.read_text(encoding="utf-8")
    head, _, rest = seed.partition("Link to original story on Jamestown website")
    header = head + "Link to original story on Jamestown website"
    body = [p for p in rest.split("\n\n") if len(p) > 200 and "Copyright" not in p]
    rng = random.Random(20261204)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"gen{i:03d}.txt").write_text(document(rng, header, body), encoding="utf-8")
    shutil.copy(SEED, folder / SEED.name)
    for name in EXTRA:
        shutil.copy(ROOT / "tests" / "data" / "docs" / name, folder / name)
