"""A Chinese document scanned whole: its sentences end at 。！？ and its citations in
full-width brackets （…） with full-width separators give references, at offsets into the
stored text, resolved to the registry's Chinese outlets."""

from __future__ import annotations

import datetime as dt
import json

from provenance import pipeline
from provenance.scan import extract, split

BODY = (
    "中方表示反对（新华社，2016年2月28日）。美方未予置评（人民日报，2月28日；环球时报，3月1日）！"
    "他说：“双方将继续会谈。”（Xinhua，3月2日）会谈地点未定（地点待定。可能在北京）？\n\n"
    "两国签署了协议（新华社、人民日报，3月3日；中国日报，3月4日）。军方也作了报道（《解放军报》，3月4日）。"
)


def test_a_chinese_document_gives_claims_with_their_references(settings, db, tmp_path):
    path = tmp_path / "zh.txt"
    path.write_text(f"中方表示反对\n\n{BODY}\n", encoding="utf-8")
    summary = pipeline.scan([path], settings, db=db, published=dt.date(2016, 3, 5))
    assert summary.scanned == 1 and not summary.errors
    claims = db.execute(
        "select c.id, c.paragraph, c.sentence, c.text from claim_texts c order by c.id"
    ).fetchall()
    refs = db.execute(
        'select claim_id, outlet, date, outlet_id, outlet_start, outlet_end from "references" '
        "order by id"
    ).fetchall()
    by_claim = {
        text: [(o, d, oid) for cid, o, d, oid, *_ in refs if cid == claim_id]
        for claim_id, _, _, text in claims
    }
    assert by_claim == {
        "中方表示反对。": [("新华社", "2016-02-28", "xinhua")],
        "美方未予置评！": [
            ("人民日报", "2016-02-28", "peoples-daily"),
            ("环球时报", "2016-03-01", "huanqiu-shibao"),
        ],
        "他说：“双方将继续会谈。”": [("Xinhua", "2016-03-02", "xinhua")],
        "会谈地点未定（地点待定。可能在北京）？": [],
        "两国签署了协议。": [
            ("新华社", "2016-03-03", "xinhua"),
            ("人民日报", "2016-03-03", "peoples-daily"),
            ("中国日报", "2016-03-04", "china-daily"),
        ],
        "军方也作了报道。": [("解放军报", "2016-03-04", "china-military-online")],
    }
    assert [(p, s) for _, p, s, _ in claims] == [(0, 0), (0, 1), (0, 2), (0, 3), (1, 0), (1, 1)]
    (text,) = db.execute("select text from documents").fetchone()
    assert all(text[start:end] == outlet for _, outlet, _, _, start, end in refs)
    kinds = db.execute('select start, "end", kind from citations order by id').fetchall()
    assert [(text[s:e], kind) for s, e, kind in kinds] == [
        ("（新华社，2016年2月28日）", "citation"),
        ("（人民日报，2月28日；环球时报，3月1日）", "citation"),
        ("（Xinhua，3月2日）", "citation"),
        ("（地点待定。可能在北京）", "aside"),
        ("（新华社、人民日报，3月3日；中国日报，3月4日）", "citation"),
        ("（《解放军报》，3月4日）", "citation"),
    ]


def test_a_citation_cut_from_a_chinese_sentence_leaves_no_space() -> None:
    """Chinese writes no space between words: the claim text of "据报道（新华社，2月28日）
    中方..." is "据报道中方...", and a citation after the full stop backs the sentence
    before it, as "...at dawn. (Azatutyun, May 4) Officials..." does."""
    text = "据报道（新华社，2月28日）中方表示反对。（人民日报，2月28日）美方未予置评。"
    parens = extract.find_parentheticals(text, published=dt.date(2016, 3, 5))
    claims = split.split_claims(text, parens)
    assert [c.text for c in claims] == ["据报道中方表示反对。", "美方未予置评。"]
    assert [[r.outlet for p in c.citations for r in p.references] for c in claims] == [
        ["新华社", "人民日报"],
        [],
    ]


def test_an_unread_part_of_a_chinese_citation_is_said_as_written(settings, db, tmp_path):
    """A ';' group that does not read is said as a problem; a '；' group was not."""
    path = tmp_path / "zh.txt"
    path.write_text("标题\n\n中方表示反对（新华社，2月28日；人民日报，45日）。\n", encoding="utf-8")
    summary = pipeline.scan([path], settings, db=db, published=dt.date(2016, 3, 5))
    assert summary.errors == [
        f"{path}: part of a citation at line 3 not read as a source: '人民日报，45日'"
    ]


