"""Decode document bytes the way browsers do (BOM, then ``<meta charset>``) and encode them back exactly.

Charset labels are mapped as the WHATWG Encoding Standard maps them (``latin1`` and ``ascii``
name windows-1252, ``gb2312`` names GBK, ``euc-kr`` names windows-949), each to the Python
codec that decodes that encoding; a label the standard does not list is ignored, as a browser
ignores it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import InputError
from .detect import SNIFF_CHARS, check_format, format_from_name, sniff

BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
"""Byte order marks that decide a document's encoding before anything else, as the standard's BOM sniff does."""
PRESCAN_BYTES = 1024
"""How far the HTML Standard looks for a ``<meta charset>`` declaration."""
BINARY_SNIFF = 8192
"""Characters inspected for NUL before decoded input is accepted as text."""

_ENCODINGS: tuple[tuple[str, str], ...] = (
    # (Python codec, the standard's labels for the encoding it decodes), one encoding a row.
    ("utf-8", "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"),
    ("cp866", "866 cp866 csibm866 ibm866"),
    ("iso8859-2", "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2"),
    ("iso8859-3", "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3"),
    ("iso8859-4", "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4"),
    ("iso8859-5", "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988"),
    ("iso8859-6", "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
                  "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987"),
    ("iso8859-7", "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
                  "iso_8859-7 iso_8859-7:1987 sun_eu_greek"),
    ("iso8859-8", "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 "
                  "iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical"),
    ("iso8859-10", "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6"),
    ("iso8859-13", "iso-8859-13 iso8859-13 iso885913"),
    ("iso8859-14", "iso-8859-14 iso8859-14 iso885914"),
    ("iso8859-15", "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9"),
    ("iso8859-16", "iso-8859-16"),
    ("koi8-r", "cskoi8r koi koi8 koi8-r koi8_r"),
    ("koi8-u", "koi8-ru koi8-u"),
    ("mac-roman", "csmacintosh mac macintosh x-mac-roman"),
    ("cp874", "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874"),
    ("cp1250", "cp1250 windows-1250 x-cp1250"),
    ("cp1251", "cp1251 windows-1251 x-cp1251"),
    # Latin-1 and ASCII labels name windows-1252, and the HTML Standard reads x-user-defined as it too.
    ("cp1252", "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 "
               "iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252 x-user-defined"),
    ("cp1253", "cp1253 windows-1253 x-cp1253"),
    ("cp1254", "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 "
               "latin5 windows-1254 x-cp1254"),
    ("cp1255", "cp1255 windows-1255 x-cp1255"),
    ("cp1256", "cp1256 windows-1256 x-cp1256"),
    ("cp1257", "cp1257 windows-1257 x-cp1257"),
    ("cp1258", "cp1258 windows-1258 x-cp1258"),
    ("mac-cyrillic", "x-mac-cyrillic x-mac-ukrainian"),
    # The standard decodes GBK with the gb18030 decoder; its Big5 is Big5-HKSCS, its Shift_JIS
    # Microsoft's code page 932 and its EUC-KR Microsoft's code page 949 (Unified Hangul Code).
    ("gb18030", "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030"),
    ("big5hkscs", "big5 big5-hkscs cn-big5 csbig5 x-x-big5"),
    ("euc_jp", "cseucpkdfmtjapanese euc-jp x-euc-jp"),
    ("iso2022_jp", "csiso2022jp iso-2022-jp"),
    ("cp932", "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis"),
    ("cp949", "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 "
              "windows-949"),
    # A ``<meta>`` cannot declare UTF-16 (the HTML Standard reads such a page as UTF-8); a BOM can.
    ("utf-8", "unicodefffe utf-16be csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le"),
)
LABELS: dict[str, str] = {label: codec for codec, labels in _ENCODINGS for label in labels.split()}
"""The Python codec for each charset label the Encoding Standard lists (lower case)."""
REFUSED = frozenset("csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement".split())
"""Labels the standard maps to its "replacement" encoding: a browser shows such a page as one U+FFFD."""
_ASCII_WHITESPACE = "\t\n\f\r "
SURROGATE_FREE = frozenset(("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"))
"""Codecs (canonical names) whose decoders never give a lone surrogate, so their text needs no search for one."""
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with what it takes to encode it back byte for byte.

    ``format`` is the document's format (text, markdown or html); ``errors`` the codec error
    handler that writes the text back (``surrogateescape`` restores undecodable bytes).
    """

    text: str
    encoding: str
    bom: bytes = b""
    format: str = "html"
    errors: str = "surrogateescape"

    def encode(self, text: str) -> bytes:
        """Encode ``text`` as the input was encoded (its BOM first, undecodable bytes restored).

        Raises InputError for a character the encoding cannot hold.

        >>> d = decode_html(b"\\xef\\xbb\\xbf<p>caf\\xc3\\xa9</p>")
        >>> d.encoding, d.encode(d.text) == b"\\xef\\xbb\\xbf<p>caf\\xc3\\xa9</p>"
        ('utf-8', True)
        """
        try:
            return self.bom + text.encode(self.encoding, self.errors)
        except UnicodeEncodeError as e:
            raise InputError(f"cannot write character {e.object[e.start]!r} as {self.encoding}") from None


