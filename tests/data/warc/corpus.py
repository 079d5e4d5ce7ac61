"""The fixture archive's contents: 2016 captures for the sample seed's outlets, and its references.

Every cited (outlet, date) of seeds/000_f0a8ddd99eaae0a6.txt has one matching article, with
same-day decoys, wrong-day captures, revisits, a soft-404 and assets/feeds/listings that the
candidate filter must drop. ``SEED_REFERENCES`` mirrors the seed's 27 references (claim
sentence, outlet, registry id, date) so tests can build a database without the scan stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"


@dataclass(frozen=True)
class Capture:
    """One archived response: URL, capture time, status, type and body (or a revisit)."""

    url: str
    timestamp: str  # 14 digits
    body: bytes = b""
    status: int = 200
    mime: str = "text/html"
    revisit_of: str | None = None  # timestamp of the capture this revisit repeats
    location: str | None = None  # for archived redirects


def article(title: str, date: str, paras: list[str], lang: str = "ru", site: str = "") -> bytes:
    """A small but realistic news page: title, publication-date meta, nav, body, footer."""
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{date}T10:00:00+05:00">
</head><body>
<div id="header"><a href="/">{site}</a><ul class="menu"><li><a href="/news">News</a></li></ul></div>
<article><h1>{title}</h1><div class="date">{date}</div>
{body}
</article>
<div id="footer">© 2016 {site}</div>
</body></html>""".encode("utf-8")


def page_file(name: str) -> bytes:
    """A page written by the verify helper (tests/data/pages)."""
    return (PAGES_DIR / name).read_bytes()


RU = "ru"
EN = "en"

# ---------------------------------------------------------------- matching articles

