"""Named, compiled regular expressions for the citation and date grammar."""

from __future__ import annotations

import logging
import re

LOGGER = logging.getLogger(__name__)

# ---------------------------------------------------------------- scanning

#: What the bracket scanner stops at inside a parenthetical: a bracket or a newline
#: (a paragraph break ends open groups). Outside, it only looks for '(' with
#: ``str.find``. A single character class keeps the regex engine on its fast path
#: (an alternation with the blank-line pattern scans three times slower).
BRACKET_OR_NEWLINE_RE = re.compile(r"[()\[\]\n]")
#: The same in a text that writes full-width brackets "（…）" (Chinese), and where a
#: group may open there ('（' opens as '(' does, '）' closes as ')' does).
WIDE_BRACKET_OR_NEWLINE_RE = re.compile(r"[()\[\]（）\n]")
WIDE_OPEN_RE = re.compile(r"[(（]")

#: The rest of a blank line after a newline: a paragraph break.
BLANK_LINE_RE = re.compile(r"[^\S\n]*\n")

#: A Markdown link target ``[text](url)`` / ``![alt](url)``: a '(' right after ']'.
MD_LINK_RE = re.compile(r"\[(?P<text>[^\[\]]*)\]\((?P<url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)")

# ---------------------------------------------------------------- months

# Russian months by stem: nominative, genitive ("октября") and abbreviations ("окт.").
# English month names are a lookup table in ``provenance.dates``.
MONTH_RU_RE = re.compile(
    r"январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[ае]?"
    r"|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе]"
    r"|янв|фев|февр|мар|апр|июн|июл|авг|сен|сент|окт|ноя|нояб|дек"
)
ORDINAL = r"(?:st|nd|rd|th)?"
#: The word after a year written before its day: Uzbek "2019-yil", "2019 йил"; Kazakh
#: "2020 жылғы", "2021 ж." ("2020 жылғы 3 наурыз": the year first).
LEAD_YEAR = r"-?\s?(?:yil|йил|жылғы|жылы|жыл|ж\.)(?!\w)"
YEAR = r"(?:1[89]|2[01])\d\d"
#: "a.m." or "p.m." after an hour.
AM_PM = r"\s*(?i:[ap]\.\s?m\.|[ap]m\b)"
#: What may follow a clock time: "a.m.", "hrs", "GMT+3", "Moscow time", "мск".
CLOCK_ZONE = (
    rf"(?:{AM_PM}|\s*(?i:hrs?\b|h\b|gmt|utc|msk\b|мск\b)(?:\s*[+-]\d{{1,2}}\b)?"
    r"|\s+(?:[A-Z][a-z]+|local)\s+time\b|\s+по\s+московскому\s+времени)"
)
#: A clock time: "14:05", "10:30:15 a.m. Moscow time"; "14.05" only with a zone ("14.05
#: hrs"), since "14.05" alone may be 14 May; an hour alone only with "a.m." ("10 a.m.").
CLOCK = (
    r"(?:(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?!\d)|24:00(?!\d)"
    rf"|(?:[01]?\d|2[0-3])\.[0-5]\d(?={CLOCK_ZONE})|(?:1[0-2]|0?[1-9])(?={AM_PM}))"
    rf"(?:{CLOCK_ZONE}){{0,2}}"
)

#: Separators between date tokens ("and", "to" and "on" are handled as words).
DATE_SEP_RE = re.compile(r"[\s,&/:\-–—]+")
DATE_SEP_CHARS = frozenset(",&/:-–—")

#: A date token that starts with a digit: ISO date, dotted day-first date, year,
#: or a day, possibly followed by a word the code checks for a month ("20 October"), or
#: a clock time (tried last: a day is no time when no ":", "." or "a.m." follows it).
DATE_NUMBER_RE = re.compile(
    rf"""
    (?P<iso_y>{YEAR})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}})(?!\d)
    |(?P<dmy_d>\d{{1,2}})\.(?P<dmy_m>\d{{1,2}})\.(?P<dmy_y>{YEAR})(?!\d)
    |(?P<sl_a>\d{{1,2}})/(?P<sl_b>\d{{1,2}})/(?P<sl_y>{YEAR}|\d\d)(?![\d/])
    |(?P<year>{YEAR})(?:/(?:\d\d|{YEAR})(?![\d/]))?  # "winter 2015/16": its first year
      (?:\s*(?:г\.|года|год)(?!\w)|{LEAD_YEAR}|(?![\d\w]))
    |(?P<day>\d{{1,2}}){ORDINAL}(?![\d\w]|[:.]\d|{AM_PM})
      (?:(?:\s+|-)(?:of\s+)?(?P<month>[^\W\d_]+)(?P<dot>\.)?)?
    |(?P<clock>{CLOCK})
    """,
    re.VERBOSE,
)

