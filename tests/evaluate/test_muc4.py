"""MUC-4 casualty scoring: the gold normaliser, matching, aggregation and the whole run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from spacy.tokens import Doc

from sitrep.evaluate.muc4 import (
    add_gold,
    distance,
    gold_casualties,
    matches,
    parse_number,
    predicted,
    score_muc4,
    truecase,
)
from sitrep.model import Figure


def filler(
    raw: str, values: list[str], ref: list[str] | None, optional: bool = False
) -> dict[str, Any]:
    return {"optional": optional, "values": values, "ref": ref, "raw": raw}


def template(number: str = "1", **slots: Any) -> dict[str, Any]:
    names = {
        "names": "HUM TGT: NAME",
        "numbers": "HUM TGT: NUMBER",
        "effects": "HUM TGT: EFFECT OF INCIDENT",
    }
    return {"template_no": number, "slots": {names[k]: v for k, v in slots.items()}}


def record(*templates: dict[str, Any], text: str = "", irrelevant: bool = False) -> dict[str, Any]:
    return {"doc_id": "T-1", "text": text, "templates": list(templates), "irrelevant": irrelevant}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("6", ((6, 6),)),
        ("~40", ((40, 40),)),
        ("5-", ((5, None),)),
        ("- 26", ((1, 26),)),
        ("2 - 5", ((2, 5),)),
        ("PLURAL", ((2, None),)),
        ("-", ((1, None),)),
    ],
)
def test_parse_number(value: str, expected: tuple[tuple[int, int | None], ...]) -> None:
    assert parse_number(value) == expected


def test_add_gold_sums_every_alternative() -> None:
    assert add_gold(((1, 1), (3, 3)), ((0, 0), (2, 2))) == ((1, 1), (3, 3), (5, 5))
    assert add_gold(((1, 2),), ((0, None),)) == ((1, None),)


def test_numbers_times_effects() -> None:
    gold = gold_casualties(
        record(
            template(
                numbers=[
                    filler('4: "PEOPLE"', ["4"], ["PEOPLE"]),
                    filler('2: "POLICEMEN"', ["2"], ["POLICEMEN"]),
                ],
                effects=[
                    filler('DEATH: "PEOPLE"', ["DEATH"], ["PEOPLE"]),
                    filler('INJURY: "POLICEMEN"', ["INJURY"], ["POLICEMEN"]),
                ],
            )
        )
    )
    assert gold == {"killed": ((4, 4),), "injured": ((2, 2),)}


def test_named_target_without_number_counts_one_and_duplicates_count_once() -> None:
    death = filler('DEATH: "ANA PEREZ"', ["DEATH"], ["ANA PEREZ"])
    names = [filler('"ANA PEREZ"', ["ANA PEREZ"], None)]
    gold = gold_casualties(
        record(template(names=names, effects=[death]), template("2", names=names, effects=[death]))
    )
    assert gold["killed"] == ((1, 1),)
    assert gold["injured"] == ((0, 0),)


def test_optional_fillers_and_alternatives() -> None:
    gold = gold_casualties(
        record(
            template(
                numbers=[
                    filler('3: "GUARDS"', ["3"], ["GUARDS"]),
                    filler('?PLURAL: "PASSERSBY"', ["PLURAL"], ["PASSERSBY"], optional=True),
                ],
                effects=[
                    filler('DEATH: "GUARDS"', ["DEATH"], ["GUARDS"]),
                    filler('DEATH: "PASSERSBY"', ["DEATH"], ["PASSERSBY"]),
                    filler('NO INJURY OR DEATH: "-"', ["NO INJURY OR DEATH"], ["-"]),
                ],
            )
        )
    )
    assert gold["killed"] == ((3, 3), (5, None))
    assert gold["injured"] == ((0, 0),)
    assert matches(gold["killed"], 3) and matches(gold["killed"], 9)
    assert not matches(gold["killed"], 4)
    assert distance(gold["killed"], 4) == 1


def test_no_injury_or_death_counts_neither() -> None:
    gold = gold_casualties(
        record(
            template(
                numbers=[filler('3: "GUARDS"', ["3"], ["GUARDS"])],
                effects=[
                    filler('NO INJURY OR DEATH: "GUARDS"', ["NO INJURY OR DEATH"], ["GUARDS"]),
                    filler('NO DEATH: "GUARDS"', ["NO DEATH", "NO INJURY"], ["GUARDS"]),
                ],
            ),
            template(
                "2",
                numbers=[filler('2: "DRIVERS"', ["2"], ["DRIVERS"])],
                effects=[filler('(INJURY / DEATH): "DRIVERS"', ["(INJURY", "DEATH)"], ["DRIVERS"])],
            ),
        )
    )
    assert gold["killed"] == ((0, 0), (2, 2))
    assert gold["injured"] == ((0, 0), (2, 2))


def figure(
    kind: str, value: int | None, who: str | None = None, certainty: str = "reported", **kw: Any
) -> Figure:
    return Figure(kind, value, kw.get("min"), kw.get("max"), False, who, None, None, None,
                  None, None, certainty, False, "", 0, 0)  # fmt: skip


def test_predicted_is_the_largest_counted_figure() -> None:
    figures = [
        figure("killed", 3),
        figure("killed", 5),
        figure("killed", 9, who="guerrillas"),  # perpetrators are not human targets
        figure("killed", 20, certainty="denied"),
        figure("killed", None, min=4),
        figure("injured", 7),
    ]
    assert predicted(figures, "killed") == 5
    assert predicted(figures, "injured") == 7
    assert predicted([], "killed") == 0


def test_estimates_of_a_hundred_or_more_are_not_one_incident() -> None:
    thousands = figure("killed", None, min=2000, max=9999)
    some = Figure("killed", 300, None, None, True, None, None, None, None,
                  None, None, "reported", False, "", 0, 0)  # fmt: skip
    assert predicted([figure("killed", 4), thousands, some], "killed") == 4
    assert predicted([figure("killed", 4), figure("killed", 120)], "killed") == 120


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen killed six priests and two women on Thursday.", 8),  # one coordination
        ("The attack killed three police officers and a civilian.", 4),
        ("Six priests were killed. Later two priests were killed in the same attack.", 6),
        ("The bomb killed either three peasants or four soldiers.", 4),
    ],
)
def test_coordinated_victims_are_summed(text: str, expected: int) -> None:
    from sitrep.extract.pipeline import build_nlp

    doc = build_nlp("en")(text)
    assert predicted(doc._.figures, "killed", doc) == expected


@pytest.mark.slow
def test_truecase_lowers_dictionary_words() -> None:
    assert truecase("THE MAYOR OF ZAPATOCA WAS KILLED.") == "The mayor of Zapatoca was killed."


@pytest.mark.slow
def test_score_muc4_on_a_tiny_file(tmp_path: Path) -> None:
    kill = template(
        numbers=[filler('3: "PEASANTS"', ["3"], ["PEASANTS"])],
        effects=[filler('DEATH: "PEASANTS"', ["DEATH"], ["PEASANTS"])],
    )
    rows = [
        record(kill, text="LIMA, 2 MAR 90 -- THREE PEASANTS WERE KILLED BY A BOMB IN THE MARKET."),
        record(text="LIMA, 2 MAR 90 -- THE TALKS CONTINUED.", irrelevant=True),
    ]
    path = tmp_path / "muc.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")

    class Count:
        seen = 0

        def add(self, record: dict[str, Any], doc: Doc) -> None:
            self.seen += 1

        def metrics(self) -> dict[str, float]:
            return {"hook_docs": float(self.seen)}

    scores = score_muc4([path], scorers=[Count()])
    assert (scores.docs, scores.relevant) == (2, 1)
    assert scores.killed.exact == 1.0 and scores.injured.exact == 1.0
    assert scores.metrics()["hook_docs"] == 1.0
    assert scores.to_dict()["killed"]["mae"] == 0.0
