"""Number expressions in en/it/fr/es: ``find_quantities`` (on a Doc) and ``parse_quantity``.

A :class:`Quantity` is an exact ``value``, or ``min``/``max`` bounds, with ``approximate``.

- Digits with any locale's grouping ("2,030", "2.030", "2 030", "3.000"): a separator
  followed by groups of exactly three digits always groups (a head count is never
  "2.030" people), otherwise ``.`` or ``,`` is a decimal point and the number only counts
  before a multiplier ("1.5 million", "1,5 milioni").
- Words in the article's language through text2num ("eighteen", "vingt-six", "ciento
  sesenta y cuatro"); plural scale words ("thousands") are never read by text2num (it
  returns 1000) but by the curated table ``data/figures/vague.yaml``.
- Ranges ("between 20 and 30", "20-30", "tra 20 e 30", "two or three") and modifiers from
  ``data/figures/{lang}.yaml`` (``quantity``): ``above`` "more than 2,000" -> min 2001;
  ``at_least`` -> min; ``at_most`` "up to 50" -> max 50; ``below`` "fewer than 50" -> max 49;
  ``nearly`` "almost 300" -> max 300, approximate; ``about`` -> value, approximate.
- ``zero`` words ("no one", "nessun", "aucun", "nadie") give value 0.

The scanner works on lower-cased token texts, so a Doc and a plain string share it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc
from text_to_num import text2num

LANGS = ("en", "it", "fr", "es")
MAX_PHRASE = 5  # longest modifier / vague phrase, in tokens
_GROUPED = re.compile(r"\d{1,3}([,.\u00a0\u202f' ’])\d{3}(?:\1\d{3})*")
_PLAIN = re.compile(r"\d+")
_DECIMAL = re.compile(r"\d+[.,]\d+")
_THREE = re.compile(r"\d{3}")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+['’]?|[^\w\s]")
# Articles that are also "one": never start a number run ("un uomo" is not a count).
_NOT_START = frozenset({"un", "une", "una", "uno", "un'", "a", "an"})
_WORD_JOINERS = frozenset({"and", "y", "et", "-"})
_SCALE_PLURALS = frozenset({"hundreds", "thousands", "millions", "billions", "tens", "dozens"})
_NEEDS_OPENER = frozenset({"and", "e", "y", "et", "a", "à", "to"})


@dataclass(frozen=True, slots=True)
class Quantity:
    """An exact ``value`` or ``min``/``max`` bounds (either may be open)."""

    value: int | None
    min: int | None = None
    max: int | None = None
    approximate: bool = False

    @property
    def low(self) -> int | None:
        """The smallest number the quantity allows (None when unbounded below)."""
        return self.value if self.value is not None else self.min

    @property
    def high(self) -> int | None:
        """The largest number the quantity allows (None when unbounded above)."""
        return self.value if self.value is not None else self.max


@dataclass(frozen=True, slots=True)
class QuantitySpan:
    """A quantity found at tokens ``[start, end)``; ``number_end`` ends its last number."""

    quantity: Quantity
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class NumberLexicon:
    """Per-language phrase tables (all keys are tuples of lower-case tokens)."""

    vague: dict[tuple[str, ...], Quantity]
    modifiers: dict[tuple[str, ...], str]
    range_open: frozenset[str]
    range_join: frozenset[str]
    multipliers: dict[str, int]
    zero: frozenset[tuple[str, ...]]
    firsts: frozenset[str]  # first words of vague and zero phrases (a cheap pre-check)


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(text.lower()))


def load_yaml(name: str) -> Any:
    """A data file under ``sitrep/data/figures``."""
    path = resources.files("sitrep") / "data" / "figures" / name
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@functools.cache
def lexicon(lang: str) -> NumberLexicon:
    """The number lexicon of ``lang`` (English for unknown languages)."""
    lang = lang if lang in LANGS else "en"
    vague: dict[tuple[str, ...], Quantity] = {}
    for text, entry in load_yaml("vague.yaml")[lang].items():
        value = entry.get("value")
        vague[_phrase(text)] = Quantity(value, entry.get("min"), entry.get("max"), True)
    table = load_yaml(f"{lang}.yaml")["quantity"]
    modifiers = {
        _phrase(text): kind
        for kind in ("above", "at_least", "at_most", "below", "nearly", "about")
        for text in table.get(kind, ())
    }
    zero = frozenset(_phrase(text) for text in table["zero"])
    return NumberLexicon(
        firsts=frozenset(p[0] for p in (*vague, *zero)),
        zero=zero,
        vague=vague,
        modifiers=modifiers,
        range_open=frozenset(table["range_open"]),
        range_join=frozenset(table["range_join"]),
        multipliers={str(k): int(v) for k, v in table["multipliers"].items()},
    )


def parse_digits(text: str) -> int | float | None:
    """``"2,030"``, ``"2.030"``, ``"2 030"`` -> 2030; ``"1.5"`` -> 1.5; else None."""
    if _GROUPED.fullmatch(text):
        return int(re.sub(r"\D", "", text))
    if _PLAIN.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return float(text.replace(",", "."))
    return None


@functools.lru_cache(maxsize=65536)
def word_value(word: str, lang: str) -> int | None:
    """The value of a number word or word sequence ("diciotto" -> 18), else None."""
    if not word or word in _SCALE_PLURALS or not word[0].isalpha():
        return None
    try:
        value = text2num(word, lang)
    except (ValueError, IndexError, KeyError):
        return None
    return int(value)


def _number_at(words: Sequence[str], i: int, lang: str, lex: NumberLexicon) -> tuple[int, int]:
    """The number starting at ``words[i]``: (value, end) or (-1, i) when there is none."""
    first = words[i]
    digits = parse_digits(first)
    if digits is not None:
        end = i + 1
        # "2 030": French-style grouping split by the tokenizer.
        while (
            isinstance(digits, int)
            and end < len(words)
            and _THREE.fullmatch(words[end])
            and len(first) <= 3
        ):
            digits = digits * 1000 + int(words[end])
            end += 1
        if end < len(words) and words[end] in lex.multipliers:
            return int(digits * lex.multipliers[words[end]]), end + 1
        return (digits, end) if isinstance(digits, int) else (-1, i)
    if first in _NOT_START or word_value(first, lang) is None:
        return -1, i
    # Longest run of number words (with joiners) that text2num accepts.
    end, best, value = i + 1, i + 1, word_value(first, lang)
    while end < len(words) and end - i < 8:
        word = words[end]
        if word in _WORD_JOINERS or word_value(word, lang) is not None or word in _NOT_START:
            end += 1
            joined = " ".join(words[i:end]).replace(" - ", "-")
            candidate = word_value(joined, lang) if word not in _WORD_JOINERS else None
            if candidate is not None:
                best, value = end, candidate
        else:
            break
    if best < len(words) and words[best] in lex.multipliers and value is not None:
        return value * lex.multipliers[words[best]], best + 1
    return (value, best) if value is not None else (-1, i)


def _longest(
    table: dict[tuple[str, ...], Any] | frozenset[tuple[str, ...]],
    words: Sequence[str],
    i: int,
) -> int:
    """Length of the longest phrase of ``table`` starting at ``words[i]`` (0 if none)."""
    for size in range(min(MAX_PHRASE, len(words) - i), 0, -1):
        if tuple(words[i : i + size]) in table:
            return size
    return 0


def _modifier_before(words: Sequence[str], i: int, lex: NumberLexicon) -> tuple[str, int]:
    for size in range(min(MAX_PHRASE, i), 0, -1):
        kind = lex.modifiers.get(tuple(words[i - size : i]))
        if kind:
            return kind, i - size
    return "", i


def _apply(kind: str, base: Quantity) -> Quantity:
    exact = base.value is not None and not base.approximate
    low, high = base.low, base.high
    if kind == "above" and low is not None:
        return Quantity(None, low + 1 if base.value is not None else low, None, base.approximate)
    if kind == "at_least":
        return Quantity(None, low, None, base.approximate)
    if kind == "at_most":
        return Quantity(None, None, high, base.approximate)
    if kind == "below" and high is not None:
        return Quantity(None, None, high - 1 if exact else high, base.approximate)
    if kind == "nearly":
        return Quantity(None, None, high, True)
    if kind == "about":
        return Quantity(base.value, base.min, base.max, True)
    return base


def _base_at(words: Sequence[str], i: int, lang: str, lex: NumberLexicon) -> tuple[Quantity, int]:
    if words[i] in lex.firsts:
        size = _longest(lex.vague, words, i)
        if size:
            return lex.vague[tuple(words[i : i + size])], i + size
        size = _longest(lex.zero, words, i)
        if size:
            return Quantity(0), i + size
    value, end = _number_at(words, i, lang, lex)
    if end == i:
        return Quantity(None), i
    return Quantity(value), end


def scan(words: Sequence[str], lang: str) -> list[QuantitySpan]:
    """Quantities in a sequence of lower-case tokens, left to right, not overlapping."""
    lex = lexicon(lang)
    found: list[QuantitySpan] = []
    i = 0
    while i < len(words):
        base, end = _base_at(words, i, lang, lex)
        if end == i:
            i += 1
            continue
        start = i
        opener = start > 0 and words[start - 1] in lex.range_open
        joins = end + 1 < len(words) and words[end] in lex.range_join
        if joins and base.value is not None and (opener or words[end] not in _NEEDS_OPENER):
            second, second_end = _base_at(words, end + 1, lang, lex)
            if second.value is not None and second_end > end + 1 and second.value > base.value:
                base = Quantity(None, base.value, second.value, False)
                end = second_end
                start -= int(opener)
        kind, start = _modifier_before(words, start, lex)
        if kind:
            base = _apply(kind, base)
        found.append(QuantitySpan(base, start, end))
        i = end
    return found


def tokens(text: str) -> list[str]:
    """Lower-case tokens split roughly as spaCy splits them (for :func:`parse_quantity`)."""
    return _TOKEN.findall(text.lower())


def parse_quantity(text: str, lang: str = "en") -> Quantity | None:
    """The quantity a whole phrase states ("more than 2,000" -> min 2001), else None."""
    words = tokens(text)
    found = scan(words, lang)
    if len(found) != 1:
        return None
    return found[0].quantity


def find_quantities(doc: Doc, lang: str | None = None) -> list[QuantitySpan]:
    """Quantities in ``doc`` (token offsets), in the article's language."""
    lang = lang or doc._.language or doc.lang_
    return scan([token.lower_ for token in doc], lang)