#: A Chinese date: 2016年2月28日 (日 or 号 for the day), 2016年2月, 2月28日, 2月, 28日, 2016年.
CJK_DATE_RE = re.compile(
    rf"(?:(?P<y>{YEAR})\s*年\s*)?(?:(?P<m>1[0-2]|0?[1-9])\s*月\s*)?(?:(?P<d>\d{{1,2}})\s*[日号])?"
)

#: A date token that starts with a letter: a word the code looks up (month,
#: weekday, "accessed"...), with the day that may follow a month ("Oct. 20").
DATE_WORD_RE = re.compile(
    rf"(?P<word>[^\W\d_]+)(?P<dot>\.)?(?:\s*(?P<day>\d{{1,2}}){ORDINAL}(?![\d\w]))?"
)

#: Phrases of a date list that start with one of ``DATE_PHRASE_WORDS``: a time after
#: "at"/"в" ("at 14.05" is a time, "14.05" alone is not), a part of a month read as the month
#: ("the end of October", "в начале мая"), and a date named by the one before it ("the same
#: day", "в тот же день").
DATE_PHRASE_RE = re.compile(
    rf"""
    (?:at|в)\s+(?P<clock>(?:[01]?\d|2[0-3])\.[0-5]\d(?![.:]?\d)(?:{CLOCK_ZONE}){{0,2}}|{CLOCK})
    |(?P<same>(?:the\s+)?same\s+(?:day|date)|(?:в\s+)?тот\s+же\s+день)\b
    |(?:the\s+)?(?:end|beginning|start|middle)\s+of(?:\s+the)?(?=\s)
    |(?:the\s+)?(?:first|second|third|fourth)\s+(?:quarter|half)\s+of(?=\s)  # the year
    |(?:в\s+|во\s+)?(?:начал[оеау]|конец|конц[еау]|середин[аеуы])(?=\s)
    """,
    re.IGNORECASE | re.VERBOSE,
)
DATE_PHRASE_WORDS = frozenset(
    "at the same end beginning start middle first second third fourth "
    "в во тот начало начале начала началу конец "
    "конце конца концу середина середине середину середины".split()
)

#: Words of a date list that are not dates themselves.
DATE_SEP_WORDS = frozenset(
    {"and", "to", "on", "early", "mid", "late", "spring", "summer", "autumn", "fall", "winter"}
)
DATE_ACCESSED_WORDS = frozenset({"accessed", "retrieved", "viewed", "consulted", "last"})
WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun".split()
)

