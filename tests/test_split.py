"""Tests for provenance.split: paragraphs, sentences and claim text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.models import ParenKind, Parenthetical
from provenance.scan import ingest, split

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_f0a8ddd99eaae0a6.txt"
CITATION_HINT_RE = re.compile(r"\d|EDM|\w\.\w")


def brackets(text: str, start: int = 0, end: int | None = None) -> list[Parenthetical]:
    """Parentheticals by plain bracket matching; citation = has a digit, EDM or a domain."""
    found, stack = [], []
    for m in re.finditer(r"[()]", text[: len(text) if end is None else end]):
        if m.start() < start:
            continue
        if m.group() == "(":
            stack.append(m.start())
        elif stack:
            s = stack.pop()
            raw = text[s : m.end()]
            kind = ParenKind.CITATION if CITATION_HINT_RE.search(raw) else ParenKind.ACRONYM
            if raw.startswith("(CSTO"):
                kind = ParenKind.GLOSS
            found.append(Parenthetical(s, m.end(), raw, kind))
    return sorted(found, key=lambda p: p.start)


def sentences(text: str) -> list[str]:
    return [text[c.start : c.end] for c in split.split_claims(text, brackets(text))]


# (text, expected sentences as written)
CASES = [
    # DEPENDENCIES.md §4 hard cases
    (
        "The talks ended at 3 p.m. Then the ministers left.",
        ["The talks ended at 3 p.m.", "Then the ministers left."],
    ),
    (
        "Aid came from the U.S. The next tranche is due in May.",
        ["Aid came from the U.S.", "The next tranche is due in May."],
    ),
    (
        "See News.tj. It reported the drills first.",
        ["See News.tj.", "It reported the drills first."],
    ),
    (
        "Both regnum.ru and 24tv.ua covered it. Nobody else did.",
        ["Both regnum.ru and 24tv.ua covered it.", "Nobody else did."],
    ),
    (
        "Gen. Mirzo met Mr. Rahimzoda on Oct. 19. They agreed.",
        ["Gen. Mirzo met Mr. Rahimzoda on Oct. 19.", "They agreed."],
    ),
    (
        "Prices rose (see Sputnik-tj.com). Prices then fell.",
        ["Prices rose (see Sputnik-tj.com).", "Prices then fell."],
    ),
    # the brief's must-split and must-not-split cases
    (
        "Followers of the party (see EDM, October 14; 24tv.ua, August 8). Historically, it was "
        "tolerated.",
        [
            "Followers of the party (see EDM, October 14; 24tv.ua, August 8).",
            "Historically, it was tolerated.",
        ],
    ),
    (
        "The general spoke (News.tj, October 20, 24). Nobody answered.",
        ["The general spoke (News.tj, October 20, 24).", "Nobody answered."],
    ),
    (
        "The general spoke (News.tj, October 20, 24.) Nobody answered.",
        ["The general spoke (News.tj, October 20, 24.)", "Nobody answered."],
    ),
    # extra cases
    (
        "V. Putin flew to St. Petersburg. He met Dr. Ivanov there.",
        ["V. Putin flew to St. Petersburg.", "He met Dr. Ivanov there."],
    ),
    (
        "The loan ($3.5 bn. Over ten years) was signed. It is large.",
        ["The loan ($3.5 bn. Over ten years) was signed.", "It is large."],
    ),
    (
        "Some outlets, e.g. Regnum, agreed. Others did not.",
        ["Some outlets, e.g. Regnum, agreed.", "Others did not."],
    ),
    (
        "Decree No. 5 was issued. It changed the rules.",
        ["Decree No. 5 was issued.", "It changed the rules."],
    ),
    (
        "One group, i.e. The Taliban, refused. Talks stopped.",
        ["One group, i.e. The Taliban, refused.", "Talks stopped."],
    ),
    (
        'He said: "We will not leave." Then he left.',
        ['He said: "We will not leave."', "Then he left."],
    ),
    (
        "Growth slowed in 2016... Analysts blamed oil. Then it recovered.",
        ["Growth slowed in 2016... Analysts blamed oil.", "Then it recovered."],
    ),
    (
        "Inflation hit 3.5 percent. Wages fell 2.1 percent.",
        ["Inflation hit 3.5 percent.", "Wages fell 2.1 percent."],
    ),
    (
        "Read https://www.refworld.org/docid/583475244.html today. It is short.",
        ["Read https://www.refworld.org/docid/583475244.html today.", "It is short."],
    ),
    (
        "It began in Sept. 2016 and ended in Nov. 2017. Nobody noticed.",
        ["It began in Sept. 2016 and ended in Nov. 2017.", "Nobody noticed."],
    ),
    (
        "The U.S. Army and U.K. Navy trained. The drills ended.",
        ["The U.S. Army and U.K. Navy trained.", "The drills ended."],
    ),
    (
        "Was it planned? Nobody knows! Officials declined to comment.",
        ["Was it planned?", "Nobody knows!", "Officials declined to comment."],
    ),
    (
        "They met at 9 a.m. Moscow time. The meeting was brief.",
        ["They met at 9 a.m. Moscow time.", "The meeting was brief."],
    ),
    (
        "Troops (some 10,000. Most were Chinese) arrived. They stayed.",
        ["Troops (some 10,000. Most were Chinese) arrived.", "They stayed."],
    ),
    (
        "An unclosed (aside. With more text. And an end.",
        ["An unclosed (aside. With more text. And an end."],
    ),
    (
        "Acme Inc. The company denied it. Acme Inc. Russia did not.",
        ["Acme Inc.", "The company denied it.", "Acme Inc. Russia did not."],
    ),
    ("Putin said no. Then he smiled.", ["Putin said no.", "Then he smiled."]),
    (
        "As Smith et al. Argued, it grew. Jones et al. The study ended.",
        ["As Smith et al. Argued, it grew.", "Jones et al.", "The study ended."],
    ),
    (
        "1. The first point is money. 2. The second is arms.",
        ["1. The first point is money.", "2. The second is arms."],
    ),
    (
        "Путин прибыл в Душанбе. Визит длился день.",
        ["Путин прибыл в Душанбе.", "Визит длился день."],
    ),
    (
        "The ministry (Minfin.gov.kz, 2015). «Цитата» followed.",
        ["The ministry (Minfin.gov.kz, 2015).", "«Цитата» followed."],
    ),
    # Chinese: 。！？ end a sentence with no space after them, a closing quote with them
    (
        "中方表示反对。美方未予置评！这是为什么？双方将继续会谈。",
        ["中方表示反对。", "美方未予置评！", "这是为什么？", "双方将继续会谈。"],
    ),
    (
        "他说：“我们反对。”随后离开。「好。」她答道。",
        ["他说：“我们反对。”", "随后离开。", "「好。」", "她答道。"],
    ),
    (
        "中方表示反对（新华社，2016年2月28日）。美方未予置评。",
        ["中方表示反对（新华社，2016年2月28日）。", "美方未予置评。"],
    ),
    (
        "中方表示反对。 The U.S. said nothing. 美方未予置评。",
        ["中方表示反对。", "The U.S. said nothing.", "美方未予置评。"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:32] for c in CASES])
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_seed_paragraph_sentence_counts() -> None:
    doc = ingest.read_document(SEED)
    claims = split.split_claims(
        doc.text, brackets(doc.text, doc.body_start, doc.body_end), doc.body_start, doc.body_end
    )
    counts = [0] * (max(c.paragraph for c in claims) + 1)
    for c in claims:
        counts[c.paragraph] += 1
        assert c.sentence == counts[c.paragraph] - 1
    assert counts == [3, 2, 5, 5, 9, 5, 6, 4]
    assert claims[0].text.startswith("China has unexpectedly begun")
    assert claims[-1].text.endswith("diminish Russia's overall influence in Central Asia.")
    for c in claims:
        raw = doc.text[c.start : c.end]
        assert raw == raw.strip() and raw[-1] in '.)"' and raw[0].isupper()
        assert all(c.start <= p.start and p.end <= c.end for p in c.parentheticals)


def test_seed_claim_text_drops_citations_only() -> None:
    doc = ingest.read_document(SEED)
    claims = split.split_claims(doc.text, brackets(doc.text), doc.body_start, doc.body_end)
    by_start = {c.text[:30]: c for c in claims}
    drills = by_start["On October 20–24, a combined 1"]
    assert drills.text.endswith("Ishkoshim region, which borders on Afghanistan.")
    assert [p.raw for p in drills.citations] == [
        "(Centre1.com, October 26; News.tj, October 20, 21; Sputnik-tj.com, October 19; "
        "Regnum, October 20)"
    ]
    threats = by_start["Some analysts posit that Dusha"]
    # the acronym stays, the citation goes
    assert threats.text.endswith("Islamic Renaissance Party of Tajikistan (IRPT).")
    assert len(threats.parentheticals) == 2 and len(threats.citations) == 1
    compared = by_start["Compared to the hundreds of mi"]
    assert "military assistance to Tajikistan, the Chinese aid" in compared.text
    csto = by_start["These moves could position Chi"]
    assert "(CSTO—of which Tajikistan is also a member)" in csto.text
    for c in claims:
        assert "  " not in c.text and " ." not in c.text and " ," not in c.text


WRAPPED = (
    "Russian forces reinforced the 102nd military base in Gyumri after the clashes on the "
    "Armenian-Azerbaijani border, and\nofficials in Yerevan said they had not been consulted in "
    "advance about the deployment (Armenpress, May 3). The move\nfollowed weeks of talks between "
    "the two defense ministries (Azatutyun, May 4)."
)


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("One. Two.\n\nThree.\n \n\nFour.", [["One.", "Two."], ["Three."], ["Four."]]),
        (
            "Short hard-wrapped line one\ncontinues here. Next sentence\nwraps too.",
            [["Short hard-wrapped line one\ncontinues here.", "Next sentence\nwraps too."]],
        ),
        (
            "A" * 120 + " one.\n" + "B" * 120 + " two.",
            [["A" * 120 + " one."], ["B" * 120 + " two."]],
        ),
        ("----\n\nReal text.\n\n***", [["Real text."]]),
        ("... Then it began.", [["... Then it began."]]),
        (  # wrapped at 120 columns: one paragraph, not a paragraph a line
            WRAPPED,
            [[WRAPPED.split(" The move")[0], "The move" + WRAPPED.split(" The move")[1]]],
        ),
        (  # Chinese paragraphs a line: a line ending 。 ends its paragraph
            "中" * 120 + "。\n" + "美" * 120 + "！\n" + "他说：“" + "好" * 120 + "。”",
            [["中" * 120 + "。"], ["美" * 120 + "！"], ["他说：“" + "好" * 120 + "。”"]],
        ),
        (  # a paragraph a line, with a heading, and a line broken in mid-sentence
            "Heading\n" + "C" * 150 + " three.\n" + "D" * 150 + " broken\nin the middle.",
            [["Heading"], ["C" * 150 + " three."], ["D" * 150 + " broken\nin the middle."]],
        ),
    ],
    ids=[
        "blank-lines",
        "soft-wraps",
        "line-per-paragraph",
        "rules-skipped",
        "leading-ellipsis",
        "hard-wrapped-at-120",
        "chinese-line-per-paragraph",
        "broken-line",
    ],
)
def test_paragraphs(text: str, paragraphs: list[list[str]]) -> None:
    claims = split.split_claims(text, [])
    got: list[list[str]] = []
    for c in claims:
        if c.sentence == 0:
            got.append([])
        got[-1].append(text[c.start : c.end])
    assert got == paragraphs
    assert [c.paragraph for c in claims] == sorted(c.paragraph for c in claims)


def test_claim_text_is_tidied() -> None:
    text = "Troops  arrived\nin Dushanbe (News.tj, May 3) , and left (Ozodi.org, May 4)."
    cites = brackets(text)
    [claim] = split.split_claims(text, cites)
    assert claim.text == "Troops arrived in Dushanbe, and left."
    assert claim.parentheticals == cites


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister smiled at the :smile: sign  (TASS, May 3).", "the :smile: sign."),
        ("Kyiv moved its  .NET services abroad (TASS, May 3).", "its .NET services abroad."),
        ("Officials spoke (News.tj, May 3) ; others did not.", "spoke; others did not."),
        ("He asked why (News.tj, May 3) ?", "He asked why?"),
        ("He said “no” (News.tj, May 3) .", "He said “no”."),
    ],
)
def test_tidying_drops_only_spaces_before_a_word_ending_mark(text: str, expected: str) -> None:
    """The space before ":smile:" and ".NET" was dropped as if before a full stop."""
    [claim] = split.split_claims(text, brackets(text))
    assert claim.text.endswith(expected)


def test_non_citation_kept_and_region_respected() -> None:
    text = "HEADER LINE.\n\nBody one (CSTO) here. Body two.\n\nFOOTER."
    start = text.index("Body")
    end = text.index("\n\nFOOTER")
    claims = split.split_claims(text, brackets(text), start, end)
    assert [c.text for c in claims] == ["Body one (CSTO) here.", "Body two."]
    assert [(c.paragraph, c.sentence) for c in claims] == [(0, 0), (0, 1)]


def test_malformed_parenthetical_protects_only_a_window() -> None:
    text = "Start (" + "Filler sentence here. " * 40 + "End."
    runaway = Parenthetical(6, len(text), text[6:], ParenKind.MALFORMED)
    claims = split.split_claims(text, [runaway])
    assert len(claims) > 20  # not one 900-character "sentence"
    assert text[claims[0].start : claims[0].end].startswith("Start (Filler")
    assert len(text[claims[0].start : claims[0].end]) <= split.MAX_UNCLOSED + 30


def test_given_parenthetical_protects_even_without_brackets() -> None:
    text = "He quoted a line: Stop. Go home. Then he left."
    s = text.index("Stop")
    e = text.index("Then") - 1
    guarded = Parenthetical(s, e, text[s:e], ParenKind.ASIDE)
    assert len(split.split_claims(text, [])) == 3
    assert len(split.split_claims(text, [guarded])) == 2


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("aZ. ?!()[]\n\"'«»…1-,;Я\t")) | st.characters(),
        max_size=300,
    ),
    data=st.data(),
)
def test_split_never_crashes_and_spans_stay_inside(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    claims = split.split_claims(text, brackets(text), start, end)
    last_end = start
    for c in claims:
        assert start <= c.start < c.end <= end
        assert c.start >= last_end
        last_end = c.end
        assert text[c.start : c.end].strip() == text[c.start : c.end]
        assert c.text == c.text.strip() and "  " not in c.text


def test_megabyte_of_seed_splits_like_one_copy() -> None:
    """Structure, not speed (throughput is measured by bench/bench_scan.py): 120 copies
    of the seed give 120 times its claims, each copy split exactly like the first."""
    body = SEED.read_text(encoding="utf-8")
    text = "\n\n".join([body] * 120)  # ~1 MB
    one = split.split_claims(body, brackets(body))
    many = split.split_claims(text, brackets(text))
    assert len(many) == 120 * len(one)
    step = len(body) + 2
    for copy in (0, 59, 119):
        chunk = many[copy * len(one) : (copy + 1) * len(one)]
        assert [(c.start - copy * step, c.end - copy * step, c.text) for c in chunk] == [
            (c.start, c.end, c.text) for c in one
        ]


@pytest.mark.parametrize(
    "stray",
    ["(", "[", "(("],
    ids=["paren", "square", "two-parens"],
)
def test_stray_bracket_closed_far_away_protects_only_a_window(stray: str) -> None:
    """A stray "(" that "a)" many sentences later would close must not glue them together."""
    filler = "Filler sentence here. " * 60
    text = f"Start {stray}stray. {filler}Points a) and b] hold. {filler}End."
    claims = split.split_claims(text, [])
    assert len(claims) > 100
    assert max(c.end - c.start for c in claims) <= split.MAX_UNCLOSED + 30


def test_long_bracket_pair_within_reach_is_protected() -> None:
    inner = "One. Two. " * 40  # 400 characters, under MAX_BRACKET_REACH
    text = f"Start ({inner}) end. Next one."
    claims = split.split_claims(text, [])
    assert [text[c.start : c.end] for c in claims] == [f"Start ({inner}) end.", "Next one."]


@pytest.mark.parametrize(
    "sentences",
    [
        ["Şuşa was mentioned by Baku officials.", "Łukashenka agreed on May 5."],
        ["Залужний сказав.", "Ґрунтові дороги розмиті."],
        ["Ол айтты.", "Қазақстан келісті."],
        ["He said so.", "Հայաստանը համաձայնեց.", "და შემდეგ ის წავიდა."],
    ],
    ids=["latin-extended", "ukrainian", "kazakh", "armenian-georgian"],
)
def test_sentences_open_with_the_capitals_of_the_sources_scripts(sentences: list[str]) -> None:
    """Ş, Ł, Ґ, Қ, Armenian and Georgian letters did not start a sentence."""
    text = " ".join(sentences)
    assert [c.text for c in split.split_claims(text, [])] == sentences


def test_each_list_item_is_a_paragraph_of_its_own() -> None:
    """The items of a list were one claim carrying every item's citations."""
    text = (
        "Armenia's ties:\n- Russia keeps 3,000 troops (Interfax, May 3).\n"
        "* Armenia buys arms\nfrom India.\n1. First numbered.\n2) Second.\nIn 2016 it went on."
    )
    claims = split.split_claims(text, [])
    assert [(c.paragraph, c.text) for c in claims] == [
        (0, "Armenia's ties:"),
        (1, "Russia keeps 3,000 troops (Interfax, May 3)."),
        (2, "Armenia buys arms from India."),
        (3, "First numbered."),
        (4, "Second."),
        (4, "In 2016 it went on."),
    ]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Used by the author.[1] Others were not convinced.[2] It was illegal.\u00b9 Moscow "
            "disagreed.",
            ["Used by the author.[1]", "Others were not convinced.[2]", "It was illegal.\u00b9",
             "Moscow disagreed."],
        ),
        ("Baku was silent.[^2] Moscow pressed on.", ["Baku was silent.[^2]", "Moscow pressed on."]),
        (
            "Митинг прошёл на ул. Тверской. Про це повідомив ген. Залужний.",
            ["Митинг прошёл на ул. Тверской.", "Про це повідомив ген. Залужний."],
        ),
        ("Власти не ответили им. Потом они ушли.", ["Власти не ответили им.", "Потом они ушли."]),
    ],
    ids=["footnotes", "markdown-footnote", "russian-ukrainian-abbreviations", "pronoun-im"],
)  # fmt: skip
def test_footnote_markers_end_sentences_and_abbreviations_do_not(
    text: str, sentences: list[str]
) -> None:
    """A footnote marker after the full stop kept sentences together (and their
    citations with them); "ул." and "ген." ended a sentence."""
    assert [c.text for c in split.split_claims(text, [])] == sentences


