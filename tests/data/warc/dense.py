"""A dense fixture archive: the seed's captures plus 10-40 same-day captures per outlet and day.

Real outlets publish 20-200 articles a day, so a domain search around a cited date lists many
pages on the same topics. :func:`dense_captures` adds, for every day in the window of every
seed reference, a deterministic crowd of captures in the outlet's own URL style: same-topic
articles (some sharing one specific detail with a claim), revisits, archived redirects and
404s, soft 404s and images. The seed's right articles stay where they are.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from tests.data.warc.corpus import (
    EN,
    MATCHES,
    SEED_REFERENCES,
    Capture,
    all_captures,
    article,
)

SOFT_404 = "Страница не найдена"
# Same-topic pages: Tajik security, China, the border, Russia's base; no claim's specifics.
TOPIC_RU = [
    ("Министр обороны провел совещание с командирами погранотрядов",
     "Министр обороны Таджикистана провел совещание с командирами пограничных отрядов и "
     "обсудил обстановку на участках границы."),
    ("Китай построит в Согдийской области завод",
     "Китайские инвесторы построят в Согдийской области завод по переработке хлопка "
     "стоимостью 40 миллионов долларов."),
    ("На таджикско-афганской границе задержаны нарушители",
     "На таджикско-афганской границе задержаны трое нарушителей с партией наркотиков, "
     "сообщили в пограничных войсках."),
    ("Делегация ОДКБ обсудила в Душанбе вопросы безопасности",
     "Делегация ОДКБ обсудила в Душанбе вопросы коллективной безопасности в регионе и "
     "подготовку к осенним учениям."),
    ("Российские военные провели стрельбы на полигоне Ляур",
     "Военнослужащие 201-й российской военной базы провели тактические стрельбы на "
     "полигоне Ляур под Душанбе."),
    ("Пограничники получили от Китая автомобили и средства связи",
     "Пограничная служба Таджикистана получила от китайской стороны партию автомобилей, "
     "средств связи и обмундирования."),
    ("Экономическое сотрудничество с Китаем обсудили эксперты",
     "Эксперты обсудили в Душанбе экономическое сотрудничество с Китаем в рамках "
     "инициативы Шелкового пути."),
    ("В Хатлонской области прошли учения спасателей",
     "В Хатлонской области прошли учения спасателей по ликвидации последствий "
     "землетрясения, в них участвовали 600 человек."),
    ("Президент принял посла Пакистана",
     "Президент Таджикистана принял посла Пакистана и обсудил строительство линии "
     "электропередачи CASA-1000."),
    ("МВД сообщило о задержании членов запрещенной группировки",
     "Министерство внутренних дел Таджикистана сообщило о задержании пятерых членов "
     "запрещенной экстремистской группировки в Кулябе."),
    ("Афганские беженцы получили гуманитарную помощь",
     "Афганские беженцы в Таджикистане получили гуманитарную помощь от ООН: продукты и "
     "теплые вещи."),
    ("Парламент ратифицировал соглашение о строительстве дороги",
     "Маджлиси намояндагон ратифицировал соглашение с Китаем о строительстве дороги "
     "Душанбе - Чанак."),
    # Near misses: one specific detail of a seed claim, in another story.
    ("В Ишкашимском районе открыли новую школу",
     "В Ишкашимском районе ГБАО открыли новую школу на 320 мест, построенную при поддержке "
     "Фонда Ага Хана."),
    ("Шерали Мирзо встретился с ветеранами",
     "Министр обороны генерал Шерали Мирзо встретился с ветеранами войны в Афганистане и "
     "вручил им подарки."),
    ("Урожай хлопка превысил 300 тысяч тонн",
     "Урожай хлопка-сырца в этом году превысил 300 тысяч тонн, сообщили в министерстве "
     "сельского хозяйства."),
]  # fmt: skip
TOPIC_EN = [
    ("Tajikistan and Russia discuss border security",
     "Officials from Tajikistan and Russia discussed the security of the Afghan border and "
     "the rotation of border guards at a meeting in Dushanbe."),
    ("China funds new road in Tajikistan",
     "China will fund a new road linking Dushanbe with the Chinese border, the ministry of "
     "transport said."),
    ("CSTO prepares autumn exercises",
     "The Collective Security Treaty Organization is preparing its autumn exercises, with "
     "troops from Russia, Kazakhstan and Kyrgyzstan."),
    ("Chinese navy visits Pakistan",
     "A Chinese navy task group arrived in Karachi for a three-day goodwill visit and joint "
     "search-and-rescue drills."),
    ("Afghan refugees receive aid",
     "Afghan refugees in Tajikistan received food and winter clothing from the United Nations."),
    ("Energy exports from Central Asia rise",
     "Electricity exports from Central Asia to Afghanistan rose by a fifth, officials said."),
]  # fmt: skip

PLACES_RU = ["в Худжанде", "в Кулябе", "в Бохтаре", "в Хороге", "в Истаравшане"]
PLACES_EN = ["in Khujand", "in Kulob", "in Bokhtar", "in Khorog", "in Istaravshan"]

# Same-day crowd per outlet and day, and the share of each kind of capture in it.
CROWD = (10, 40)
KINDS = (
    ("article", 0.66),
    ("revisit", 0.10),
    ("redirect", 0.07),
    ("archived404", 0.06),
    ("soft404", 0.04),
    ("image", 0.07),
)
DATE_FORMS = (
    (re.compile(r"/(\d{4})(\d{2})(\d{2})/"), "/{:%Y%m%d}/"),
    (re.compile(r"/(\d{4})/(\d{2})/(\d{2})/"), "/{:%Y/%m/%d}/"),
    (re.compile(r"/(\d{4})-(\d{2})/(\d{2})/"), "/{:%Y-%m/%d}/"),
)
LONG_ID = re.compile(r"\d{5,}")
SLUG_SEGMENT = re.compile(r"/([a-z0-9]+(?:[-_][a-z0-9]+){2,})(_n\d+)?(/?)$")


def slugify(title: str) -> str:
    """A transliterated URL slug, as Russian-language outlets write them."""
    from provenance.archive.textmatch import translit

    return re.sub(r"[^a-z0-9]+", "-", translit(title).lower()).strip("-")[:60]


def _on_day(url: str, day: dt.date) -> str:
    """The URL with the date in its path moved to ``day``."""
    for pattern, form in DATE_FORMS:
        if pattern.search(url):
            return pattern.sub(form.format(day), url, count=1)
    return url


def crowd_url(template: str, day: dt.date, title: str, rng: random.Random) -> str:
    """A URL in the style of ``template`` (a seed article's URL) for another article."""
    url = _on_day(template, day)
    slug = SLUG_SEGMENT.search(url)
    if slug:
        tail = f"_n{rng.randint(700000, 799999)}" if slug.group(2) else ""
        return url[: slug.start(1)] + slugify(title) + tail + slug.group(3)
    ids = LONG_ID.findall(url)
    if ids:
        old = ids[-1]
        new = str(int(old) + rng.choice((-1, 1)) * rng.randint(1, 400))
        head, _, tail = url.rpartition(old)
        return head + new + tail
    return url.rstrip("/") + f"/{rng.randint(100000, 999999)}"


def _stamp(day: dt.date, rng: random.Random) -> str:
    """A capture time in the working day, when the seed's own articles were captured too."""
    return f"{day:%Y%m%d}{rng.randint(7, 20):02d}{rng.randint(0, 59):02d}{rng.randint(0, 59):02d}"


def _pick(rng: random.Random) -> str:
    roll, acc = rng.random(), 0.0
    for kind, share in KINDS:
        acc += share
        if roll < acc:
            return kind
    return "article"


def day_crowd(template: str, lang: str, site: str, day: dt.date, rng: random.Random):
    """The 10-40 extra captures of one outlet and day."""
    pool = TOPIC_EN if lang == EN else TOPIC_RU
    places = PLACES_EN if lang == EN else PLACES_RU
    order = rng.sample(range(len(pool)), len(pool))
    out: list[Capture] = []
    articles: list[Capture] = []
    for n in range(rng.randint(*CROWD)):
        kind = _pick(rng)
        # Each headline once a day: a topic, then the same topic somewhere else.
        title, text = pool[order[n % len(pool)]]
        if n >= len(pool):
            title = f"{title}: {places[(n // len(pool) - 1) % len(places)]}"
        _other_title, other = pool[rng.randrange(len(pool))]
        url = crowd_url(template, day, title, rng)
        stamp = _stamp(day, rng)
        if kind == "revisit" and articles:
            first = rng.choice(articles)
            later = f"{first.timestamp[:8]}235{n % 10}00"
            out.append(Capture(first.url, max(later, first.timestamp), revisit_of=first.timestamp))
        elif kind == "redirect":
            out.append(Capture(url, stamp, status=301, location=url.replace("http:", "https:")))
        elif kind == "archived404":
            out.append(Capture(url, stamp, article("404", f"{day}", ["Not Found"]), status=404))
        elif kind == "soft404":
            out.append(Capture(url, stamp, article(SOFT_404, f"{day}", [SOFT_404], lang, site)))
        elif kind == "image":
            image = url.rstrip("/") + ".jpg"
            out.append(Capture(image, stamp, b"\xff\xd8 fake", mime="image/jpeg"))
        else:
            body = article(title, f"{day}", [text, other], lang=lang, site=site)
            cap = Capture(url, stamp, body)
            articles.append(cap)
            out.append(cap)
    return out


HOME_TIMES = ("140000", "213000")  # the home page captured twice a day
HOME_SHOWN = 30  # latest articles a home page lists
TITLE_RE = re.compile(rb"<title>(.*?)(?: \| [^<]*)?</title>", re.S)


def home_page(host: str, day: dt.date, articles: list[Capture], time: str) -> Capture:
    """The outlet's home page captured at ``time``: links to the latest articles with titles."""
    stamp = f"{day:%Y%m%d}{time}"
    shown = sorted((a for a in articles if a.timestamp < stamp), key=lambda a: a.timestamp)
    items = []
    for cap in reversed(shown[-HOME_SHOWN:]):
        title = TITLE_RE.search(cap.body)
        text = title.group(1).decode("utf-8") if title else cap.url
        items.append(f'<li><a href="{cap.url}">{text}</a></li>')
    body = f"<html><head><title>{host}</title></head><body><ul>{''.join(items)}</ul></body>"
    return Capture(f"http://{host}/", stamp, (body + "</html>").encode("utf-8"))


def dense_captures(seed: int = 8, before: int = 1, after: int = 3) -> list[Capture]:
    """The seed corpus plus a same-topic crowd on every day of every seed reference's window.

    Args:
        seed: the random seed (the corpus is the same for the same seed).
        before: window days before the cited date (``Settings.window_before_days``).
        after: window days after it.

    Returns:
        Every capture; URL and timestamp pairs are unique.
    """
    rng = random.Random(seed)
    captures = all_captures()
    seen = {(c.url, c.timestamp) for c in captures}
    days: dict[tuple[str, dt.date], str] = {}
    for _claim, _outlet, _oid, date, key in SEED_REFERENCES:
        cited = dt.date.fromisoformat(date)
        for shift in range(-before, after + 1):
            days.setdefault((MATCHES[key].url.split("/")[2], cited + dt.timedelta(shift)), key)
    for (_host, day), key in sorted(days.items()):
        match = MATCHES[key]
        lang = "en" if b'lang="en"' in match.body[:200] else "ru"
        crowd = day_crowd(match.url, lang, "x", day, rng)
        listed = [c for c in crowd if c.status == 200 and c.mime == "text/html" and c.body]
        listed += [
            m
            for m in MATCHES.values()
            if m.url.split("/")[2] == _host and m.timestamp.startswith(f"{day:%Y%m%d}")
        ]
        crowd += [home_page(_host, day, listed, time) for time in HOME_TIMES]
        for cap in crowd:
            if (cap.url, cap.timestamp) not in seen:
                seen.add((cap.url, cap.timestamp))
                captures.append(cap)
    return captures