#: Extra words allowed around dates in a date aside: "(in late 2016)", "(since 2001)".
DATE_FILLER_RE = re.compile(
    rf"""
    (?:in|since|until|till|by|from|on|as\s+of|late|early|mid-?|the|end\s+of|beginning\s+of
      |start\s+of|spring|summer|autumn|fall|winter|circa|c\.|around|about|approximately
      |before|after|between|during|through|throughout|or|this|that|year|years|week|month
      |of|at|through|then|first|last|half|quarter)\b
    |(?P<decade>{YEAR})'?s\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

# ---------------------------------------------------------------- citations

#: Group prefix, normalised by ``PREFIXES``.
PREFIX_RE = re.compile(
    r"(?P<prefix>see\s+also|see,?\s+e\.\s?g\.,?|see,?\s+for\s+example,?|see|cf\.?|compare"
    r"|e\.\s?g\.,?|for\s+example,?)\s+",
    re.IGNORECASE,
)

#: A URL written with a scheme or starting with ``www.``.
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)

#: A domain name, optionally followed by a path: "News.tj", "24tv.ua", "tass.ru/politika/1".
#: The top-level label is lowercase letters (or "рф"), so "U.S." and "St.Petersburg" fail.
DOMAIN_RE = re.compile(r"[\w-]+(?:\.[\w-]+)*\.(?:[a-z]{2,24}|[A-Z]{2,3}|рф|РФ)(?P<path>/[^\s]*)?")

#: Lowercase words an outlet name may contain: "Ministry of Defense", "RFE/RL Tajik service".
OUTLET_SMALL_WORDS = frozenset(
    "of the and for on in de du des la le al el von van der und da di dos y et "
    "и в на по service edition daily weekly news agency channel website site portal blog "
    "newspaper magazine radio television tv state official press bureau online".split()
)

#: " and " / " & " between outlets of one item: "Kommersant and Vedomosti".
AND_RE = re.compile(r"\s+(?:and|&)\s+")

#: Cross-references that count as citations without a date: "(see EDM)".
CROSSREF_RE = re.compile(
    r"EDM|Eurasia\s+Daily\s+Monitor|Jamestown(?:\s+Foundation)?|[A-Z]{2,6}(?:\s+[A-Z]{2,6})?"
)

#: Words of a name (letters, digits and joiners), for counting lowercase words.
WORD_RE = re.compile(r"[^\W_][\w'’.\-/&]*")

# ---------------------------------------------------------------- other kinds

#: Endnote markers: "(7)", "(12)", "(3, 4)", "(5–7)".
ENDNOTE_RE = re.compile(r"\s*\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\s*")

#: Credits. "Source:" followed by a dated citation is parsed as a citation instead.
CREDIT_RE = re.compile(
    r"\s*(?:(?P<source>sources?)\s*:"
    r"|(?:photo(?:graph)?s?|images?|pictures?|video|map|chart|graph(?:ic)?s?|illustration"
    r"|credits?|caption)\s*(?::|by\b|credit\b|courtesy\b)"
    r"|(?:image|photo|picture)?\s*courtesy\b)",
    re.IGNORECASE,
)

APPROX = (
    r"(?:about|some|around|approximately|approx\.|nearly|almost|over|under|roughly|only|just"
    r"|more\s+than|less\s+than|fewer\s+than|up\s+to|at\s+least|at\s+most|~|c\.)"
)
CURRENCY = r"(?:US\$|\$|€|£|¥|₽|USD|EUR|RUB)"
NUMBER = r"\d[\d,.]*(?:\s*(?:-|–|to)\s*" + CURRENCY + r"?\s*\d[\d,.]*)?"
SCALE = r"(?:thousand|million|billion|trillion|mln|bln|bn|mn|m|k)\b"
UNIT_WORD = (
    r"(?:%|percent\b|per\s+cent\b|km²|km2|sq\.?\s*km\b|square\s+(?:kilomet(?:er|re)s|miles)\b"
    r"|kilomet(?:er|re)s?\b|km\b|miles?\b|mi\b|met(?:er|re)s?\b|m\b|feet\b|ft\b|inch(?:es)?\b"
    r"|kilograms?\b|kg\b|tons?\b|tonnes?\b|hectares?\b|ha\b|acres?\b|barrels?\b|bcm\b"
    r"|cubic\s+met(?:er|re)s\b|mw\b|gw\b|kwh\b|degrees\b|°[cf]?"
    r"|dollars\b|euros?\b|rubles?\b|roubles?\b|somoni\b|tenge\b|soms?\b|yuan\b|manat\b|sums?\b)"
)
#: Unit conversions and amounts: "(about 5 miles)", "(10,000 km)", "($70 million)".
UNIT_RE = re.compile(
    rf"\s*(?:{APPROX}\s*)?(?:{CURRENCY}\s*{NUMBER}(?:\s*{SCALE})?(?:\s*{UNIT_WORD})?"
    rf"|{NUMBER}\s*(?:{SCALE}\s*)?{UNIT_WORD})(?:\s+[^\W\d_]+){{0,3}}\s*",
    re.IGNORECASE,
)

#: Acronyms: "(CSTO)", "(MoD)", "(RFE/RL)", "(ОДКБ)". At least two capitals, checked in code.
ACRONYM_RE = re.compile(r"\s*[^\W\d_][\w&./\-’']{0,11}\s*")

#: Glosses and translations by their opening words.
GLOSS_RE = re.compile(
    r"\s*(?:literally\b|lit\.|meaning\b|i\.\s?e\.|in\s+(?:russian|tajik|uzbek|kazakh|kyrgyz"
    r"|turkmen|persian|farsi|dari|pashto|chinese|english|arabic)\b|(?:russian|tajik|uzbek"
    r"|kazakh|kyrgyz|turkmen|persian|farsi|dari|pashto|chinese|arabic)\s*:|(?:the\s+)?so-called\b"
    r"|(?:also\s+)?known\s+as\b|a\.k\.a\.|aka\b|formerly\b|translated\b|or\s|[\"“«‘'„])",
    re.IGNORECASE,
)

#: A dash that opens a gloss after a short head: "CSTO—of which ...".
GLOSS_DASH_RE = re.compile(r"\s*[—–]|\s+-\s")

#: Cheap pre-check: a citation needs a digit (a date), a dot or slash (a domain or
#: URL) or a "see"-style prefix. Most asides and acronyms fail this at once.
MAYBE_CITATION_RE = re.compile(r"[\d./]|\b(?:see|cf)\b", re.IGNORECASE)
#: The one date with no digit, a part of a month ("RIA Novosti, late October", "ТАСС, в
#: конце октября"): looked for only when ``MAYBE_CITATION_RE`` fails and a ',' is there.
MONTH_PART_RE = re.compile(
    r"\b(?:early|mid|late|end|beginning|start|middle)\b|\b(?:начал|конц|конец|середин)",
    re.IGNORECASE,
)

#: Where a group or item list may split: separators and the brackets that nest them.
SPLIT_RE = re.compile(r"[()\[\];,]")

# ---------------------------------------------------------------- citation forms (issue 11)

#: An outlet with a note on whom it quotes or where it was read, in the same item:
#: "Reuters via Asia-Plus", "Interfax citing the Defense Ministry", "Vedomosti as cited by
#: Meduza". The outlet is the first named; the rest is dropped, as after a comma.
INNER_SOURCE_NOTE_RE = re.compile(
    r"(?P<outlet>\S.*?)\s+(?:as\s+)?(?:via|citing|quoting|(?:cited|quoted|reported)\s+(?:by|in))"
    r"\s+(?P<upstream>\S.*)",
    re.IGNORECASE,
)
#: Whom an outlet quotes when it is no name: "Interfax citing a source in the ministry".
UNNAMED_SOURCE_RE = re.compile(
    r"(?:an?\s+|the\s+)?(?:unnamed\s+|anonymous\s+|informed\s+|senior\s+)?"
    r"(?:sources?|officials?|spokes(?:man|woman|person)|representatives?)\b",
    re.IGNORECASE,
)

#: Lead-in words of a group that are not part of the outlet: "(according to Interfax, May 3)",
#: "(see Part One in EDM, June 15)".
LEADIN_RE = re.compile(
    r"(?:as\s+)?(?:according\s+to|reported\s+(?:by|in)|cited\s+(?:by|in)|quoted\s+(?:by|in)"
    r"|citing|via|part\s+(?:one|two|three|four|five|six|\d{1,2}|[ivx]{1,4})\s+(?:in|of))\s+",
    re.IGNORECASE,
)

#: Quotes that open and close a quoted title: “…”, «…», „…“, "…" (straight ones toggle).
QUOTE_PAIRS = {"“": "”", "«": "»", "„": "“", '"': '"', "‘": "’"}

#: Locators inside a citation that are neither outlet nor date: "No. 12", "p. 4", "vol. 3",
#: "第3版" (a Chinese newspaper's page).
LOCATOR_RE = re.compile(
    r"(?:no|nos|vol|vols|iss|p|pp|pg|para|art|ch|sec|issue|number|page|pages|part|edition|ed"
    r"|article|articles|chapter|section|paragraph|clause|annex|appendix|table|figure|fig|map)"
    r"\.?\s*#?\d[\d\s,–\-/]*(?:\.\d+)*"  # "Article 17.03", "Art. 207.3": a code's article
    r"(?:\s+of\s+the\s+[\w\s-]{1,40}?(?:Code|Constitution|Law))?"  # "... of the Criminal Code"
    r"|#\d+|\[\d{1,3}\]|part\s+(?:one|two|three|four|five|six|[ivx]{1,4})"  # "see Part One, EDM"
    r"|(?-i:第\s*\d+\s*[版页期卷章节条])",
    re.IGNORECASE,
)

_NATIONAL = (
    r"(?:Russian|Russia's|Soviet|Ukrainian|Belarusian|Moldovan|Georgian|Armenian|Azerbaijani"
    r"|Azeri|Kazakh|Kazakhstani|Kyrgyz|Tajik|Uzbek|Turkmen|Afghan|Chinese|Iranian|Turkish"
    r"|Pakistani|Indian|Mongolian|Chechen|Dagestani|Ingush|Kabardino-Balkarian|Ossetian"
    r"|Abkhaz|Abkhazian|Crimean|Tatar|Bashkir|Western|Central\s+Asian|Caucasian|European"
    r"|American|U\.S\.|US|Japanese|Korean|Arab|Persian|Kremlin|Moscow|Kyiv|Kiev|Minsk"
    r"|Tbilisi|Yerevan|Baku|Astana|Almaty|Bishkek|Dushanbe|Tashkent|Ashgabat|Beijing|Tehran"
    r"|Ankara|Kabul)"
)
_QUALIFIER = (
    r"(?:various|several|numerous|many|some|other|multiple|local|regional|national|federal"
    r"|central|official|state|state-run|state-owned|state-controlled|government|pro-government"
    r"|pro-Kremlin|opposition|independent|foreign|international|world|online|social"
    r"|mainstream|major|leading|unofficial|anonymous|Russian-language|English-language"
    r"|Chinese-language|news|wire|press|media|TV|television|military|security|diplomatic"
    r"|official|government-controlled|unnamed|informed|western|exile|émigré|emigre)"
)
_MEDIA_NOUN = (
    r"(?:media(?:\s+(?:reports?|outlets|sources))?|press(?:\s+reports?)?|(?:news\s+)?agencies"
    r"|news\s+(?:reports?|outlets|sites|websites|portals|services)|outlets|newspapers|papers"
    r"|dailies|weeklies|television(?:\s+channels)?|TV(?:\s+channels)?|channels|broadcasters"
    r"|radio|websites|web\s*sites|sites|portals|sources|reports|wires|wire\s+(?:services"
    r"|reports)|blogs|bloggers|Telegram\s+channels|social\s+(?:media|networks))"
)
#: A generic, unverifiable source: "Russian agencies", "local media", "state TV".
GENERIC_SOURCE_RE = re.compile(
    rf"(?:{_NATIONAL}|{_QUALIFIER})(?:\s+(?:{_NATIONAL}|{_QUALIFIER})){{0,3}}\s+{_MEDIA_NOUN}"
    rf"|media(?:\s+reports?)?|press\s+reports?|news\s+reports?|wire\s+reports?|agencies"
    rf"|social\s+media",
    re.IGNORECASE,
)

#: A document type written as an item: "(ADB, press release, May 2019)".
DOCTYPE_RE = re.compile(
    r"(?P<interview>(?:(?:the\s+)?author['’]s\s+(?:interviews?|conversations?|correspondence"
    r"|communications?|observations?|discussions?)|(?:personal\s+)?interviews?"
    r"|(?:personal|private)\s+(?:communications?|correspondence|conversations?))"
    r"(?:\s+(?:with|by)\s+[^,;]{1,80})?)"
    # whose it is, and a few words before it: "Putin's speech", "Tokayev's annual address"
    r"|(?:(?-i:[A-ZА-ЯЁІЇЄҐ][\w.'’-]*(?:\s+[A-ZА-ЯЁІЇЄҐ][\w.'’-]*){0,3})['’]s\s+"
    r"(?:[\w-]+\s+){0,3})?"
    r"(?P<doc>(?:official\s+|joint\s+|press\s+|public\s+)?statement|(?:press|news)[\s-]release"
    r"|communiqu[eé]|(?:official\s+)?transcript|(?:presidential\s+|government\s+)?decree"
    r"|resolution|(?:annual\s+|official\s+|special\s+)?report|fact\s*sheet|(?:press\s+)?briefing"
    r"|press\s+conference|speech|address|op-ed|editorial|commentary|blog\s+post|tweet"
    r"|(?:Telegram|Facebook|VKontakte|VK|Instagram|YouTube)\s+(?:post|video|page|account)"
    r"|video|podcast|working\s+paper|policy\s+brief|white\s+paper|open\s+letter|letter"
    r"|press\s+service|website|official\s+website|web\s*site|remarks|comments)"
    # to whom or where: "address to the Federal Assembly", "speech at Valdai"
    r"(?:\s+(?:to|at|on|before|in)\s+[^,;]{1,80})?",
    re.IGNORECASE,
)

#: Place names (cities, regions, countries) that are datelines or asides, not outlets.
PLACES = frozenset(
    " ".join(name.split())
    for name in """moscow|st. petersburg|saint petersburg|st petersburg|dushanbe|tashkent
    |bishkek|osh|almaty|astana|nur-sultan|ashgabat|baku|tbilisi|yerevan|kyiv|kiev|minsk
    |chisinau|beijing
    |shanghai|urumqi|kashgar|kabul|tehran|ankara|istanbul|washington|washington, dc|brussels
    |london|paris|berlin|vienna|geneva|grozny|makhachkala|nalchik|vladikavkaz|magas|cherkessk
    |maikop|maykop|sochi|kazan|ufa|novosibirsk|vladivostok|kaliningrad|khorog|khujand|kulob
    |kulyab|kunduz|mazar-i-sharif|herat|kandahar|samarkand|bukhara|andijan|fergana|namangan
    |nukus|sukhumi|tskhinvali|stepanakert|donetsk|luhansk|crimea|sevastopol|simferopol|odesa
    |odessa|kharkiv|lviv|tiraspol|batumi|ganja|gyumri|shymkent|karaganda|aktau|atyrau
    |russia|tajikistan|kyrgyzstan|kazakhstan|uzbekistan|turkmenistan|afghanistan|china|iran
    |turkey|georgia|armenia|azerbaijan|ukraine|belarus|moldova|pakistan|india|mongolia
    |united states|u.s.|usa|chechnya|dagestan|ingushetia|north ossetia|south ossetia|abkhazia
    |nagorno-karabakh|karabakh|transnistria|xinjiang|tibet|gorno-badakhshan|badakhshan
    |ishkoshim|wakhan|pamir|rasht|ferghana valley|north caucasus|south caucasus
    |central asia|caucasus|europe|eurasia|donbas|donbass|syria|iraq|libya|mali|venezuela
    |serbia|kosovo|estonia|latvia|lithuania|poland|finland|sweden|norway|germany|france|japan
    |north korea|south korea|korea|arctic|baltic|black sea|caspian|far east|siberia|urals
    |volga|tatarstan|bashkortostan|kabardino-balkaria|karachaevo-cherkessia|adygea|kalmykia
    |stavropol|krasnodar|rostov|primorye|khabarovsk|yakutia|tuva|buryatia|chukotka|murmansk
    |arkhangelsk|pskov|belgorod|kursk|bryansk|voronezh|mariupol|kherson|zaporizhzhia|bakhmut
    |avdiivka|dnipro|tartus|hmeimim|latakia|aleppo|damascus|idlib|gaza|israel|egypt
    |balochistan|gwadar|kashmir|hong kong|taiwan""".split("|")
)

#: Words that end firm names joined by "&": "Ernst & Young", "Procter & Gamble".
FIRM_AMPERSAND_RE = re.compile(
    r"&\s+(?:Young|Co\b\.?|Company|Partners|Sons|Associates|Gamble|Johnson|Poor['’]s"
    r"|Schuster|McLennan|McKenzie|Overy|Touche|Lybrand|Whinney|Mayer|Jones|Marketing"
    r"|Research|Consulting|Brothers|Bros\b\.?)"
)

#: Transliterated lowercase words of Russian and other outlet names: "Nezavisimaya gazeta".
OUTLET_TRANSLIT_WORDS = frozenset(
    "gazeta gazety pravda izvestiya izvestia izvestiia zvezda komsomolets moskvy vremya "
    "obozrenie kurier kuryer kurer mysl novosti segodnya rossii delo zerkalo nedeli tyzhnia "
    "tyzhnya vestnik zhizn mir i fakty argumenty ekho tribuna slovo respublika vedomosti "
    "vlast dengi profil itogi ogonyok ogonek kommersant rossiiskaya rossiyskaya sovetskaya "
    "nezavisimaya voennoe obozrenie krasnaya literaturnaya obshchaya novaya novye nasha niva "
    "de garda ziarul shibao ribao bao novostei novostey zhurnal".split()
)