MATCHES: dict[str, Capture] = {
    "newstj-1020": Capture(
        "http://news.tj/ru/news/tajikistan/security/20161020/233115", "20161020120000",
        page_file("news.tj.2016-10-20-exercise.html")),
    "newstj-1021": Capture(
        "http://news.tj/ru/news/tajikistan/security/20161021/233180", "20161021090000",
        article("В Ишкашиме продолжаются учения армий Таджикистана и Китая", "2016-10-21", [
            "Около 10 000 военнослужащих Национальной армии Таджикистана и Народно-освободительной "
            "армии Китая второй день участвуют в пятидневных антитеррористических учениях в "
            "Ишкашимском районе, граничащем с Афганистаном.",
            "Подразделения НОАК прибыли в Таджикистан накануне. Учения продлятся до 24 октября.",
        ], site="ASIA-Plus")),
    "newstj-1024": Capture(
        "http://news.tj/ru/news/tajikistan/security/20161024/233301", "20161024150000",
        article("Шерали Мирзо: совместные учения с Китаем укрепят армии двух стран", "2016-10-24", [
            "Министр обороны Таджикистана генерал Шерали Мирзо считает, что совместный опыт "
            "взаимной поддержки будет иметь долгосрочные положительные последствия для "
            "вооруженных сил двух стран и их способности работать вместе в будущем.",
            "Войска Таджикистана и Китая в ходе учений нейтрализовали условную террористическую "
            "группу, которая проникла в Таджикистан с целью дестабилизировать Синьцзян.",
        ], site="ASIA-Plus")),
    "newstj-0811": Capture(
        "http://news.tj/ru/news/centralasia/20160811/230398", "20160811103000",
        article(
            "Афганистан, Китай, Пакистан и Таджикистан создали военную коалицию", "2016-08-11", [
            "В Урумчи, в Синьцзян-Уйгурском автономном районе Китая, прошла четырехсторонняя "
            "встреча глав вооруженных сил Китая, Таджикистана, Пакистана и Афганистана. Четыре "
            "страны договорились объединиться в военную коалицию, чтобы усилить совместную "
            "борьбу с терроризмом и обеспечить региональную стабильность.",
            "Эксперты связывают интерес Душанбе к китайским военным инвестициям и сотрудничеству "
            "с ухудшением ситуации на границе с Афганистаном и угрозами со стороны "
            "радикализированных сторонников запрещенной Партии исламского возрождения "
            "Таджикистана (ПИВТ).",
            "Летом 2016 года Пекин сделал конкретные шаги к созданию региональной "
            "антитеррористической коалиции, несмотря на долгосрочное присутствие российских "
            "военных в Таджикистане.",
            "Сближение Душанбе и Пекина в военной сфере может вызвать новую напряженность в "
            "отношениях между Москвой и Душанбе: Москва считает Центральную Азию своей зоной "
            "влияния, а Китай обещал Таджикистану, Пакистану и Афганистану помощь.",
        ], site="ASIA-Plus")),
    "centre1-1026": Capture(
        "http://centre1.com/tajikistan/kitaj-narashhivaet-voennoe-prisutstvie-v-tadzhikistane/",
        "20161026140000",
        article("Китай наращивает военное присутствие в Таджикистане", "2016-10-26", [
            "20–24 октября около 10 000 военнослужащих Национальной армии Таджикистана и "
            "Народно-освободительной армии (НОАК) Китая провели пятидневные антитеррористические "
            "учения в Ишкашимском районе, граничащем с Афганистаном.",
            "После распада Советского Союза Китай продвигал в регионе свои экономические "
            "интересы, но всегда сохранял практически незаметное военное присутствие.",
        ], site="Центр-1")),
    "sputnik-1019": Capture(
        "http://sputnik-tj.com/politics/20161019/1020873612.html", "20161019110000",
        article("В ГБАО пройдут таджикско-китайские учения", "2016-10-19", [
            "Около 10 000 военнослужащих Национальной армии Таджикистана и "
            "Народно-освободительной армии Китая примут участие в пятидневных "
            "антитеррористических учениях в Ишкашимском районе, который граничит с Афганистаном.",
            "Аналитики связывают интерес Душанбе к китайским военным инвестициям и "
            "сотрудничеству с ухудшением ситуации на границе с Афганистаном и угрозами со стороны "
            "радикализированных сторонников запрещенной Партии исламского возрождения "
            "Таджикистана (ПИВТ).",
        ], site="Sputnik Таджикистан")),
    "sputnik-0403": Capture(
        "http://sputnik-tj.com/analytics/20160403/1019105525.html", "20160403160000",
        article("Инициатива России по региональной безопасности так и не была реализована",
                "2016-04-03", [
            "Главы государств России, Таджикистана, Пакистана и Афганистана в 2009–2012 годах "
            "неоднократно встречались, чтобы создать совместный механизм безопасности и "
            "стабильности в регионе после вывода сил ISAF из Афганистана.",
            "Однако инициатива, которую возглавила Россия, так и не принесла плодов.",
        ], site="Sputnik Таджикистан")),
    "regnum-1020": Capture(
        "http://regnum.ru/news/polit/2195511.html", "20161020170000",
        article("Китай и Таджикистан проводят учения; четыре страны создают военную коалицию",
                "2016-10-20", [
            "В Ишкашимском районе Таджикистана начались пятидневные антитеррористические учения "
            "Национальной армии Таджикистана и Народно-освободительной армии Китая, в которых "
            "участвуют 10 000 военнослужащих.",
            "В августе главы вооруженных сил Китая, Таджикистана, Пакистана и Афганистана "
            "договорились объединиться в военную коалицию, чтобы усилить совместную борьбу с "
            "терроризмом и обеспечить региональную стабильность.",
        ], site="ИА REGNUM")),
    "ozodi-0811": Capture(
        "http://rus.ozodi.org/a/27915123.html", "20160811150000",
        article("Китай выходит из тени: после незаметного военного присутствия Пекин создает "
                "коалицию с Таджикистаном, Пакистаном и Афганистаном", "2016-08-11", [
            "Главы вооруженных сил Китая, Таджикистана, Пакистана и Афганистана на встрече в "
            "Синьцзян-Уйгурском автономном районе договорились объединиться в военную коалицию "
            "для борьбы с терроризмом и обеспечения региональной стабильности.",
            "После распада Советского Союза Китай продвигал свои экономические интересы в "
            "Центральной Азии, но всегда сохранял практически незаметное военное присутствие.",
        ], site="Радио Озоди")),
    "ozodi-1019": Capture(
        "http://rus.ozodi.org/a/28063287.html", "20161019130000",
        article("Китай построит военные объекты для пограничных войск Таджикистана", "2016-10-19", [
            "Китай уже потратил 15 миллионов долларов на строительство квартир для офицеров в "
            "Душанбе и согласился построить новые военные объекты для таджикских пограничных "
            "войск.",
        ], site="Радио Озоди")),
    "pressa-1020": Capture(
        "http://pressa.tj/news/kitaj-postroit-zastavy-dlya-pogranichnikov-tadzhikistana/",
        "20161020080000",
        article("Китай построит заставы для пограничников Таджикистана", "2016-10-20", [
            "Китай согласился построить новые военные объекты для таджикских пограничных войск. "
            "Ранее Пекин выделил 15 миллионов долларов на квартиры для военных в Душанбе.",
        ], site="Пресса.tj")),
    "riafan-1018": Capture(
        "http://riafan.ru/578112-rossiiskaya-voennaya-baza-ostanetsya-v-tadzhikistane-do-2042-goda",
        "20161018160000",
        article("Российская военная база останется в Таджикистане до 2042 года", "2016-10-18", [
            "Российская военная база существует в Таджикистане более 70 лет. Двустороннее "
            "соглашение, заключенное в 2012 году, позволяет ей оставаться там до 2042 года.",
        ], site="ФАН")),
    "knews-0811": Capture(
        "http://knews.kg/2016/08/11/kitaj-afganistan-pakistan-i-tadzhikistan-sozdayut-koalitsiyu/",
        "20160811180000",
        article("Китай, Афганистан, Пакистан и Таджикистан создают военную коалицию",
                "2016-08-11", [
            "Пекин сделал конкретные шаги к созданию региональной антитеррористической коалиции, "
            "объединив Таджикистан, Пакистан и Афганистан. Четыре страны договорились "
            "объединиться в военную коалицию для борьбы с терроризмом и обеспечения "
            "региональной стабильности.",
        ], site="K-News")),
    "chinamil-0226": Capture(
        "http://eng.chinamil.com.cn/view/2016-02/26/content_6931502.htm", "20160226100000",
        article("China, Tajikistan vow to deepen security cooperation", "2016-02-26", [
            "BEIJING, Feb. 25 -- Guo Shengkun, Chinese state councilor and minister of public "
            "security, held a high-level meeting in Beijing on Thursday with Ramazon Rahimzoda, "
            "Tajikistan's minister of internal affairs.",
            "The two sides agreed to deepen cooperation in fighting terrorism and to strengthen "
            "security along the border.",
        ], lang=EN, site="China Military Online")),
    "24tv-0808": Capture(
        "http://24tv.ua/ru/tadzhikistan_boitsya_islamistov_n711052", "20160808120000",
        article("Таджикистан боится исламистов и просит помощи Китая", "2016-08-08", [
            "Интерес Душанбе к китайским военным инвестициям связан с ухудшением ситуации на "
            "границе с Афганистаном и угрозами от радикализированных сторонников запрещенной "
            "Партии исламского возрождения Таджикистана (ПИВТ).",
        ], site="24 Канал")),
    "edm-1014": Capture(
        "http://jamestown.org/program/tajikistan-turns-to-china-as-afghan-border-deteriorates/",
        "20161014200000",
        article("Tajikistan Turns to China as Afghan Border Deteriorates", "2016-10-14", [
            "Some analysts posit that Dushanbe's sudden appetite for Chinese military investments "
            "and cooperation is linked to the deteriorating security situation along its border "
            "with Afghanistan.",
            "Officials also point to security threats emanating from radicalized followers of "
            "the banned Islamic Renaissance Party of Tajikistan (IRPT).",
        ], lang=EN, site="Jamestown Foundation")),
    "edm-2013": Capture(
        "http://jamestown.org/program/russia-expands-military-aid-to-tajikistan/",
        "20131016150000",
        article("Russia Expands Military Aid to Tajikistan", "2013-10-16", [
            "Russia has for years been spending hundreds of millions of dollars on military "
            "assistance to Tajikistan, including weapons for the Tajik army and the upkeep of "
            "its military base near Dushanbe.",
        ], lang=EN, site="Jamestown Foundation")),
}

