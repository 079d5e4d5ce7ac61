"""Outlets added to the bundled registry for EDM-style citations, and their alias spellings.

The gold file (tests/data/outlet_additions.json) lists every added alias as an article
would write it, with the outlet and domain it must resolve to through the real registry.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from provenance.scan.outlets.resolve import load_registry
from tests.factories import scan_markdown

GOLD: list[dict[str, str]] = json.loads(
    (Path(__file__).resolve().parent / "data" / "outlet_additions.json").read_text("utf-8")
)


@pytest.mark.parametrize("case", GOLD, ids=[c["written"] for c in GOLD])
def test_added_alias_resolves(case: dict[str, str]) -> None:
    res = load_registry().resolve(case["written"])
    assert res.outlet is not None, case["written"]
    assert res.outlet.id == case["id"]
    assert res.domain == case["domain"]


def test_gold_covers_every_alias_of_the_added_outlets() -> None:
    registry = load_registry()
    written = {c["written"] for c in GOLD}
    for outlet_id in {c["id"] for c in GOLD} - {"tass", "global-times", "kommersant"}:
        outlet = registry.get(outlet_id)
        assert outlet is not None and set(outlet.aliases) <= written, outlet_id


# Ordinary words and ambiguous abbreviations kept out of the registry on purpose.
@pytest.mark.parametrize(
    "written",
    [
        "Focus",
        "Фокус",
        "Segodnya",
        "Сегодня",
        "ERR",
        "Apostrophe",
        "Strana",
        "Life",
        "Обозреватель",
        "Корреспондент",
        "Profil",
        "Liter",
        "Главком",
        "Glavkom",
        "Огонёк",
        "Собеседник",
        "Холод",
        "Riddle",
        "Профиль",
        "Inter",
        "Channel 5",
        "Прямий",
        "Прямой",
        "Еспресо",
        "Плюси",
        "Left Bank",
        "Лівий берег",
        "Левый берег",
        "Telekritika",
        "Echo",
        "Эхо",
        "Phoenix",
        "Aprel",
        "April",
        "Апрель",
        "Forbes",
        "Kapital",
        "Капитал",
        "Super",
        "Jurnal",
        "Publika",
        "Spot",
        "Hook",
        "Caliber",
        "Formula",
        "Формула",
        "Mtavari",
        "Main Channel",
        "Pirveli",
        "1TV",
        "First Channel",
        "GPB",
        "Panorama",
        "Панорама",
        "Council",
        "Council of Ministers",
        "European Council",
        "Foreign Office",
        "FCO",
        "Toplum",
        "Abzas",
        "Grozny",
        "Грозный",
        "Astra",
        "ASTRA",
        "Sirena",
        "Сирена",
        "Shot",
        "Cherta",
        "Черта",
        "Oryx",
        "SOTA",
        "Politika",
        "Позірк",
        "Вот так",
        "Бумага",
        "E1",
        "NGS",
        "Tayga",
        "Тайга",
        "Caravan",
        "Караван",
        "Dossier",
        "Досье",
        "Minfin",
        "State Council",
        "NPC",
        "PBC",
        "TAO",
        "文汇报",
        "文匯報",
        "Ministry of Commerce",
        "Zerkalo",
        "Зеркало",
        "Al-Quds",
        "الحياة",
        "العربية",
        "Труд",
        "Эксперт",
        "The News",
        "Asahi",
        "Channel 1",
    ],
)
def test_ambiguous_words_stay_unknown(written: str) -> None:
    assert load_registry().resolve(written).outlet is None


def test_scan_resolves_added_outlets(tmp_path: Path) -> None:
    settings = scan_markdown(
        tmp_path,
        "Protests spread in Yekaterinburg (URA.RU, May 3). Kyiv banned the site "
        "(Strana.ua, May 4). An Almaty court ruled (Ratel.kz, May 5). Moscow answered "
        "(Svobodnaya Pressa, May 6). The weekly agreed (Kommersant-Vlast, May 7). "
        "Beijing noted it (塔斯社, May 8).",
        date="2021-06-01",
    )
    rows: list[dict[str, Any]] = list(Database(settings.db)["references"].rows)
    got = {(r["outlet"], r["outlet_id"], r["domain"]) for r in rows}
    assert {
        ("URA.RU", "ura-ru", "ura.news"),
        ("Strana.ua", "strana-ua", "strana.ua"),
        ("Ratel.kz", "ratel-kz", "ratel.kz"),
        ("Svobodnaya Pressa", "svobodnaya-pressa", "svpressa.ru"),
        ("Kommersant-Vlast", "kommersant", "kommersant.ru"),
        ("塔斯社", "tass", "tass.ru"),
    } <= got


def test_scan_resolves_china_brief_sources(tmp_path: Path) -> None:
    settings = scan_markdown(
        tmp_path,
        "Beijing tightened export rules (Ministry of Commerce of the PRC, March 5). The "
        "cabinet agreed (State Council of the PRC, March 6). Hong Kong papers echoed it "
        "(Ta Kung Pao, March 7). Party inspectors moved (CCDI, March 8). The planners "
        "followed (China's Commerce Ministry, March 9).",
        date="2020-06-01",
    )
    rows: list[dict[str, Any]] = list(Database(settings.db)["references"].rows)
    got = {(r["outlet"], r["outlet_id"], r["domain"]) for r in rows}
    assert {
        ("Ministry of Commerce of the PRC", "china-mofcom", "mofcom.gov.cn"),
        ("State Council of the PRC", "china-state-council", "gov.cn"),
        ("Ta Kung Pao", "ta-kung-pao", "takungpao.com"),
        ("CCDI", "ccdi", "ccdi.gov.cn"),
        ("China's Commerce Ministry", "china-mofcom", "mofcom.gov.cn"),
    } <= got
