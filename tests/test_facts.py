"""Checkable facts: near-misses that a reviewer would not accept as facts, and their twins."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.report import facts
from provenance.report.facts import checkable_facts

NEAR_MISSES = [
    # numbers that are part of a name, a model or an adjective
    ("It protects its multi-billion-dollar infrastructure projects.", []),
    ("They signed multimillion contracts.", []),
    ("This is one of the largest bases.", []),
    ("The 201st Military Base stays in Tajikistan.", []),
    ("The 21st century began with war.", []),
    ("Russia sold Su-30 fighters and Su-30SM jets.", []),
    ("The MiG-29 and the S-400 arrived with T-72B3 tanks and Mi-8 helicopters.", []),
    ("The G7 and the G20 met again.", []),
    ("COVID-19 closed the border.", []),
    ("Talks with the P5+1 stalled.", []),
    ("After 9/11, the bases opened.", []),
    ("The border is watched 24/7.", []),
    ("The story ran on 24tv.ua and Centre1.com.", []),
    # officials that are not named
    ("General Motors opened a plant.", []),
    ("The Minister of Defense did not comment.", []),
    ("The Minister of Foreign Affairs was silent.", []),
    ("In Central Asia, the defense minister is powerful.", []),
    ("However, the president said nothing.", []),
    # quotes that are labels or names
    ('He backed the so-called "war on terror" again.', []),
    ('The drill was dubbed "Peace Mission Forever" by the press.', []),
    ('The exercise "Peace Mission Twenty" ended.', []),
]
TWINS = [
    # the same shapes, stating a fact a source could confirm
    ("It spent $15 billion on infrastructure projects.", ["amount"]),
    ("The base holds 7,000 troops.", ["number"]),
    ("Russia sold 30 fighters.", ["number"]),
    ("The G7 pledged 20 aircraft.", ["number"]),
    ("On September 11, 2001, the towers fell.", ["date"]),
    ("General Sharali Mirzo visited Beijing.", ["official"]),
    ("Minister of Defense Sherali Mirzo visited Beijing.", ["official"]),
    ("President of Tajikistan said nothing.", ["official"]),
    ("Sherali Mirzo, the country's defense minister, went home.", ["official"]),
    ('He said the "war on terror will go on" in Kabul.', ["quotation"]),
    ("The 201st base holds 7,000 troops.", ["number"]),
    ("Russia spent hundreds of millions of dollars there.", ["amount"]),  # one amount
    # the case-insensitive patterns take a dotless or dotted i for an "i"
    ("They moved a mıllion tons.", ["number"]),
    ("Mİnister Sherali Mirzo went home.", ["official"]),
]


@pytest.mark.parametrize(("text", "expected"), NEAR_MISSES, ids=[t[:40] for t, _ in NEAR_MISSES])
def test_near_misses_are_not_facts(text: str, expected: list[str]) -> None:
    assert checkable_facts(text) == expected


@pytest.mark.parametrize(("text", "expected"), TWINS, ids=[t[:40] for t, _ in TWINS])
def test_their_twins_are(text: str, expected: list[str]) -> None:
    assert checkable_facts(text) == expected


@given(st.text(max_size=30) | st.sampled_from(["٣ troops", "১২", "7,000", "no digits", "x9"]))
def test_the_ascii_digit_check_is_the_regex(text: str) -> None:
    assert facts._has_digit(text) is (facts.DIGIT_RE.search(text) is not None)


_NUMBER_PARTS = st.sampled_from(
    "G7|Su-30SM|24tv.ua|news.tj|Centre1.com|sub.news.tj|x.comx|.com|.tv|201st|9/11|24/7|"
    "multi-billion|7,000|2016|ten|-| |.|,|a|Z|_|é".split("|")
)


@given(st.lists(_NUMBER_PARTS, max_size=12).map("".join))
def test_a_sentence_without_a_domain_is_blanked_as_by_the_whole_pattern(text: str) -> None:
    pattern = facts.NOT_NUMBER_RE if facts.TLD_RE.search(text) else facts.NOT_NUMBER_BUT_DOMAINS_RE
    assert pattern.sub(facts._blank, text) == facts.NOT_NUMBER_RE.sub(facts._blank, text)
