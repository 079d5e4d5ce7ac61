"""Tests for the bilingual glossary (provenance/data/glossary.json): one per language."""

from __future__ import annotations

import re

import pytest

from provenance.archive.textmatch import GLOSSARY_LANGUAGES, glossary, index_text, match_token

SCRIPTS = {
    "ru": re.compile(r"^[а-яё'-]+$"),
    "uk": re.compile(r"^[а-щьюяєіїґ'-]+$"),
    "tg": re.compile(r"^[а-яёғӣқӯҳҷ'-]+$"),
    "zh": re.compile(r"^[\u4e00-\u9fff]+$"),
}
# (English claim word, a page word or phrase written in that language)
PAIRS = {
    "ru": [("coalition", "коалицию"), ("four", "четырех"), ("deteriorating", "ухудшением"),
           ("pledged", "обязались"), ("stability", "стабильности"), ("border", "границе")],
    "uk": [("coalition", "коаліцію"), ("analysts", "аналітики"), ("attribute", "пов’язують"),
           ("deteriorating", "погіршенням"), ("border", "кордоні"), ("security", "безпеки")],
    "tg": [("coalition", "эътилоф"), ("military", "ҳарбӣ"), ("border", "сарҳадии"),
           ("agreed", "розӣ"), ("build", "созад"), ("security", "амният")],
    "zh": [("coalition", "组建反恐联盟"), ("security", "安全领域"), ("cooperation", "深化合作"),
           ("exercises", "联合演习"), ("border", "边境地区"), ("agreed", "双方同意")],
}  # fmt: skip


def test_glossary_is_well_formed() -> None:
    terms = glossary()
    assert len(terms) >= 150
    for key, entry in terms.items():
        assert key == key.lower() and re.fullmatch(r"[a-z-]+", key), key
        assert set(entry) == set(GLOSSARY_LANGUAGES)
        assert entry["ru"], f"{key}: no Russian stem"


@pytest.mark.parametrize("lang", GLOSSARY_LANGUAGES)
def test_stems_are_in_their_script(lang: str) -> None:
    bad = [
        (key, stem)
        for key, entry in glossary().items()
        for stem in entry[lang]
        if not SCRIPTS[lang].match(stem)
    ]
    assert not bad


@pytest.mark.parametrize("lang", GLOSSARY_LANGUAGES)
def test_claim_words_are_found_in_each_language(lang: str) -> None:
    for english, page in PAIRS[lang]:
        assert match_token(english, index_text(page)), (english, page)
    # and a word the glossary does not cover is not found by accident
    assert not match_token("weather", index_text(" ".join(p for _, p in PAIRS[lang])))
