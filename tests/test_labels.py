"""Label lines of Russian, Ukrainian and Chinese news pages are no claims (scan/labels.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance import pipeline
from provenance.scan import ingest
from provenance.scan.labels import FIRST_CHARS, MAX_LABEL_LINE, is_label_line
from provenance.scan.outlets import resolve
from provenance.scan.paragraphs import find_paragraphs


@pytest.mark.parametrize(
    "line",
    [
        "Фото: РИА Новости",
        "Фото пресс-службы: Минобороны России",
        "Читайте также: Правозащитники сообщили о задержаниях",
        "Читайте нас в Telegram",
        "Джерело: Укрінформ",
        "Читайте також: Тарифи на світло зростуть",
        "Автор: Олена Коваль",
        "责任编辑：王芳",
        "来源：新华社",
        "2021年07月20日 10:15 来源：新华社 作者：李明",
    ],
)
def test_a_label_line_is_found(line: str) -> None:
    assert line[0] in FIRST_CHARS and is_label_line(line)
    text = f"Первый абзац статьи.\n\n{line}\n\nПоследний абзац."
    paragraphs = [text[a:b] for a, b in find_paragraphs(text, 0, len(text))]
    assert paragraphs == ["Первый абзац статьи.", "Последний абзац."]


@pytest.mark.parametrize(
    "text",
    [
        "Photo: Reuters\n\nRead also: another story",  # English: the HTML reader's job
        "Авторы доклада пришли к выводу, что учения были плановыми.",  # no colon
        "По словам источника: «Все идет по плану».",  # the label is not at the line's start
        "Автор доклада, профессор Иванов, отметил: «Учения плановые».",  # a sentence
        "Источник в Кремле сообщил: переговоры продолжатся.",
        "Источник: " + "в Кремле заявили, что переговоры продолжатся " * 4,  # prose, too long
        "专家认为，这是两国年度例行演习的一部分。",
    ],
)
def test_prose_is_no_label_line(text: str) -> None:
    paragraphs = [text[a:b] for a, b in find_paragraphs(text, 0, len(text))]
    assert paragraphs == [p.strip() for p in text.split("\n\n")]


def test_the_length_bound() -> None:
    assert len("Источник: " + "в Кремле заявили, что переговоры продолжатся " * 4) > MAX_LABEL_LINE


def test_label_lines_make_no_claims(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "Глава Чечни ответил на критику правозащитников.\n\n"
        "Фото: РИА Новости\n\n"
        "Читайте также: Правозащитники сообщили о задержаниях\n\n"
        "Ранее председатель СПЧ заявил, что ситуация вызывает беспокойство.\n",
        encoding="utf-8",
    )
    result = pipeline.scan_document(ingest.read_document(page), resolve.load_registry())
    assert [(c.paragraph, c.text) for c in result.claims] == [
        (0, "Глава Чечни ответил на критику правозащитников."),
        (1, "Ранее председатель СПЧ заявил, что ситуация вызывает беспокойство."),
    ]