def codec_for_label(label: str) -> str | None:
    """Return the Python codec of a charset label, mapped as the Encoding Standard maps it, or None.

    Raises InputError for a label the standard decodes as "replacement" (ISO-2022-KR, HZ).

    >>> codec_for_label(" Latin1 "), codec_for_label("gb2312"), codec_for_label("x-sjis"), codec_for_label("latin-1")
    ('cp1252', 'gb18030', 'cp932', None)
    """
    name = label.strip(_ASCII_WHITESPACE).lower()
    if name in REFUSED:
        raise InputError(f"the page declares charset {label!r}, which browsers do not decode (it shows as U+FFFD)")
    return LABELS.get(name)


def declared_charset(head: bytes) -> str | None:
    """Return the codec a page declares in its first 1024 bytes (``<meta charset>``), if any.

    >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-9">')
    'cp1254'
    """
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(head[:PRESCAN_BYTES].decode("latin-1"))
    for meta in tree.css("meta"):
        attrs = {k.lower(): v or "" for k, v in meta.attributes.items()}
        label = attrs.get("charset")
        if label is None and attrs.get("http-equiv", "").strip().lower() == "content-type":
            content = attrs.get("content", "")
            at = content.lower().find("charset=")
            label = content[at + 8:].split(";")[0].strip().strip("\"'") if at >= 0 else None
        codec = codec_for_label(label) if label else None
        if codec:
            return codec
    return None


def _check_bytes(data: object) -> bytes:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    return bytes(data)


def _bom(data: bytes) -> tuple[bytes, str] | None:
    """Return the BOM ``data`` starts with and its encoding, if it starts with one."""
    return next(((bom, name) for bom, name in BOMS if data.startswith(bom)), None)