# ---------------------------------------------------------------- decoys and noise

OFF_TOPIC_RU = [
    "Урожай хлопка-сырца в этом году превысил 300 тысяч тонн, сообщили в министерстве "
    "сельского хозяйства.",
    "Синоптики обещают теплую погоду без осадков до конца недели во всех районах.",
    "Футбольный клуб завершил сезон победой в кубке страны со счетом 2:1.",
]


def decoy(url: str, ts: str, title: str, date: str, idx: int, lang: str = RU) -> Capture:
    """A same-day page about something else."""
    return Capture(url, ts, article(title, date, [OFF_TOPIC_RU[idx % 3]], lang=lang, site="x"))


DECOYS: list[Capture] = [
    Capture("http://news.tj/ru/news/economic/20161020/233101", "20161020100000",
            page_file("news.tj.2016-10-20-cotton.html")),
    Capture("http://news.tj/ru/news/tajikistan/security/20161020/233999", "20161020130000",
            page_file("news.tj.soft-404.html")),  # soft-404: 200 with "page not found"
    # A same-topic article from another day, captured inside the window (wrong day).
    Capture("http://news.tj/ru/news/tajikistan/security/20161015/232900", "20161021120000",
            article("Таджикистан и Китай готовятся к учениям", "2016-10-15", [
                "В министерстве обороны рассказали о подготовке к совместным учениям, которые "
                "пройдут осенью."], site="ASIA-Plus")),
    decoy("http://news.tj/ru/news/sport/20160811/230401", "20160811120000",
          "Футбол: кубок страны", "2016-08-11", 2),
    decoy("http://centre1.com/economics/urozhaj-khlopka/", "20161026090000",
          "Урожай хлопка", "2016-10-26", 0),
    decoy("http://sputnik-tj.com/society/20161019/1020871111.html", "20161019090000",
          "Погода в Душанбе", "2016-10-19", 1),
    decoy("http://regnum.ru/news/economy/2195400.html", "20161020090000",
          "Урожай хлопка в Таджикистане", "2016-10-20", 0),
    decoy("http://rus.ozodi.org/a/27915000.html", "20160811090000",
          "Погода", "2016-08-11", 1),
    decoy("http://pressa.tj/news/pogoda-v-dushanbe/", "20161020090000",
          "Погода в Душанбе", "2016-10-20", 1),
    decoy("http://knews.kg/2016/08/11/futbol-kubok/", "20160811090000",
          "Футбол", "2016-08-11", 2),
    decoy("http://riafan.ru/578000-urozhaj", "20161018090000", "Урожай", "2016-10-18", 0),
    decoy("http://24tv.ua/ru/pogoda_n711000", "20160808090000", "Погода", "2016-08-08", 1),
    Capture("http://eng.chinamil.com.cn/view/2016-02/26/content_6931400.htm", "20160226090000",
            page_file("english.chinamil.com.cn.2016-02-26-navy.html")),
    Capture("http://jamestown.org/program/turkmenistan-gas-exports-to-china/", "20161014100000",
            article("Turkmenistan Gas Exports to China", "2016-10-14", [
                "Turkmenistan's gas exports fell again this quarter as prices stayed low."],
                lang=EN, site="Jamestown Foundation")),
]

