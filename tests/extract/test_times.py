"""Tests for sitrep.extract.times: resolving date/time expressions in four languages."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.errors import ConfigError
from sitrep.extract.time_rules import lexicon_for, supported_languages
from sitrep.extract.times import RULE_KINDS, find_times, infer_year, month_year, weekday_date
from sitrep.model import TimeRef

D = dt.date
# Thursday evening in a UTC+6 capital.
THU = dt.datetime(2022, 1, 6, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=6)))
# Monday morning, UTC.
MON = dt.datetime(2022, 3, 14, 9, 30, tzinfo=dt.UTC)
# Sunday just after midnight, naive: the local date is what counts.
SUN = dt.datetime(2021, 10, 31, 0, 15)

GRANULARITIES = {"hour", "part_of_day", "day", "week", "month", "year"}


def ref_for(text: str, phrase: str, *, language: str, published: dt.datetime | None) -> TimeRef:
    refs = find_times(text, published=published, language=language)
    found = [r for r in refs if r.text == phrase]
    assert found, f"{phrase!r} not found in {[r.text for r in refs]}"
    return found[0]


# (language, published, text, expected span, granularity, date or (start, end))
POINTS = [
    # --- English weekdays
    ("en", THU, "Police said on Thursday that the curfew held.", "Thursday", "day", D(2022, 1, 6)),
    (
        "en",
        THU,
        "Crowds gathered on Tuesday outside the mayor's office.",
        "Tuesday",
        "day",
        D(2022, 1, 4),
    ),
    ("en", THU, "Last Thursday a convoy was stopped.", "Last Thursday", "day", D(2021, 12, 30)),
    ("en", THU, "Shops reopened late on Tuesday.", "late on Tuesday", "part_of_day", D(2022, 1, 4)),
    (
        "en",
        THU,
        "Gunfire was heard Thursday night near the airport.",
        "Thursday night",
        "part_of_day",
        D(2022, 1, 6),
    ),
    ("en", THU, "The envoy will arrive on Saturday.", "Saturday", "day", D(2022, 1, 8)),
    ("en", THU, "A vote is scheduled for Thursday.", "Thursday", "day", D(2022, 1, 6)),
    ("en", THU, "Parliament meets next Thursday.", "next Thursday", "day", D(2022, 1, 13)),
    ("en", THU, "Saturday saw the largest rally.", "Saturday", "day", D(2022, 1, 1)),
    (
        "en",
        MON,
        "The ceasefire collapsed on Friday morning.",
        "Friday morning",
        "part_of_day",
        D(2022, 3, 11),
    ),
    ("en", MON, "Monday's talks ended without a deal.", "Monday", "day", D(2022, 3, 14)),
    ("en", SUN, "Sunday's vote was calm.", "Sunday", "day", D(2021, 10, 31)),
    # --- English relative days
    ("en", THU, "Today the streets were quiet.", "Today", "day", D(2022, 1, 6)),
    ("en", THU, "The minister resigned yesterday.", "yesterday", "day", D(2022, 1, 5)),
    (
        "en",
        THU,
        "It began the day before yesterday.",
        "the day before yesterday",
        "day",
        D(2022, 1, 4),
    ),
    ("en", THU, "Flights resume tomorrow.", "tomorrow", "day", D(2022, 1, 7)),
    ("en", THU, "A curfew starts tonight.", "tonight", "part_of_day", D(2022, 1, 6)),
    (
        "en",
        THU,
        "This morning the banks stayed shut.",
        "This morning",
        "part_of_day",
        D(2022, 1, 6),
    ),
    ("en", THU, "Looting spread last night.", "last night", "part_of_day", D(2022, 1, 5)),
    (
        "en",
        THU,
        "He was freed yesterday evening.",
        "yesterday evening",
        "part_of_day",
        D(2022, 1, 5),
    ),
    ("en", THU, "The blast happened two days ago.", "two days ago", "day", D(2022, 1, 4)),
    ("en", THU, "The border closed a week ago.", "a week ago", "week", D(2021, 12, 30)),
    ("en", THU, "Power failed 3 hours ago.", "3 hours ago", "hour", D(2022, 1, 6)),
    # --- English explicit dates
    ("en", THU, "The decree of 6 January bans rallies.", "6 January", "day", D(2022, 1, 6)),
    ("en", THU, "By January 6 the army was deployed.", "January 6", "day", D(2022, 1, 6)),
    ("en", THU, "On Thursday 6 January troops fired.", "Thursday 6 January", "day", D(2022, 1, 6)),
    (
        "en",
        THU,
        "Signed on 6 January 2022, the order stands.",
        "6 January 2022",
        "day",
        D(2022, 1, 6),
    ),
    ("en", THU, "Unrest began on Jan. 2 in the west.", "Jan. 2", "day", D(2022, 1, 2)),
    ("en", THU, "Fuel prices doubled on 1 January.", "1 January", "day", D(2022, 1, 1)),
    ("en", THU, "The strike of 28 December spread.", "28 December", "day", D(2021, 12, 28)),
    ("en", THU, "Talks will resume on 10 January.", "10 January", "day", D(2022, 1, 10)),
    ("en", THU, "The treaty dates from 3 March.", "3 March", "day", D(2021, 3, 3)),
    (
        "en",
        THU,
        "The accord of the 5th of January held.",
        "the 5th of January",
        "day",
        D(2022, 1, 5),
    ),
    ("en", THU, "A statement dated 06/01/22 said so.", "06/01/22", "day", D(2022, 1, 6)),
    ("en", THU, "Report 2022-01-06 attached.", "2022-01-06", "day", D(2022, 1, 6)),
    ("en", THU, "Recorded 31.12.2021 by observers.", "31.12.2021", "day", D(2021, 12, 31)),
    (
        "en",
        THU,
        "Friday, December 31, 2021 was tense.",
        "Friday, December 31, 2021",
        "day",
        D(2021, 12, 31),
    ),
    ("en", None, "Signed on 6 January 2022.", "6 January 2022", "day", D(2022, 1, 6)),
    # --- English hours and parts of day, anchored
    ("en", THU, "On Tuesday at 3 p.m. sirens sounded.", "3 p.m.", "hour", D(2022, 1, 4)),
    ("en", THU, "Sirens sounded at 3 p.m.", "3 p.m.", "hour", D(2022, 1, 6)),
    ("en", THU, "Shots rang out at 14:30 on Wednesday.", "14:30", "hour", D(2022, 1, 5)),
    (
        "en",
        THU,
        "Crowds formed early evening (local time) on Tuesday.",
        "early evening (local time)",
        "part_of_day",
        D(2022, 1, 4),
    ),
    ("en", THU, "Troops left in the early hours.", "the early hours", "part_of_day", D(2022, 1, 6)),
    ("en", MON, "Clashes broke out at dawn on Saturday.", "dawn", "part_of_day", D(2022, 3, 12)),
    # --- Italian
    ("it", THU, "Giovedì la polizia ha sgomberato la piazza.", "Giovedì", "day", D(2022, 1, 6)),
    (
        "it",
        THU,
        "Gli scontri sono iniziati martedì sera.",
        "martedì sera",
        "part_of_day",
        D(2022, 1, 4),
    ),
    ("it", THU, "Sabato scorso migliaia in piazza.", "Sabato scorso", "day", D(2022, 1, 1)),
    (
        "it",
        THU,
        "Lo scorso giovedì il governo è caduto.",
        "Lo scorso giovedì",
        "day",
        D(2021, 12, 30),
    ),
    ("it", THU, "Il premier parlerà lunedì.", "lunedì", "day", D(2022, 1, 10)),
    ("it", THU, "Giovedì prossimo si vota.", "Giovedì prossimo", "day", D(2022, 1, 13)),
    ("it", THU, "Oggi i negozi sono chiusi.", "Oggi", "day", D(2022, 1, 6)),
    ("it", THU, "Ieri è stato arrestato.", "Ieri", "day", D(2022, 1, 5)),
    ("it", THU, "L'altro ieri c'è stata un'esplosione.", "L'altro ieri", "day", D(2022, 1, 4)),
    ("it", THU, "Domani riapre l'aeroporto.", "Domani", "day", D(2022, 1, 7)),
    ("it", THU, "Stamattina è arrivato l'inviato.", "Stamattina", "part_of_day", D(2022, 1, 6)),
    ("it", THU, "Ieri sera ci sono stati spari.", "Ieri sera", "part_of_day", D(2022, 1, 5)),
    ("it", THU, "La frana è avvenuta due giorni fa.", "due giorni fa", "day", D(2022, 1, 4)),
    (
        "it",
        THU,
        "Il decreto è entrato in vigore il 6 gennaio.",
        "il 6 gennaio",
        "day",
        D(2022, 1, 6),
    ),
    (
        "it",
        THU,
        "Giovedì 6 gennaio è stato proclamato il lutto.",
        "Giovedì 6 gennaio",
        "day",
        D(2022, 1, 6),
    ),
    ("it", THU, "La legge del 1° gennaio è stata sospesa.", "1° gennaio", "day", D(2022, 1, 1)),
    ("it", THU, "Il vertice è fissato alle 15:30.", "alle 15:30", "hour", D(2022, 1, 6)),
    (
        "it",
        THU,
        "Martedì in tarda serata nuove proteste.",
        "in tarda serata",
        "part_of_day",
        D(2022, 1, 4),
    ),
    ("it", THU, "Documento datato 06/01/22.", "06/01/22", "day", D(2022, 1, 6)),
    # --- French
    ("fr", THU, "Jeudi, la police a dispersé la foule.", "Jeudi", "day", D(2022, 1, 6)),
    ("fr", THU, "Des tirs ont retenti jeudi soir.", "jeudi soir", "part_of_day", D(2022, 1, 6)),
    ("fr", THU, "Mardi dernier, l'armée est intervenue.", "Mardi dernier", "day", D(2022, 1, 4)),
    ("fr", THU, "Le président s'exprimera lundi.", "lundi", "day", D(2022, 1, 10)),
    ("fr", THU, "Aujourd'hui, les écoles sont fermées.", "Aujourd'hui", "day", D(2022, 1, 6)),
    ("fr", THU, "Hier, deux manifestants ont été blessés.", "Hier", "day", D(2022, 1, 5)),
    ("fr", THU, "Avant-hier, le ministre a démissionné.", "Avant-hier", "day", D(2022, 1, 4)),
    ("fr", THU, "Demain, un couvre-feu entrera en vigueur.", "Demain", "day", D(2022, 1, 7)),
    ("fr", THU, "Hier soir, des pillages ont eu lieu.", "Hier soir", "part_of_day", D(2022, 1, 5)),
    ("fr", THU, "Ce matin, le calme est revenu.", "Ce matin", "part_of_day", D(2022, 1, 6)),
    (
        "fr",
        THU,
        "L'explosion a eu lieu il y a deux jours.",
        "il y a deux jours",
        "day",
        D(2022, 1, 4),
    ),
    ("fr", THU, "Le décret a été publié le 6 janvier.", "le 6 janvier", "day", D(2022, 1, 6)),
    ("fr", THU, "Le 1er janvier, les prix ont doublé.", "Le 1er janvier", "day", D(2022, 1, 1)),
    (
        "fr",
        THU,
        "Mercredi 5 janvier 2022, le siège a été levé.",
        "Mercredi 5 janvier 2022",
        "day",
        D(2022, 1, 5),
    ),
    ("fr", THU, "La réunion commencera à 15h30.", "à 15h30", "hour", D(2022, 1, 6)),
    (
        "fr",
        THU,
        "Mardi, dans la nuit, des renforts sont arrivés.",
        "dans la nuit",
        "part_of_day",
        D(2022, 1, 4),
    ),
    # --- Spanish
    ("es", THU, "El jueves la policía cerró la plaza.", "El jueves", "day", D(2022, 1, 6)),
    ("es", THU, "El martes pasado hubo disturbios.", "El martes pasado", "day", D(2022, 1, 4)),
    ("es", THU, "El próximo jueves habrá elecciones.", "El próximo jueves", "day", D(2022, 1, 13)),
    (
        "es",
        THU,
        "El jueves por la noche se oyeron disparos.",
        "El jueves por la noche",
        "part_of_day",
        D(2022, 1, 6),
    ),
    ("es", THU, "Hoy los comercios están cerrados.", "Hoy", "day", D(2022, 1, 6)),
    ("es", THU, "Ayer fue detenido el alcalde.", "Ayer", "day", D(2022, 1, 5)),
    ("es", THU, "Anteayer estalló una bomba.", "Anteayer", "day", D(2022, 1, 4)),
    ("es", THU, "El ministro viajará mañana a la capital.", "mañana", "day", D(2022, 1, 7)),
    (
        "es",
        THU,
        "Esta mañana se reanudaron los vuelos.",
        "Esta mañana",
        "part_of_day",
        D(2022, 1, 6),
    ),
    (
        "es",
        THU,
        "Mañana por la mañana habrá una rueda de prensa.",
        "Mañana por la mañana",
        "part_of_day",
        D(2022, 1, 7),
    ),
    (
        "es",
        THU,
        "Ayer por la tarde hubo cortes de luz.",
        "Ayer por la tarde",
        "part_of_day",
        D(2022, 1, 5),
    ),
    ("es", THU, "Anoche hubo saqueos.", "Anoche", "part_of_day", D(2022, 1, 5)),
    ("es", THU, "El puente cayó hace dos días.", "hace dos días", "day", D(2022, 1, 4)),
    ("es", THU, "El decreto se firmó el 6 de enero.", "el 6 de enero", "day", D(2022, 1, 6)),
    (
        "es",
        THU,
        "El jueves 6 de enero de 2022 se declaró el estado de sitio.",
        "El jueves 6 de enero de 2022",
        "day",
        D(2022, 1, 6),
    ),
    (
        "es",
        THU,
        "La marcha salió a las 8 de la mañana.",
        "a las 8 de la mañana",
        "hour",
        D(2022, 1, 6),
    ),
]


@pytest.mark.parametrize(
    ("language", "published", "text", "phrase", "granularity", "expected"), POINTS
)
def test_point(
    language: str,
    published: dt.datetime | None,
    text: str,
    phrase: str,
    granularity: str,
    expected: dt.date,
) -> None:
    ref = ref_for(text, phrase, language=language, published=published)
    assert (ref.granularity, ref.date, ref.start_date, ref.end_date) == (
        granularity,
        expected,
        None,
        None,
    )


RANGES = [
    (
        "en",
        THU,
        "Dozens were held in the past 24 hours.",
        "the past 24 hours",
        "hour",
        D(2022, 1, 5),
        D(2022, 1, 6),
    ),
    (
        "en",
        THU,
        "Calm returned in the last few hours.",
        "the last few hours",
        "hour",
        D(2022, 1, 6),
        D(2022, 1, 6),
    ),
    (
        "en",
        THU,
        "Prices rose over the past week.",
        "the past week",
        "week",
        D(2021, 12, 30),
        D(2022, 1, 6),
    ),
    (
        "en",
        THU,
        "Aid stalled in the past three months.",
        "the past three months",
        "month",
        D(2021, 10, 6),
        D(2022, 1, 6),
    ),
    ("en", THU, "Strikes spread last week.", "last week", "week", D(2021, 12, 27), D(2022, 1, 2)),
    ("en", THU, "Talks began this week.", "this week", "week", D(2022, 1, 3), D(2022, 1, 9)),
    (
        "en",
        THU,
        "Elections are due next week.",
        "next week",
        "week",
        D(2022, 1, 10),
        D(2022, 1, 16),
    ),
    (
        "en",
        THU,
        "Fuel prices doubled earlier this month.",
        "earlier this month",
        "month",
        D(2022, 1, 1),
        D(2022, 1, 6),
    ),
    (
        "en",
        THU,
        "Inflation peaked last month.",
        "last month",
        "month",
        D(2021, 12, 1),
        D(2021, 12, 31),
    ),
    ("en", THU, "Growth slowed last year.", "last year", "year", D(2021, 1, 1), D(2021, 12, 31)),
    (
        "en",
        MON,
        "The law passed earlier this week.",
        "earlier this week",
        "week",
        D(2022, 3, 14),
        D(2022, 3, 14),
    ),
    ("en", THU, "Riots broke out in 2021 as well.", "2021", "year", D(2021, 1, 1), D(2021, 12, 31)),
    (
        "en",
        THU,
        "Unlike the 2019 protests, these spread.",
        "2019",
        "year",
        D(2019, 1, 1),
        D(2019, 12, 31),
    ),
    ("en", THU, "Prices froze in January.", "January", "month", D(2022, 1, 1), D(2022, 1, 31)),
    (
        "en",
        THU,
        "The deal was struck in October.",
        "October",
        "month",
        D(2021, 10, 1),
        D(2021, 10, 31),
    ),
    (
        "en",
        THU,
        "A referendum will be held in April.",
        "April",
        "month",
        D(2022, 4, 1),
        D(2022, 4, 30),
    ),
    (
        "en",
        THU,
        "Unrest flared in late December.",
        "late December",
        "month",
        D(2021, 12, 21),
        D(2021, 12, 31),
    ),
    (
        "en",
        THU,
        "Reforms began in March 2020.",
        "March 2020",
        "month",
        D(2020, 3, 1),
        D(2020, 3, 31),
    ),
    (
        "en",
        MON,
        "Shelling eased in mid-February.",
        "mid-February",
        "month",
        D(2022, 2, 11),
        D(2022, 2, 20),
    ),
    (
        "en",
        THU,
        "Last January the dam broke.",
        "Last January",
        "month",
        D(2021, 1, 1),
        D(2021, 1, 31),
    ),
    (
        "it",
        THU,
        "Nelle ultime ore la situazione è peggiorata.",
        "ultime ore",
        "hour",
        D(2022, 1, 6),
        D(2022, 1, 6),
    ),
    (
        "it",
        THU,
        "Nelle ultime 24 ore sono morte dieci persone.",
        "ultime 24 ore",
        "hour",
        D(2022, 1, 5),
        D(2022, 1, 6),
    ),
    (
        "it",
        THU,
        "La settimana scorsa il parlamento ha votato.",
        "La settimana scorsa",
        "week",
        D(2021, 12, 27),
        D(2022, 1, 2),
    ),
    (
        "it",
        THU,
        "Questa settimana riaprono le scuole.",
        "Questa settimana",
        "week",
        D(2022, 1, 3),
        D(2022, 1, 9),
    ),
    (
        "it",
        THU,
        "L'anno scorso i prezzi sono saliti.",
        "L'anno scorso",
        "year",
        D(2021, 1, 1),
        D(2021, 12, 31),
    ),
    ("it", THU, "Quest'anno si vota.", "Quest'anno", "year", D(2022, 1, 1), D(2022, 12, 31)),
    ("it", THU, "Nel 2021 le proteste erano rare.", "2021", "year", D(2021, 1, 1), D(2021, 12, 31)),
    (
        "it",
        THU,
        "Le trattative sono iniziate a dicembre.",
        "dicembre",
        "month",
        D(2021, 12, 1),
        D(2021, 12, 31),
    ),
    (
        "it",
        THU,
        "Il blocco è scattato a fine dicembre.",
        "fine dicembre",
        "month",
        D(2021, 12, 21),
        D(2021, 12, 31),
    ),
    (
        "fr",
        THU,
        "La semaine dernière, la grève s'est étendue.",
        "La semaine dernière",
        "week",
        D(2021, 12, 27),
        D(2022, 1, 2),
    ),
    (
        "fr",
        THU,
        "Ces dernières heures, le calme est revenu.",
        "Ces dernières heures",
        "hour",
        D(2022, 1, 6),
        D(2022, 1, 6),
    ),
    (
        "fr",
        THU,
        "Au cours des dernières 24 heures, dix morts.",
        "dernières 24 heures",
        "hour",
        D(2022, 1, 5),
        D(2022, 1, 6),
    ),
    (
        "fr",
        THU,
        "Cette semaine, les banques ont rouvert.",
        "Cette semaine",
        "week",
        D(2022, 1, 3),
        D(2022, 1, 9),
    ),
    (
        "fr",
        THU,
        "L'an dernier, l'inflation a grimpé.",
        "L'an dernier",
        "year",
        D(2021, 1, 1),
        D(2021, 12, 31),
    ),
    ("fr", THU, "En 2021, le pays était calme.", "2021", "year", D(2021, 1, 1), D(2021, 12, 31)),
    (
        "fr",
        THU,
        "Les prix ont flambé mi-décembre.",
        "mi-décembre",
        "month",
        D(2021, 12, 11),
        D(2021, 12, 20),
    ),
    (
        "es",
        THU,
        "La semana pasada hubo huelgas.",
        "La semana pasada",
        "week",
        D(2021, 12, 27),
        D(2022, 1, 2),
    ),
    (
        "es",
        THU,
        "En las últimas 24 horas murieron diez personas.",
        "las últimas 24 horas",
        "hour",
        D(2022, 1, 5),
        D(2022, 1, 6),
    ),
    (
        "es",
        THU,
        "El año pasado la inflación subió.",
        "El año pasado",
        "year",
        D(2021, 1, 1),
        D(2021, 12, 31),
    ),
    ("es", THU, "En 2021 el país estaba en calma.", "2021", "year", D(2021, 1, 1), D(2021, 12, 31)),
    (
        "es",
        THU,
        "El acuerdo se firmó a finales de diciembre.",
        "finales de diciembre",
        "month",
        D(2021, 12, 21),
        D(2021, 12, 31),
    ),
    (
        "es",
        THU,
        "La ley entró en vigor en enero de 2020.",
        "enero de 2020",
        "month",
        D(2020, 1, 1),
        D(2020, 1, 31),
    ),
]


@pytest.mark.parametrize(
    ("language", "published", "text", "phrase", "granularity", "first", "last"), RANGES
)
def test_range(
    language: str,
    published: dt.datetime,
    text: str,
    phrase: str,
    granularity: str,
    first: dt.date,
    last: dt.date,
) -> None:
    ref = ref_for(text, phrase, language=language, published=published)
    assert (ref.granularity, ref.date) == (granularity, None)
    assert (ref.start_date, ref.end_date) == (first, last)


NOT_TIMES = [
    ("en", "At least 18 security personnel were killed and 748 people detained."),
    ("en", "The government sent 2,030 troops and 2000 soldiers to the region."),
    ("en", "The 103rd brigade moved 40 km north; call +7 727 555 1234 for details."),
    ("en", "The 45-year-old leader may march with 1,200 supporters."),
    ("en", "Turnout reached 61.5% and 3/4 of seats were won."),
    ("it", "Sono morte 18 persone e 2.030 soldati sono stati inviati."),
    ("fr", "Au moins 18 policiers ont été tués et 2 030 soldats déployés."),
    ("es", "Murieron 18 agentes y se desplegaron 2.030 soldados."),
]


@pytest.mark.parametrize(("language", "text"), NOT_TIMES)
def test_numbers_are_not_dates(language: str, text: str) -> None:
    assert find_times(text, published=THU, language=language) == []


@pytest.mark.parametrize(
    ("language", "text", "phrase"),
    [
        ("en", "Markets fell on Thursday.", "Thursday"),
        ("en", "Two days ago the bridge fell.", "Two days ago"),
        ("en", "Strikes spread last week.", "last week"),
        ("it", "Sabato scorso la piazza era piena.", "Sabato scorso"),
        ("fr", "Hier, la foule s'est dispersée.", "Hier"),
        ("es", "Hace dos días cayó el puente.", "Hace dos días"),
    ],
)
def test_relative_without_published_is_unresolved(language: str, text: str, phrase: str) -> None:
    ref = ref_for(text, phrase, language=language, published=None)
    assert (ref.date, ref.start_date, ref.end_date) == (None, None, None)
    assert ref.granularity in GRANULARITIES


def test_absolute_dates_resolve_without_published() -> None:
    refs = find_times("Between 2 March 2021 and 2022-01-06.", published=None, language="en")
    assert [(r.text, r.date) for r in refs] == [
        ("2 March 2021", D(2021, 3, 2)),
        ("2022-01-06", D(2022, 1, 6)),
    ]


@pytest.mark.parametrize(
    ("order", "expected"), [(None, D(2022, 1, 6)), ("DMY", D(2022, 1, 6)), ("MDY", D(2022, 6, 1))]
)
def test_numeric_date_order(order: str | None, expected: dt.date) -> None:
    refs = find_times("Memo of 06/01/22.", published=THU, language="en", date_order=order)
    assert [r.date for r in refs] == [expected]


def test_unknown_date_order_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="'DDMM'"):
        find_times("Memo of 06/01/22.", published=THU, language="en", date_order="DDMM")


def test_spanish_manana_as_morning() -> None:
    text = "Por la mañana hubo calma; mañana habrá huelga."
    refs = find_times(text, published=THU, language="es")
    assert [(r.text, r.granularity, r.date) for r in refs] == [
        ("Por la mañana", "part_of_day", D(2022, 1, 6)),
        ("mañana", "day", D(2022, 1, 7)),
    ]


def test_sentence_end_dot_not_in_span() -> None:
    refs = find_times("They met on 28 December. He left at 9 a.m.", published=THU, language="en")
    assert [r.text for r in refs] == ["28 December", "9 a.m."]


def test_unsupported_language_and_empty_text() -> None:
    assert find_times("Am Donnerstag", published=THU, language="xx") == []
    assert find_times("", published=THU, language="en") == []
    assert find_times("Yesterday.", published=THU, language="en-GB")[0].date == D(2022, 1, 5)


def test_lexicons_load_for_all_shipped_languages() -> None:
    assert set(supported_languages()) >= {"en", "it", "fr", "es"}
    for language in supported_languages():
        lex = lexicon_for(language)
        assert lex is not None and lex.rules
        assert {rule.kind for rule in lex.rules} <= RULE_KINDS
        assert lex.term("weekday", next(iter(lex.terms["weekday"]))) == 0


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("past", D(2022, 1, 6)),
        ("past_strict", D(2021, 12, 30)),
        ("future", D(2022, 1, 6)),
        ("future_strict", D(2022, 1, 13)),
    ],
)
def test_weekday_same_as_published(mode: str, expected: dt.date) -> None:
    assert weekday_date(D(2022, 1, 6), 3, mode) == expected


@pytest.mark.parametrize(
    ("parsed", "future", "weekday", "expected"),
    [
        (D(2000, 12, 25), False, None, D(2021, 12, 25)),
        (D(2000, 1, 20), False, None, D(2022, 1, 20)),  # within the near-future window
        (D(2000, 5, 1), False, None, D(2021, 5, 1)),
        (D(2000, 5, 1), True, None, D(2022, 5, 1)),
        (D(2000, 1, 7), False, 4, D(2022, 1, 7)),  # Friday 7 January
        (D(2000, 2, 29), False, None, None),  # no leap year in 2021-2023
    ],
)
def test_infer_year(
    parsed: dt.date, future: bool, weekday: int | None, expected: dt.date | None
) -> None:
    assert infer_year(parsed, D(2022, 1, 6), future=future, weekday=weekday) == expected


@pytest.mark.parametrize(
    ("month", "mode", "expected"),
    [
        (1, "none", 2022),
        (2, "none", 2022),  # starts within NEAR_FUTURE_DAYS
        (3, "none", 2021),
        (1, "past", 2021),
        (12, "past", 2021),
        (1, "future", 2023),
        (3, "future", 2022),
        (1, "upcoming", 2022),
        (12, "upcoming", 2022),
    ],
)
def test_month_year(month: int, mode: str, expected: int) -> None:
    assert month_year(month, D(2022, 1, 6), mode) == expected


# --------------------------------------------------------------------------- properties

LANGUAGES = st.sampled_from(["en", "it", "fr", "es"])
PUBLISHED = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2060, 12, 31))
TIMEY = st.sampled_from(
    [
        "Thursday",
        "last Friday",
        "6 January",
        "06/01/22",
        "2021",
        "in 2021",
        "yesterday",
        "ieri sera",
        "il 6 gennaio",
        "l'altro ieri",
        "avant-hier",
        "le 1er janvier",
        "hier soir",
        "mañana",
        "esta mañana",
        "el 6 de enero",
        "hace dos días",
        "at 3 p.m.",
        "alle 15",
        "2,030",
        "18",
        "the 103rd",
        ".",
        ",",
        "\n",
        " ",
        "-",
        "/",
        "(local time)",
        "May",
    ]
)
MIXED_TEXT = st.lists(st.one_of(TIMEY, st.text(max_size=12)), max_size=25).map(" ".join)


def check_shape(text: str, refs: list[TimeRef]) -> None:
    previous_end = 0
    for ref in refs:
        assert text[ref.start : ref.end] == ref.text
        assert ref.start >= previous_end  # sorted and non-overlapping
        previous_end = ref.end
        assert ref.granularity in GRANULARITIES
        assert ref.date is None or (ref.start_date is None and ref.end_date is None)
        if ref.start_date and ref.end_date:
            assert ref.start_date <= ref.end_date


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), MIXED_TEXT), language=LANGUAGES, published=st.none() | PUBLISHED)
def test_never_crashes_and_offsets_slice(
    text: str, language: str, published: dt.datetime | None
) -> None:
    check_shape(text, find_times(text, published=published, language=language))


PAST_CUES = {
    "en": [
        "yesterday",
        "last Thursday",
        "Monday",
        "two days ago",
        "last week",
        "last night",
        "the past 24 hours",
    ],
    "it": [
        "ieri",
        "sabato scorso",
        "martedì sera",
        "due giorni fa",
        "la settimana scorsa",
        "l'altro ieri",
    ],
    "fr": [
        "hier",
        "jeudi dernier",
        "jeudi soir",
        "il y a deux jours",
        "la semaine dernière",
        "avant-hier",
    ],
    "es": ["ayer", "el jueves pasado", "anoche", "hace dos días", "la semana pasada", "anteayer"],
}


@settings(max_examples=200, deadline=None)
@given(data=st.data(), language=LANGUAGES, published=PUBLISHED)
def test_past_cues_never_after_published(
    data: st.DataObject, language: str, published: dt.datetime
) -> None:
    phrase = data.draw(st.sampled_from(PAST_CUES[language]))
    text = f"Report. {phrase[:1].upper()}{phrase[1:]} the crowd said so."
    refs = find_times(text, published=published, language=language)
    assert refs, phrase
    limit = published.date() + dt.timedelta(days=1)
    for ref in refs:
        assert (ref.date or ref.end_date) is not None
        assert (ref.date or ref.end_date) <= limit  # type: ignore[operator]


@settings(max_examples=200, deadline=None)
@given(published=PUBLISHED, weekday=st.integers(0, 6))
def test_bare_weekday_within_last_seven_days(published: dt.datetime, weekday: int) -> None:
    name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday]
    (ref,) = find_times(f"Officials spoke on {name}.", published=published, language="en")
    assert ref.date is not None and ref.date.weekday() == weekday
    assert 0 <= (published.date() - ref.date).days <= 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the future cue sits in another clause: the weekday is still the past one
        ("The union said it will keep striking, which began on Monday.", D(2022, 1, 3)),
        ("Officials said on Monday that talks will resume.", D(2022, 1, 3)),
        ("The bank said it would stay shut on Monday.", D(2022, 1, 10)),
        ("He would have voted on Monday.", D(2022, 1, 3)),
    ],
)
def test_future_cue_scope(text: str, expected: dt.date) -> None:
    assert [r.date for r in find_times(text, published=THU, language="en")] == [expected]


@pytest.mark.parametrize(
    ("language", "text", "years"),
    [
        ("en", "Between 2019 and 2021 prices rose.", ["2019", "2021"]),
        ("en", "From 2015 to 2018 the war went on.", ["2015", "2018"]),
        ("it", "Tra il 2019 e il 2021 nulla è cambiato.", ["2019", "2021"]),
        ("fr", "Entre 2019 et 2021, rien n'a changé.", ["2019", "2021"]),
        ("es", "Entre 2019 y 2021 nada cambió.", ["2019", "2021"]),
    ],
)
def test_year_pairs(language: str, text: str, years: list[str]) -> None:
    refs = find_times(text, published=THU, language=language)
    assert [r.text for r in refs] == years
    assert all(r.granularity == "year" for r in refs)


@pytest.mark.parametrize(
    ("text", "phrase", "granularity", "expected"),
    [
        ("Il y a trois mois, le barrage a cédé.", "Il y a trois mois", "month", D(2021, 10, 6)),
        ("Ces derniers mois, les prix ont grimpé.", "Ces derniers mois", "month", D(2021, 10, 6)),
        ("Depuis deux semaines, la ville est bloquée.", "deux semaines", "week", D(2021, 12, 23)),
    ],
)
def test_french_month_and_week_spans(
    text: str, phrase: str, granularity: str, expected: dt.date
) -> None:
    ref = ref_for(text, phrase, language="fr", published=THU)
    assert ref.granularity == granularity
    assert (ref.date or ref.start_date) == expected


def test_dateline_article() -> None:
    text = (
        "ALMATY, Jan 6 (Reuters) - Troops fired on crowds on Thursday, a day after 748 people"
        " were held. The unrest began on Sunday, January 2. The president will speak on"
        " Tuesday; 2,500 soldiers landed at 0700 GMT."
    )
    refs = find_times(text, published=THU, language="en")
    assert [(r.text, r.date) for r in refs] == [
        ("Jan 6", D(2022, 1, 6)),
        ("Thursday", D(2022, 1, 6)),
        ("Sunday, January 2", D(2022, 1, 2)),
        ("Tuesday", D(2022, 1, 11)),
        ("0700 GMT", D(2022, 1, 6)),  # ";" ends the reach of "Tuesday"
    ]