def decode_html(data: bytes) -> Decoded:
    """Decode an HTML page: a BOM wins, then ``<meta charset>``, then UTF-8, then windows-1252.

    Bytes invalid in the chosen encoding are kept (as lone surrogates) so that
    ``Decoded.encode`` gives them back unchanged.

    >>> decode_html('<meta charset="iso-8859-15"><p>\u20ac</p>'.encode("iso-8859-15")).text[-8:]
    '<p>\u20ac</p>'
    """
    data = _check_bytes(data)
    found = _bom(data)
    if found:
        bom, name = found
        return Decoded(data[len(bom):].decode(name, "surrogateescape"), name, bom)
    declared = declared_charset(data)
    if declared is None:
        try:
            return Decoded(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError:
            declared = "cp1252"
    return Decoded(data.decode(declared, "surrogateescape"), declared)


def decode_as(data: bytes, codec: str, *, errors: str = "strict", name: str = "input", start: int = 0) -> str:
    """Decode ``data[start:]`` with ``codec``, refusing binary input (NUL) and, with ``errors="strict"``, bad bytes.

    A sequence that decodes to a lone surrogate (UTF-7 can write one), which is not text,
    is bad bytes too: refused, or U+FFFD under ``errors="replace"`` (other handlers, such
    as ``surrogateescape``, keep what they decode).

    >>> decode_as(b"caf\\xe9", "cp1252")
    'café'
    >>> decode_as(b"caf\\xe9", "utf-8", name="a.txt")
    Traceback (most recent call last):
    ...
    dedupe_text.errors.InputError: a.txt: not valid utf-8 at byte 3 (use --encoding, or --errors replace)
    >>> decode_as(b"a +2AA- b", "utf-7", errors="replace")
    'a \ufffd b'
    """
    try:
        canonical = codecs.lookup(codec).name
        wide = canonical.startswith(("utf-16", "utf-32"))
    except LookupError:
        raise InputError(f"unknown encoding: {codec}") from None
    if not wide and b"\x00" in data[start:start + BINARY_SNIFF]:
        raise InputError(f"{name}: binary input (NUL bytes); expected text")
    try:
        text = data[start:].decode(codec, errors)
    except UnicodeDecodeError as e:
        raise InputError(
            f"{name}: not valid {codec} at byte {start + e.start} (use --encoding, or --errors replace)"
        ) from None
    if wide and "\x00" in text[:BINARY_SNIFF]:
        raise InputError(f"{name}: binary input (NUL bytes); expected text")
    found = None if canonical in SURROGATE_FREE or errors not in ("strict", "replace") \
        else _LONE_SURROGATE.search(text)
    if found is None:
        return text
    if errors == "replace":
        return _LONE_SURROGATE.sub("\ufffd", text)
    raise InputError(f"{name}: {codec} input decodes to a lone surrogate U+{ord(found.group()):04X} at character "
                     f"{found.start()}, which is not text (use --errors replace)")


def decode_document(data: bytes, format: str = "auto", filename: str | None = None, *,
                    encoding: str | None = None, errors: str = "strict", name: str | None = None) -> Decoded:
    """Decode a document's bytes and tell its format (``auto``: by ``filename``, else by content).

    With no ``encoding``, a BOM (UTF-8, UTF-16) decides; HTML then follows its ``<meta charset>``,
    else UTF-8, else windows-1252, keeping undecodable bytes to write back; text and Markdown are
    UTF-8, bad bytes refused (``errors="strict"``) or replaced (``"replace"``). An ``encoding``
    decodes every format as given. Raises InputError, in one line that starts with ``name``
    (default: ``filename``, else "input"), for binary input (NUL characters) or bytes the
    encoding cannot decode.

    >>> d = decode_document(b"\\xff\\xfe" + "Twice said.\\n".encode("utf-16-le"))
    >>> d.text, d.format, d.encoding, d.bom
    ('Twice said.\\n', 'text', 'utf-16-le', b'\\xff\\xfe')
    >>> decode_document(b"\\x00\\x01", filename="logo.png")
    Traceback (most recent call last):
    ...
    dedupe_text.errors.InputError: logo.png: binary input (NUL bytes); expected text
    """
    data = _check_bytes(data)
    name = name or filename or "input"
    chosen = check_format(format) if format != "auto" else format_from_name(filename)
    if chosen is None:
        found = _bom(data)
        head = data[len(found[0]):len(found[0]) + 4 * SNIFF_CHARS] if found else data[:SNIFF_CHARS]
        chosen = sniff(head.decode(found[1] if found else "latin-1", "replace"))
    if chosen != "html" or encoding is not None:
        bom, codec = (b"", encoding) if encoding is not None else _bom(data) or (b"", "utf-8")
        return Decoded(decode_as(data, codec, errors=errors, name=name, start=len(bom)), codec, bom, chosen, errors)
    page = decode_html(data)
    if "\x00" in page.text[:BINARY_SNIFF]:
        raise InputError(f"{name}: binary input (NUL bytes); expected text")
    return page