def test_parse_citation_reads_full_width_marks_as_the_scan_does() -> None:
    """``grammar.parse_citation``, re-exported by ``extract``, read no full-width mark."""
    from provenance.scan.extract import parse_citation

    inner = "新华社，2016年2月28日；人民日报，2月29日"
    refs = parse_citation(inner, 10, dt.date(2016, 3, 1))
    assert refs is not None
    assert [(r.outlet, r.date.iso if r.date else None) for r in refs] == [
        ("新华社", "2016-02-28"),
        ("人民日报", "2016-02-29"),
    ]
    assert [inner[r.outlet_start - 10 : r.outlet_end - 10] for r in refs] == ["新华社", "人民日报"]


def test_parse_citation_reads_a_long_paper_name_in_title_marks_as_an_outlet() -> None:
    """A name in 《》 of more than six ideographs was read as an article's title, so
    （《二十一世纪经济报道》，2016年3月1日） gave no reference: a name that ends as an
    outlet's does (报道, 周刊, 网站, 之声...) is an outlet up to 16 characters."""
    from provenance.scan.extract import parse_citation

    def read(inner: str) -> list[tuple[str, str | None, str | None]] | None:
        refs = parse_citation(inner, 0, dt.date(2016, 3, 5))
        return None if refs is None else [(r.outlet, r.date.iso, r.title) for r in refs]

    assert read("《二十一世纪经济报道》，2016年3月1日") == [
        ("二十一世纪经济报道", "2016-03-01", None)
    ]
    assert read("“中国青年报网站”，3月1日") == [("中国青年报网站", "2016-03-01", None)]
    assert read("《中国新闻周刊》，3月2日") == [("中国新闻周刊", "2016-03-02", None)]
    assert read("《中央人民广播电台中国之声》，3月2日") == [
        ("中央人民广播电台中国之声", "2016-03-02", None)
    ]
    assert read("《人民日报·海外版》，3月2日") == [("人民日报·海外版", "2016-03-02", None)]
    # Without an outlet's ending, with "的" or a document's ending, it stays a title.
    title = "一带一路建设的新进展与新挑战"
    assert read(f"人民日报，《{title}》，3月2日") == [("人民日报", "2016-03-02", title)]
    assert read(f"《{title}》，3月2日") is None
    assert read("新华社，《中美经贸磋商联合公报》，3月2日") == [
        ("新华社", "2016-03-02", "中美经贸磋商联合公报")
    ]
    assert read("新华社，《外国媒体对中国的报道》，3月2日") == [
        ("新华社", "2016-03-02", "外国媒体对中国的报道")
    ]
    assert read("《二十一世纪经济报道二十一世纪经济报道》，3月2日") is None  # past 16


HERALD = {
    "id": "21st-century-business-herald",
    "name": "21st Century Business Herald",
    "aliases": ["21st Century Business Herald", "二十一世纪经济报道", "21世纪经济报道"],
    "domains": [{"domain": "21jingji.com", "since": None, "until": None, "status": "current"}],
    "country": "China",
    "languages": ["zh"],
    "owner": None,
    "category": "unknown",
    "sources": ["https://www.21jingji.com/"],
    "notes": None,
    "rsp": None,
    "parent": None,
}


def test_a_long_chinese_paper_name_is_an_outlet_the_registry_resolves(settings, db, tmp_path):
    """Scanned whole, 《二十一世纪经济报道》 is the outlet of its citation and resolves to
    the outlet whose alias it is (in the user's registry next to the database); a bare
    long name with an outlet's ending was one already; a long title in 《》 stays the
    title of its reference."""
    override = tmp_path / "db" / "outlets.local.json"
    override.write_text(json.dumps({"outlets": [HERALD]}), encoding="utf-8")
    path = tmp_path / "zh.txt"
    path.write_text(
        "市场反应平淡\n\n市场反应平淡（《二十一世纪经济报道》，2016年3月1日）。"
        "团中央发表声明（中国青年报网站，3月1日）。"
        "报道还提到合作（人民日报，《一带一路建设的新进展与新挑战》，3月2日）。\n",
        encoding="utf-8",
    )
    summary = pipeline.scan([path], settings, db=db, published=dt.date(2016, 3, 5))
    assert summary.scanned == 1 and not summary.errors
    refs = db.execute(
        'select outlet, date, outlet_id, title, outlet_start, outlet_end from "references" '
        "order by id"
    ).fetchall()
    (text,) = db.execute("select text from documents").fetchone()
    assert [r[:4] for r in refs] == [
        ("二十一世纪经济报道", "2016-03-01", "21st-century-business-herald", None),
        ("中国青年报网站", "2016-03-01", None, None),
        ("人民日报", "2016-03-02", "peoples-daily", "一带一路建设的新进展与新挑战"),
    ]
    assert all(text[start:end] == outlet for outlet, *_, start, end in refs)