NOISE: list[Capture] = [
    Capture("http://news.tj/", "20161020060000", article("ASIA-Plus", "2016-10-20",
            ["Главная страница: новости Таджикистана."], site="ASIA-Plus")),  # home page
    Capture("http://news.tj/ru/rss.xml", "20161020070000", b"<rss></rss>",
            mime="application/rss+xml"),
    Capture("http://news.tj/ru/feed", "20161020070500", b"<rss></rss>", mime="text/html"),
    Capture("http://news.tj/sites/all/logo.png", "20161020071000", b"\x89PNG fake",
            mime="image/png"),
    Capture("http://news.tj/ru/tags/kitai", "20161020072000", article("Китай", "2016-10-20",
            ["Все материалы с тегом Китай: учения, Ишкашим, 10 000 военных."], site="ASIA-Plus")),
    Capture("http://news.tj/ru/news/tajikistan", "20161020073000", article("Таджикистан",
            "2016-10-20", ["Раздел новостей о Таджикистане."], site="ASIA-Plus")),  # section
    Capture("http://regnum.ru/", "20161020060000", article("REGNUM", "2016-10-20",
            ["Главная"], site="ИА REGNUM")),
    Capture("http://news.tj/ru/news/tajikistan/security/20161020/233116", "20161020140000",
            status=301, location="https://news.tj/ru/news/tajikistan/security/20161020/233115"),
    # A capture outside every window (wrong day): never a candidate.
    Capture("http://news.tj/ru/news/tajikistan/security/20161010/232500", "20161010120000",
            article("Учения в Ишкашиме", "2016-10-10", ["10 000 военных Таджикистана и Китая"],
                    site="ASIA-Plus")),
]

