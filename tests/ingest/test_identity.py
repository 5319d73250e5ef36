from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.ingest.identity import ID_LENGTH, content_hash, normalize_text


@given(st.text())
def test_hash_is_hex_of_fixed_length(text: str) -> None:
    value = content_hash(text)
    assert len(value) == ID_LENGTH
    int(value, 16)


@given(st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=8), min_size=1, max_size=30))
def test_hash_ignores_whitespace_and_case(words: list[str]) -> None:
    plain = " ".join(words)
    reflowed = "\n  ".join(w.upper() for w in words) + "\n"
    assert content_hash(plain) == content_hash(reflowed)


@given(st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=8), min_size=2, max_size=30))
def test_hash_changes_when_a_word_changes(words: list[str]) -> None:
    changed = [*words[:-1], words[-1] + "z"]
    assert content_hash(" ".join(words)) != content_hash(" ".join(changed))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("  A\tB\n\nC ", "a b c"), ("Ｆｕｌｌ", "full"), ("Straße", "strasse")],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected
