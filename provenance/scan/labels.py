"""Label lines of news pages: "Фото: РИА Новости", "Читайте также: …", "责任编辑：王芳".

Russian, Ukrainian and Chinese news pages end (or open) their text with lines that
label what is around them: a photo credit, a link to another story, the editor, the
source and author of a wire copy. Saved as text they read as sentences, and a scan made
each one a claim, some of them "checkable" for the date or number they hold. They are
left out by the paragraph reader (``paragraphs.py``): neither claims nor paragraphs.

A line is a label line when it opens with a label word (Фото, Источник, Джерело, Автор...),
at most one lower-case word after it ("Фото пресс-службы:"), and a colon, or with "Читайте
также", and is at most ``MAX_LABEL_LINE`` characters long; a Chinese line also when it holds
a 来源 credit. "Автор доклада, профессор Иванов, отметил: …" is a sentence, not a label.
English labels are left to the HTML reader, which drops page furniture by its markup
(``boilerplate.py``).
"""

from __future__ import annotations

import re

__all__ = ["FIRST_CHARS", "MAX_LABEL_LINE", "is_label_line"]

#: Longer lines are prose even when they open like a label.
MAX_LABEL_LINE = 160
#: What a label line opens with (the paragraph reader asks the pattern only after one of
#: these: a set lookup per paragraph, where searching each text for the labels cost 1.6%
#: of a scan). Digits open a Chinese date line with its 来源 credit.
FIRST_CHARS = frozenset("ФВЧИДАТР责编来作原图记0123456789")
LABEL_LINE_RE = re.compile(
    r"[ \t]*(?:"
    r"(?:Фото|Видео|Відео|Источник|Джерело|Автор|Теги|Теґи|Редактор)(?: [а-яёіїєґ-]{1,24})?[ \t]*:"
    r"|Читайте (?:также|також|нас)\b"
    r"|(?:责任编辑|编辑|来源|作者|原标题|图片来源|记者)[ \t]*[:：]"
    r"|[^\n]{0,40}来源[：:]"  # "2021年07月20日 10:15 来源：新华社 作者：李明"
    r")[^\n]*"
)


def is_label_line(paragraph: str) -> bool:
    """Whether ``paragraph`` (trimmed, its first character one of ``FIRST_CHARS``) is one
    label line: "Фото: РИА Новости", "Читайте также: …", "责任编辑：王芳"."""
    return len(paragraph) <= MAX_LABEL_LINE and LABEL_LINE_RE.fullmatch(paragraph) is not None
