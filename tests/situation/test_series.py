"""Figure series: revisions, withdrawals, contradictions, corroboration, current value."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from sitrep.situation.series import (
    build_series,
    contradictions,
    current,
    latest_by_party,
    revisions,
)
from tests.situation.helpers import claim


def test_a_party_raising_its_number_in_a_later_report_is_a_revision() -> None:
    found = revisions([claim(18, article="a1", day=7), claim(19, article="a2", day=15)])
    assert [(r.before.value, r.after.value, r.withdrawn) for r in found] == [(18, 19, False)]


def test_repeating_the_same_number_is_not_a_revision() -> None:
    assert revisions([claim(18, article="a1"), claim(18, article="a2", day=7)]) == []


def test_within_one_report_the_largest_number_counts() -> None:
    # "7,939 detained, up from 5,800": the smaller number is an earlier figure recalled.
    older = claim(5800, kind="detained", article="a1", day=9)
    same_report = [claim(7939, kind="detained", article="a2", day=10, start=0),
                   claim(5800, kind="detained", article="a2", day=10, start=50)]  # fmt: skip
    found = revisions([older, *same_report])
    assert [(r.before.value, r.after.value) for r in found] == [(5800, 7939)]


def test_rumours_neither_revise_nor_contradict() -> None:
    claims = [claim(18, article="a1"), claim(2, article="a2", day=7, certainty="rumour",
                                             party="outlet:x")]  # fmt: skip
    assert revisions(claims) == []
    assert contradictions(claims) == []


def test_a_cited_retraction_withdraws_its_own_partys_number() -> None:
    claims = [
        claim(164, who="people", party="source:state television", article="a1", day=9),
        claim(164, who="people", party="source:state television", article="a2", day=10,
              certainty="retracted"),
    ]  # fmt: skip
    found = revisions(claims)
    assert [(r.party, r.withdrawn) for r in found] == [("source:state television", True)]
    assert latest_by_party(claims) == []


def test_an_uncited_retraction_withdraws_the_latest_claim_with_that_value() -> None:
    claims = [
        claim(164, who="people", party="source:state tv", article="a1", day=9),
        claim(164, who="people", party="outlet:paper", article="a2", day=10, certainty="retracted"),
    ]
    assert [r.party for r in revisions(claims)] == ["source:state tv"]


def test_contradiction_needs_two_parties_on_one_day_in_different_reports() -> None:
    claims = [
        claim(18, party="gov:KAZ", article="a1"),
        claim(40, party="source:witnesses", article="a2", certainty="witness"),
        claim(41, party="source:witnesses", article="a3", day=7),
    ]
    found = contradictions(claims)
    assert len(found) == 1
    assert {found[0].first.value, found[0].second.value} == {18, 40}
    assert found[0].official_vs_other


def test_approximate_numbers_agree_within_ten_percent() -> None:
    claims = [
        claim(2000, kind="deployed", who="troops", approximate=True, party="gov:KAZ", article="a1"),
        claim(2030, kind="deployed", who="troops", party="igo:CST", article="a2"),
    ]
    assert contradictions(claims) == []


def test_current_prefers_the_newest_official_number() -> None:
    claims = [claim(18, party="gov:KAZ", article="a1", day=7),
              claim(25, party="outlet:x", article="a2", day=9, certainty="reported"),
              claim(19, party="gov:KAZ", article="a3", day=15)]  # fmt: skip
    (series,) = build_series(claims, originals={})
    picked = current(series)
    assert picked is not None and picked.value == 19


def test_series_are_keyed_by_kind_who_and_place_and_leave_out_opinion() -> None:
    claims = [claim(18), claim(748, kind="injured", who="people", article="a2"),
              claim(5, opinion=True, article="a3")]  # fmt: skip
    series = build_series(claims, originals={})
    assert [s.key for s in series] == ["killed/security/-", "injured/people/-"]
    assert all(not c.opinion for s in series for c in s.claims)


def test_a_copy_counts_as_its_originals_outlet() -> None:
    claims = [claim(18, article="orig", outlet="wire.example"),
              claim(18, article="copy", outlet="reprint.example")]  # fmt: skip
    (series,) = build_series(claims, originals={"copy": "wire.example"})
    assert series.outlets == 1
    (plain,) = build_series(claims, originals={})
    assert plain.outlets == 2


values = st.lists(
    st.tuples(st.integers(1, 500), st.sampled_from(["gov:KAZ", "outlet:a", "igo:CST"]),
              st.integers(2, 20), st.sampled_from(["official_claim", "reported", "rumour",
                                                   "retracted"])),
    min_size=1, max_size=12,
)  # fmt: skip


@given(values, st.randoms(use_true_random=False))
def test_reconciling_is_independent_of_input_order(rows: list, rnd: random.Random) -> None:
    claims = [claim(v, party=p, day=d, certainty=c, article=f"a{i}", start=i)
              for i, (v, p, d, c) in enumerate(rows)]  # fmt: skip
    shuffled = list(claims)
    rnd.shuffle(shuffled)
    assert build_series(claims, originals={}) == build_series(shuffled, originals={})
    assert build_series(claims, originals={}) == build_series(claims, originals={})


def test_an_open_ended_number_can_revise() -> None:
    found = revisions([claim(50, article="a1"), claim(None, low=200, article="a2", day=8)])
    assert [(r.before.value, r.after.min) for r in found] == [(50, 200)]


def test_current_is_the_largest_number_of_the_newest_report() -> None:
    same_report = [claim(7939, kind="detained", article="a2", day=10, start=0),
                   claim(5800, kind="detained", article="a2", day=10, start=50)]  # fmt: skip
    (series,) = build_series(same_report, originals={})
    picked = current(series)
    assert picked is not None and picked.value == 7939


def test_a_rumour_does_not_hide_the_number_a_party_asserts() -> None:
    claims = [claim(100, party="outlet:x", certainty="reported", article="a1"),
              claim(500, party="outlet:x", certainty="rumour", article="a2", day=8)]  # fmt: skip
    (series,) = build_series(claims, originals={})
    picked = current(series)
    assert picked is not None and picked.value == 100
