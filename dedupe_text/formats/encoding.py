"""Decode HTML bytes the way browsers do (BOM, then ``<meta charset>``) and encode them back exactly."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from ..errors import InputError

BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
PRESCAN_BYTES = 1024
"""How far the HTML Standard looks for a ``<meta charset>`` declaration."""
_AS_WINDOWS_1252 = frozenset({"latin-1", "iso8859-1", "ascii", "cp1252"})
_AS_UTF8 = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-8"})


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with what it takes to encode it back byte for byte."""

    text: str
    encoding: str
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        """Encode ``text`` as the input was encoded (its BOM first, undecodable bytes restored).

        >>> d = decode_html(b"\\xef\\xbb\\xbf<p>caf\\xc3\\xa9</p>")
        >>> d.encoding, d.encode(d.text) == b"\\xef\\xbb\\xbf<p>caf\\xc3\\xa9</p>"
        ('utf-8', True)
        """
        return self.bom + text.encode(self.encoding, "surrogateescape")


def _codec(label: str) -> str | None:
    """Return the Python codec for a charset label, mapped as the HTML Standard maps it."""
    try:
        name = codecs.lookup(label.strip().strip("\"'").lower()).name
    except LookupError:
        return None
    if name in _AS_WINDOWS_1252:
        return "cp1252"
    if name in _AS_UTF8:
        return "utf-8"
    try:
        "a".encode(name)
    except (LookupError, TypeError):  # bytes-to-bytes codecs such as base64
        return None
    return name


def declared_charset(head: bytes) -> str | None:
    """Return the codec a page declares in its first 1024 bytes (``<meta charset>``), if any.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
    'cp1252'
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(head[:PRESCAN_BYTES].decode("latin-1"))
    for meta in tree.css("meta"):
        attrs = {k.lower(): v or "" for k, v in meta.attributes.items()}
        label = attrs.get("charset")
        if label is None and attrs.get("http-equiv", "").strip().lower() == "content-type":
            content = attrs.get("content", "")
            at = content.lower().find("charset=")
            label = content[at + 8:].split(";")[0].strip() if at >= 0 else None
        codec = _codec(label) if label else None
        if codec:
            return codec
    return None


def decode_html(data: bytes) -> Decoded:
    """Decode an HTML page: a BOM wins, then ``<meta charset>``, then UTF-8, then windows-1252.

    Bytes invalid in the chosen encoding are kept (as lone surrogates) so that
    ``Decoded.encode`` gives them back unchanged.

    >>> decode_html('<meta charset="iso-8859-15"><p>\u20ac</p>'.encode("iso-8859-15")).text[-8:]
    '<p>\u20ac</p>'
    """
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    data = bytes(data)
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(name, "surrogateescape"), name, bom)
            except UnicodeDecodeError as exc:
                raise InputError(f"cannot decode the page as {name}: {exc.reason}") from None
    declared = declared_charset(data)
    if declared is None:
        try:
            return Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            declared = "cp1252"
    return Decoded(data.decode(declared, "surrogateescape"), declared)
