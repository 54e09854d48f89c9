"""Decoding document bytes: BOMs, charset labels as the Encoding Standard maps them, binary refused."""

from __future__ import annotations

import codecs

import pytest

from dedupe_text import ConfigError, DedupeError, InputError
from dedupe_text.formats import check_format, clean_bytes, decode_document, dedupe_bytes
from dedupe_text.formats.encoding import LABELS, codec_for_label, declared_charset

STORY = ("Harbour ferries will run every twenty minutes from Monday, the operator said.\n"
         "Tickets bought before the change stay valid until the end of the month.\n"
         "Harbour ferries will run every twenty minutes from Monday, the operator said.\n")
CLEAN = STORY[: STORY.rindex("Harbour")]
PAGE = ("<!DOCTYPE html><html><body><p>Harbour ferries will run every twenty minutes from Monday.</p>\n"
        "<p>Tickets stay valid.</p>\n<p>Harbour ferries will run every twenty minutes from Monday.</p>\n"
        "</body></html>\n")


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_utf16_text_with_a_bom_is_decoded_and_written_back_the_same_way(bom: bytes) -> None:
    codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    for filename in ("notes.txt", None):
        out, result = dedupe_bytes(bom + STORY.encode(codec), filename=filename)
        assert out == bom + CLEAN.encode(codec)
        assert len(result.removals) == 1


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_utf16_html_with_a_bom_is_found_and_decoded_without_a_name(bom: bytes) -> None:
    codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    decoded = decode_document(bom + PAGE.encode(codec))
    assert (decoded.format, decoded.encoding, decoded.bom, decoded.text) == ("html", codec, bom, PAGE)
    out = clean_bytes(bom + PAGE.encode(codec))
    assert out.startswith(bom) and out.decode(codec).count("Harbour ferries") == 1


def test_a_utf8_bom_is_kept_on_text_markdown_and_html() -> None:
    bom = codecs.BOM_UTF8
    assert clean_bytes(bom + STORY.encode(), format="text") == bom + CLEAN.encode()
    assert clean_bytes(bom + STORY.replace("\n", "\n\n").encode(), format="markdown").startswith(bom + b"Harbour")
    assert clean_bytes(bom + PAGE.encode()).startswith(bom + b"<!DOCTYPE html>")