def test_a_citation_opening_a_sentence_backs_the_sentence_before(tmp_path) -> None:
    """ "...at dawn. (Azatutyun, May 4) Local officials..." gave the citation to "Local
    officials", and "(See Kommersant, May 8.)" alone became an empty claim, shown "—"."""
    from provenance import pipeline
    from provenance.store import scans as store
    from tests.factories import scan_markdown

    settings = scan_markdown(
        tmp_path,
        "The convoy arrived at dawn. (Azatutyun, May 4) Local officials declined to comment. "
        "The ministry agreed. (See Kommersant, May 8.) It went on (TASS, May 9).",
    )
    db = store.open_db(settings.db)
    rows = db.execute(
        "select c.text, group_concat(r.outlet) from claim_texts c "
        'left join "references" r on r.claim_id = c.id group by c.id order by c.id'
    ).fetchall()
    assert rows == [
        ("The convoy arrived at dawn.", "Azatutyun"),
        ("Local officials declined to comment.", None),
        ("The ministry agreed.", "Kommersant"),
        ("It went on.", "TASS"),
    ]
    report = next((tmp_path / "r").glob("a*.md"))
    before = report.read_bytes()
    report.unlink()
    pipeline.write_reports(db, settings)  # from the database: the same bytes
    assert report.read_bytes() == before and b"> \xe2\x80\x94" not in before


def test_a_bullet_opening_a_block_is_no_part_of_its_claim() -> None:
    """A list after a blank line kept "- " on its first item."""
    text = "Intro.\n\n- first item (TASS, May 3).\n- second item."
    assert [c.text for c in split.split_claims(text, [])] == [
        "Intro.",
        "first item (TASS, May 3).",
        "second item.",
    ]