# Revisits: the same page captured again with identical content (deduplicated record).
REVISITS: list[Capture] = [
    Capture(MATCHES["newstj-1020"].url, "20161022120000", revisit_of="20161020120000"),
    Capture(MATCHES["regnum-1020"].url, "20161021170000", revisit_of="20161020170000"),
]


# Captured again years later, outside every seed window: a URL reference with only an access
# date ("accessed 3 November 2019") gets this capture, and still no publication date.
LATER: list[Capture] = [
    Capture(MATCHES["riafan-1018"].url, "20191103090000", MATCHES["riafan-1018"].body),
]


def all_captures() -> list[Capture]:
    """Every capture of the fixture archive (the cross-language outlets' included)."""
    from tests.data.warc.crosslang import crosslang_captures

    return [*MATCHES.values(), *DECOYS, *NOISE, *REVISITS, *LATER, *crosslang_captures()]


# ---------------------------------------------------------------- the seed's references

CLAIM = {
    "A": "On October 20–24, a combined 10,000 military personnel from the National Army of "
         "Tajikistan and the People's Liberation Army (PLA) of China were mobilized together to "
         "engage in a five-day counterterrorism exercises in Tajikistan's Ishkoshim region, which "
         "borders on Afghanistan.",
    "B": "Since the collapse of the Soviet Union, China has promoted its economic interests in "
         "this region, but it had always maintained a largely invisible military presence.",
    "C": "Some analysts posit that Dushanbe's sudden appetite for Chinese military investments "
         "and cooperation is linked to the deteriorating security situation along its border with "
         "Afghanistan, and to security threats emanating from radicalized followers of the banned "
         "Islamic Renaissance Party of Tajikistan (IRPT).",
    "D": "But the recent developments in Sino-Tajikistani military relations might ignite new "
         "tensions between Moscow and Dushanbe.",
    "E": "The Russian military base in Tajikistan has existed for over 70 years, and the new "
         "bilateral agreement reached in 2012 allows it to remain there until 2042.",
    "F": "Considering this long-term, institutionalized presence of Russian boots on the ground in "
         "Tajikistan, it is particularly surprising that in late summer 2016, Beijing actually "
         "undertook concrete steps to form a regional counterterrorism coalition of sorts, "
         "bringing together Tajikistan along with Pakistan and Afghanistan.",
    "G": "The process for establishing this military coalition was kicked off after a February "
         "25, 2016, high-level meeting in Beijing between Ramazon Rahimzoda, Tajikistan's minister "
         "of internal affairs, and Guo Shengkun, the state councilor and minister of public "
         "security of China.",
    "H": "The four pledged to join together in a military coalition to bolster their collective "
         "counterterrorism efforts and cooperate on providing greater regional stability.",
    "I": "But the initiative spearheaded by Russia never came to fruition.",
    "J": "Tajikistan's minister of defense, General Sharali Mirzo, believes this shared experience "
         "of mutual support will have long-term positive consequences for the two countries' "
         "armed forces and their ability to work together in the future.",
    "K": "It has also agreed to build new military facilities for Tajikistani border troops.",
    "L": "Compared to the hundreds of millions of dollars that Russia has for years been spending "
         "on military assistance to Tajikistan, the Chinese aid remains quite small.",
}

