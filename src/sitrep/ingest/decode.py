"""Bytes to text, defensively: binary detection, BOMs, declared charsets, mixed encodings."""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

from sitrep.errors import InputError
from sitrep.model import RejectReason

log = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}
# A sample with more than this share of control bytes is binary, not text.
MAX_CONTROL_SHARE = 0.02


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def looks_binary(data: bytes) -> bool:
    """True for NUL bytes or many control characters in the first 8 KiB."""
    sample = data[:8192]
    if not sample:
        return False
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls / len(sample) > MAX_CONTROL_SHARE


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML meta tag or XML declaration names, if any and known to Python."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        log.warning("unknown declared charset %r; ignoring it", name)
        return None


def _decode_mixed(data: bytes) -> str:
    """Decode line by line: UTF-8 where it is valid, Windows-1252 elsewhere."""
    lines = []
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
    return "\n".join(lines)


def decode_bytes(data: bytes, *, declared: str | None = None, source: str = "") -> Decoded:
    """Turn ``data`` into text or raise :class:`InputError` (empty, binary, undecodable).

    Order of evidence: byte-order mark, the transport's declared charset (``declared``),
    the document's own declaration, strict UTF-8, then a per-line UTF-8/Windows-1252 mix.
    """
    if not data.strip():
        raise InputError(RejectReason.EMPTY, f"{source or 'input'} is empty")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(name), name)
            except UnicodeDecodeError as e:
                raise InputError(RejectReason.ENCODING, f"{source}: bad {name}: {e}") from e
    if looks_binary(data):
        raise InputError(RejectReason.BINARY, f"{source or 'input'} looks like a binary file")
    for charset in (declared, declared_charset(data)):
        if charset:
            try:
                return Decoded(data.decode(charset), charset)
            except (UnicodeDecodeError, LookupError):
                log.warning("%s: declared charset %s does not fit the bytes", source, charset)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = _decode_mixed(data)
    log.warning("%s: not valid UTF-8; decoded line by line with a Windows-1252 fallback", source)
    return Decoded(text, "mixed")
