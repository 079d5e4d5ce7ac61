"""Cross-language fixtures: an English claim, its source paraphrased in another language, and
same-day decoys on the same topic, one outlet per language (Russian, Ukrainian, Tajik in
Cyrillic, Chinese).

The right page shares no name and no number with the claim (countries and capitals aside):
only a paraphrase. The decoys are captured closer to noon of the cited day, so the check
fetches and scores them before it reaches the right page.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.data.warc.corpus import Capture, article

DAY = "2016-09-15"
STAMP = "20160915"


@dataclass(frozen=True)
class CrossCase:
    """One language: the outlet, the claim, the right page and its decoys."""

    lang: str
    domain: str
    claim: str
    right: Capture
    decoys: tuple[Capture, ...]


def _page(domain: str, n: int, hour: str, title: str, text: str, lang: str) -> Capture:
    body = article(title, DAY, [text], lang=lang, site=domain)
    return Capture(f"http://{domain}/news/{900000 + n}.html", f"{STAMP}{hour}0000", body)


CASES: tuple[CrossCase, ...] = (
    CrossCase(
        "ru",
        "novosti.example",
        "The four pledged to join together in a military coalition to bolster their collective "
        "counterterrorism efforts and cooperate on providing greater regional stability.",
        _page("novosti.example", 1, "16", "Четыре страны создают военную коалицию",
              "Четыре государства обязались объединиться в военную коалицию, чтобы укрепить "
              "совместные усилия по борьбе с терроризмом и сотрудничать в обеспечении "
              "стабильности в регионе.", "ru"),
        (
            _page("novosti.example", 2, "12", "Министры обороны ОДКБ встретились в Душанбе",
                  "Министры обороны стран ОДКБ обсудили в Душанбе подготовку осенних учений "
                  "и закупки техники.", "ru"),
            _page("novosti.example", 3, "11", "Пограничники провели встречу на Пяндже",
                  "Пограничники Таджикистана и Афганистана провели встречу на мосту через "
                  "Пяндж и обсудили охрану границы.", "ru"),
            _page("novosti.example", 4, "13", "Военное сотрудничество с Китаем растет",
                  "Эксперты отмечают, что военное сотрудничество Китая и Таджикистана "
                  "растет: Пекин поставляет технику и обучает офицеров.", "ru"),
        ),
    ),
    CrossCase(
        "uk",
        "novyny.example",
        "Analysts attribute Dushanbe's interest to the deteriorating border situation.",
        _page("novyny.example", 1, "16", "Чому Душанбе шукає допомоги",
              "Аналітики пов'язують інтерес Душанбе з погіршенням ситуації на кордоні з "
              "Афганістаном.", "uk"),
        (
            _page("novyny.example", 2, "12", "Душанбе і Пекін підписали угоду",
                  "Душанбе і Пекін підписали угоду про будівництво дороги до китайського "
                  "кордону.", "uk"),
            _page("novyny.example", 3, "11", "На кордоні затримали контрабандистів",
                  "На кордоні Таджикистану з Афганістаном затримали трьох контрабандистів "
                  "з партією наркотиків.", "uk"),
            _page("novyny.example", 4, "13", "Аналітики про енергетику Таджикистану",
                  "Аналітики обговорили в Душанбе енергетичну співпрацю країн Центральної "
                  "Азії та експорт електроенергії.", "uk"),
        ),
    ),
    CrossCase(
        "tg",
        "akhbor.example",
        "China agreed to build new military facilities for Tajik border troops.",
        _page("akhbor.example", 1, "16", "Чин барои марзбонон иншоот месозад",
              "Чин розӣ шуд, ки барои нирӯҳои сарҳадии Тоҷикистон иншооти нави ҳарбӣ "
              "созад.", "tg"),
        (
            _page("akhbor.example", 2, "12", "Вазири мудофиа бо сафири Чин мулоқот кард",
                  "Вазири мудофиа бо сафири Чин дар Душанбе мулоқот кард ва масъалаҳои "
                  "ҳамкориро баррасӣ намуд.", "tg"),
            _page("akhbor.example", 3, "11", "Дар Ишкошим мактаби нав кушода шуд",
                  "Дар ноҳияи Ишкошим мактаби нав барои 300 хонанда сохта ва кушода шуд.",
                  "tg"),
            _page("akhbor.example", 4, "13", "Марзбонон қочоқчиёнро боздошт карданд",
                  "Нирӯҳои сарҳадӣ дар марзи Афғонистон се қочоқчиро бо маводи мухаддир "
                  "боздошт карданд.", "tg"),
        ),
    ),
    CrossCase(
        "zh",
        "xinwen.example",
        "China and Tajikistan agreed to deepen security cooperation.",
        _page("xinwen.example", 1, "16", "中塔同意深化安全合作",
              "中国和塔吉克斯坦双方同意进一步深化安全领域的合作，共同打击恐怖主义。", "zh"),
        (
            _page("xinwen.example", 2, "12", "中国海军舰艇编队访问巴基斯坦",
                  "中国海军舰艇编队抵达卡拉奇，开始为期三天的友好访问。", "zh"),
            _page("xinwen.example", 3, "11", "塔吉克斯坦举行独立日庆祝活动",
                  "塔吉克斯坦首都杜尚别举行独立日庆祝活动，数万人参加。", "zh"),
            _page("xinwen.example", 4, "13", "中吉签署经济合作协议",
                  "中国和吉尔吉斯斯坦签署经济合作协议，涉及公路和电力项目。", "zh"),
        ),
    ),
)  # fmt: skip


def crosslang_captures() -> list[Capture]:
    """Every capture of the cross-language fixtures."""
    return [cap for case in CASES for cap in (case.right, *case.decoys)]
