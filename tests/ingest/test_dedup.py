from __future__ import annotations

from sitrep.ingest.dedup import NearDuplicateIndex, shingles
from sitrep.settings import DedupSettings

ORIGINAL = (
    "Security forces regained control of the regional administration building on Friday after "
    "a night of clashes, the interior ministry said in a statement. The ministry said dozens "
    "of people had been detained and that order had been restored in the city centre, where "
    "shops remained closed and public transport was suspended. Residents reported sporadic "
    "gunfire in the northern districts until the early morning hours, and the airport stayed "
    "closed to commercial flights for a second day."
)
EDITED = (
    ORIGINAL.replace("on Friday", "on Friday morning").replace(
        " and the airport stayed closed to commercial flights for a second day.", "."
    )
    + " The report was distributed by a partner agency."
)
OTHER = (
    "The central bank kept its main interest rate unchanged on Thursday, citing slowing "
    "inflation and weaker demand for credit. Analysts had expected the decision, which "
    "follows three consecutive cuts earlier in the year, and said the bank was likely to "
    "wait for new growth figures before acting again."
)


def test_edited_copy_found_and_other_not() -> None:
    index = NearDuplicateIndex(DedupSettings())
    index.add("orig", index.signature(ORIGINAL))
    found = index.original_of(index.signature(EDITED))
    assert found is not None and found[0] == "orig" and found[1] > 0.6
    assert index.original_of(index.signature(OTHER)) is None


def test_copy_of_copy_links_to_root() -> None:
    index = NearDuplicateIndex(DedupSettings())
    index.add("orig", index.signature(ORIGINAL))
    index.add("copy", index.signature(EDITED), duplicate_of="orig")
    found = index.original_of(index.signature(EDITED + " Extra line."))
    assert found is not None and found[0] == "orig"


def test_signature_round_trip() -> None:
    index = NearDuplicateIndex(DedupSettings())
    minhash = index.signature(ORIGINAL)
    assert index.from_bytes(index.to_bytes(minhash)).jaccard(minhash) == 1.0


def test_shingles_of_short_text() -> None:
    assert shingles("Two words", 3) == {b"two words"}