# (claim, outlet as written, registry id, date, key of the matching capture), in seed order.
SEED_REFERENCES: list[tuple[str, str, str, str, str]] = [
    ("A", "Centre1.com", "centre1", "2016-10-26", "centre1-1026"),
    ("A", "News.tj", "asia-plus", "2016-10-20", "newstj-1020"),
    ("A", "News.tj", "asia-plus", "2016-10-21", "newstj-1021"),
    ("A", "Sputnik-tj.com", "sputnik-tajikistan", "2016-10-19", "sputnik-1019"),
    ("A", "Regnum", "regnum", "2016-10-20", "regnum-1020"),
    ("B", "Centre1.com", "centre1", "2016-10-26", "centre1-1026"),
    ("B", "Ozodi.org", "radio-ozodi", "2016-08-11", "ozodi-0811"),
    ("C", "EDM", "edm", "2016-10-14", "edm-1014"),
    ("C", "Sputnik-tj.com", "sputnik-tajikistan", "2016-10-19", "sputnik-1019"),
    ("C", "News.tj", "asia-plus", "2016-08-11", "newstj-0811"),
    ("C", "24tv.ua", "24-kanal", "2016-08-08", "24tv-0808"),
    ("D", "News.tj", "asia-plus", "2016-08-11", "newstj-0811"),
    ("E", "Riafan.ru", "ria-fan", "2016-10-18", "riafan-1018"),
    ("F", "Knews.kg", "knews-kg", "2016-08-11", "knews-0811"),
    ("F", "News.tj", "asia-plus", "2016-08-11", "newstj-0811"),
    ("F", "Ozodi.org", "radio-ozodi", "2016-08-11", "ozodi-0811"),
    ("G", "Chinamil.com", "china-military-online", "2016-02-26", "chinamil-0226"),
    ("H", "Regnum.ru", "regnum", "2016-10-20", "regnum-1020"),
    ("H", "Knews.kg", "knews-kg", "2016-08-11", "knews-0811"),
    ("H", "News.tj", "asia-plus", "2016-08-11", "newstj-0811"),
    ("H", "Ozodi.org", "radio-ozodi", "2016-08-11", "ozodi-0811"),
    ("I", "Sputnik-tj.com", "sputnik-tajikistan", "2016-04-03", "sputnik-0403"),
    ("J", "News.tj", "asia-plus", "2016-10-20", "newstj-1020"),
    ("J", "News.tj", "asia-plus", "2016-10-24", "newstj-1024"),
    ("K", "Ozodi.org", "radio-ozodi", "2016-10-19", "ozodi-1019"),
    ("K", "Pressa.tj", "pressa-tj", "2016-10-20", "pressa-1020"),
    ("L", "EDM", "edm", "2013-10-16", "edm-2013"),
]
