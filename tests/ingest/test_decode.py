from __future__ import annotations

import codecs

import pytest

from sitrep.errors import InputError
from sitrep.ingest.decode import declared_charset, decode_bytes, looks_binary
from sitrep.model import RejectReason

TEXT = "Manifestazione a Almaty: città, perché, più"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (b'<meta charset="iso-8859-1">' + TEXT.encode("latin-1"), "iso8859-1"),
    ],
)
def test_decodes(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert TEXT in decoded.text


def test_wrong_declared_charset_falls_back() -> None:
    decoded = decode_bytes(TEXT.encode("utf-8"), declared="ascii")
    assert TEXT in decoded.text


def test_mixed_encodings_decoded_line_by_line() -> None:
    data = "città utf8".encode() + b"\n" + "città latin".encode("cp1252")
    decoded = decode_bytes(data)
    assert decoded.encoding == "mixed"
    assert decoded.text.split("\n") == ["città utf8", "città latin"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", RejectReason.EMPTY),
        (b"  \n\t ", RejectReason.EMPTY),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), RejectReason.BINARY),
        (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64, RejectReason.BINARY),
    ],
)
def test_rejects(data: bytes, reason: RejectReason) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, source="x")
    assert info.value.reason is reason


def test_looks_binary_accepts_text() -> None:
    assert not looks_binary(b"plain text\twith tabs\r\n")


def test_unknown_declared_charset_ignored() -> None:
    assert declared_charset(b'<meta charset="no-such-charset">') is None