@pytest.mark.parametrize(("data", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "logo.png: binary input (NUL bytes); expected text"),
    (b"\xff\xfeA\x00\x00\x00B\x00", "logo.png: binary input (NUL bytes); expected text"),
    (b"caf\xe9 au lait\n", "logo.png: not valid utf-8 at byte 3 (use --encoding, or --errors replace)"),
])
def test_binary_and_undecodable_input_is_refused_in_one_line(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as err:
        decode_document(data, "text", "logo.png")
    assert str(err.value) == message


def test_an_explicit_encoding_decodes_any_format_and_replace_keeps_going() -> None:
    assert decode_document("caf\u00e9".encode("cp1252"), encoding="cp1252").text == "caf\u00e9"
    assert decode_document(b"caf\xe9", errors="replace").text == "caf\ufffd"
    with pytest.raises(InputError, match=r"^unknown encoding: klingon$"):
        decode_document(b"text", encoding="klingon")
    with pytest.raises(TypeError, match=r"^data must be bytes, not NoneType$"):
        decode_document(None)  # type: ignore[arg-type]


def test_a_character_the_encoding_cannot_hold_is_an_input_error() -> None:
    decoded = decode_document(b"plain", encoding="ascii")
    with pytest.raises(InputError, match="^cannot write character '\u20ac' as ascii$"):
        decoded.encode("\u20ac")


def test_check_format_raises_config_error() -> None:
    with pytest.raises(ConfigError, match=r"^format must be one of text, markdown, html, auto, got 'pdf'$") as err:
        check_format("pdf")
    assert isinstance(err.value, DedupeError) and isinstance(err.value, ValueError)
    with pytest.raises(ConfigError):
        clean_bytes(b"text", format="rtf")
    with pytest.raises(ConfigError):
        decode_document(b"text", "docx")


# One row a family of the Encoding Standard's labels: (labels, the Python codec decoding that encoding).
LABEL_FAMILIES = [
    (["utf-8", "UTF8", "unicode-1-1-utf-8"], "utf-8"),
    (["latin1", "iso-8859-1", "ISO_8859-1:1987", "ascii", "us-ascii", "l1", "cp819", "windows-1252"], "cp1252"),
    (["iso-8859-9", "latin5", "l5", "iso_8859-9:1989", "windows-1254"], "cp1254"),
    (["gb2312", "gbk", "chinese", "csgb2312", "x-gbk", "gb18030"], "gb18030"),
    (["euc-kr", "windows-949", "ks_c_5601-1987", "korean", "csksc56011987"], "cp949"),
    (["windows-874", "tis-620", "iso-8859-11", "dos-874"], "cp874"),
    (["x-sjis", "shift_jis", "sjis", "ms_kanji", "windows-31j"], "cp932"),
    (["x-mac-roman", "macintosh", "mac", "csmacintosh"], "mac-roman"),
    (["x-mac-cyrillic", "x-mac-ukrainian"], "mac-cyrillic"),
    (["big5", "big5-hkscs", "cn-big5", "x-x-big5"], "big5hkscs"),
    (["euc-jp", "x-euc-jp"], "euc_jp"),
    (["iso-2022-jp", "csiso2022jp"], "iso2022_jp"),
    (["koi8-r", "koi", "koi8"], "koi8-r"),
    (["koi8-u", "koi8-ru"], "koi8-u"),
    (["ibm866", "866", "cp866"], "cp866"),
    (["iso-8859-2", "latin2", "l2"], "iso8859-2"),
    (["iso-8859-5", "cyrillic"], "iso8859-5"),
    (["iso-8859-6", "arabic", "asmo-708", "iso-8859-6-i"], "iso8859-6"),
    (["iso-8859-7", "greek", "sun_eu_greek"], "iso8859-7"),
    (["iso-8859-8", "hebrew", "visual", "iso-8859-8-i", "logical"], "iso8859-8"),
    (["iso-8859-15", "l9", "csisolatin9"], "iso8859-15"),
    (["windows-1250", "cp1250", "x-cp1250"], "cp1250"),
    (["windows-1251", "x-cp1251"], "cp1251"),
    (["utf-16", "utf-16le", "unicode", "ucs-2"], "utf-8"),
]


@pytest.mark.parametrize(("labels", "codec"), LABEL_FAMILIES, ids=[row[1] + ":" + row[0][0] for row in LABEL_FAMILIES])
def test_labels_map_as_the_encoding_standard_maps_them(labels: list[str], codec: str) -> None:
    assert {label: codec_for_label(f" {label}\t") for label in labels} == dict.fromkeys(labels, codec)
    assert codecs.lookup(codec)  # a codec this Python has
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={labels[0]}">'.encode("ascii")
    assert declared_charset(meta) == codec


def test_every_label_names_a_codec_that_decodes_and_labels_outside_the_standard_are_ignored() -> None:
    for label, codec in LABELS.items():
        assert label == label.lower().strip()
        assert "a".encode(codec).decode(codec) == "a", label
    for label in ("latin-1", "utf-7", "base64", "x-unknown", ""):
        assert codec_for_label(label) is None


@pytest.mark.parametrize("label", ["iso-2022-kr", "hz-gb-2312", "replacement", "ISO-2022-CN"])
def test_labels_browsers_replace_are_refused(label: str) -> None:
    with pytest.raises(InputError, match=r"^the page declares charset .*, which browsers do not decode"):
        decode_document(f'<meta charset="{label}"><p>text</p>'.encode("ascii"), "html")


def test_a_page_in_a_legacy_charset_keeps_its_bytes() -> None:
    block = "<p>\u0130stanbul feribotu her yirmi dakikada bir kalk\u0131yor.</p>"
    page = '<meta charset="iso-8859-9">' + block + "\n" + block
    out, result = dedupe_bytes(page.encode("cp1254"), format="html")
    assert out == page[: -len(block)].encode("cp1254") and len(result.removals) == 1
    assert result.paragraphs[0].text.startswith("\u0130stanbul")
