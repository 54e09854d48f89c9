"""Page structure: the Structure a format builds, table rows as units, navigation and captions apart."""

from __future__ import annotations

from dedupe_text import dedupe
from dedupe_text.formats.html import LABELS, TEXT, Page
from dedupe_text.formats.markdown import parse_blocks, split_lines
from dedupe_text.formats.roles import structure_of
from dedupe_text.structure import Structure

INTRO = "The cooperative publishes its harvest figures every autumn, farm by farm, for members to compare."
RESULTS = ("<table><thead><tr><th>Farm</th><th>Tonnes</th><th></th></tr></thead><tbody>"
           "<tr><td>Hillside orchard cooperative</td><td>41</td><td><button>Details</button></td></tr>"
           "<tr><td>River meadow smallholding</td><td>17</td><td><button>Details</button></td></tr>"
           "<tr><td>Old quarry greenhouses</td><td>9</td><td><button>Details</button></td></tr>"
           "</tbody></table>")


def test_html_structure_has_headings_and_one_list_per_list_or_table() -> None:
    page = Page(f"<h1>Harvest</h1><p>{INTRO}</p><ul><li>Apples</li><li>Pears<ul><li>Conference</li></ul></li></ul>"
                f"<dl><dt>Tonne</dt><dd>A thousand kilograms</dd></dl>{RESULTS}<h2>Notes</h2>")
    blocks = page.blocks()
    texts = [b.text for b in blocks]
    assert texts[:5] == ["Harvest", INTRO, "Apples", "Conference", "Tonne"]
    structure = structure_of(blocks)
    assert structure.headings == {0, texts.index("Notes")}
    assert structure.lists == ((2,), (3,), (4, 5), (6, 7, 8, 9))


def test_table_row_is_one_block_and_header_rows_are_protected() -> None:
    blocks = Page(RESULTS).blocks()
    assert [b.text for b in blocks] == ["Farm Tonnes", "Hillside orchard cooperative 41 Details",
                                       "River meadow smallholding 17 Details", "Old quarry greenhouses 9 Details"]
    assert [b.protected for b in blocks] == [True, False, False, False]
    assert all(b.locator.endswith(f"tr:nth-of-type({k})") for k, b in enumerate(blocks[1:], 1))


def test_cells_and_per_row_buttons_are_never_removed_one_by_one() -> None:
    page = f"<p>{INTRO}</p>{RESULTS}<p>Hillside orchard cooperative</p>"
    result = dedupe(page, format="html", min_chars=5)
    assert result.text.count("<button>Details</button>") == 3
    assert "<td>Hillside orchard cooperative</td>" in result.text


def test_a_repeated_row_goes_whole() -> None:
    row = "<tr><td>River meadow smallholding</td><td>17</td><td><button>Details</button></td></tr>"
    page = RESULTS.replace("</tbody>", f"{row}</tbody>")
    result = dedupe(page, format="html")
    assert [r.text for r in result.removals] == ["River meadow smallholding 17 Details"]
    assert result.text == RESULTS


def test_a_table_pasted_again_goes_whole_header_included() -> None:
    page = f"<p>{INTRO}</p>{RESULTS}<p>Figures are in tonnes.</p>{RESULTS}"
    result = dedupe(page, format="html")
    assert result.text == f"<p>{INTRO}</p>{RESULTS}<p>Figures are in tonnes.</p>"


def test_two_tables_sharing_a_header_keep_both_headers() -> None:
    other = RESULTS.replace("Hillside orchard", "Valley vineyard").replace("River meadow", "Church lane") \
        .replace("Old quarry", "North field")
    result = dedupe(f"{RESULTS}<p>{INTRO}</p>{other}", format="html")
    assert result.removals == ()


def test_code_in_a_table_stays_protected() -> None:
    code = "<table><tr><td>1\n2</td><td><pre>for row in rows:\n    print(row)</pre></td></tr></table>"
    result = dedupe(f"{code}<p>{INTRO}</p>{code}", format="html")
    assert result.removals == ()


def test_layout_table_cells_keep_their_paragraphs_as_blocks() -> None:
    page = Page(f"<table><tr><td><p>{INTRO}</p><p>Second paragraph of the cell.</p></td><td>Side</td></tr></table>")
    assert [b.text for b in page.blocks()] == [INTRO, "Second paragraph of the cell.", "Side"]
    assert structure_of(page.blocks()) == Structure(frozenset(), ((2,),))


TOC_PAGE = """<nav><ul>
<li><a href="#soil">Soil and water</a></li>
<li><a href="#yield">Yield per hectare</a></li>
</ul></nav>
<h2 id="soil">Soil and water</h2>
<p>{intro}</p>
<section id="yield"><h2>Yield per hectare</h2><p>Yields rose on every farm but one.</p></section>
"""


def test_table_of_contents_and_the_headings_it_lists_both_stay() -> None:
    page = TOC_PAGE.format(intro=INTRO)
    blocks = Page(page).blocks()
    assert [b.group for b in blocks] == [LABELS, LABELS, TEXT, TEXT, TEXT, TEXT]
    result = dedupe(page, format="html", min_chars=5)
    assert result.removals == () and result.text == page


def test_a_table_of_contents_repeated_loses_its_copy() -> None:
    page = TOC_PAGE.format(intro=INTRO)
    toc = page[:page.index("<h2")]
    result = dedupe(page + toc, format="html", min_chars=5)
    assert result.text == page


def test_links_to_other_pages_are_not_navigation_of_this_page() -> None:
    page = ('<ul><li><a href="/soil">Soil and water</a></li><li><a href="#nowhere">Yield</a></li></ul>'
            "<h2>Soil and water</h2>")
    assert [b.group for b in Page(page).blocks()] == [TEXT, TEXT, TEXT]


def test_caption_and_the_paragraph_it_repeats_both_stay() -> None:
    page = (f"<figure><img src=a.jpg><figcaption>{INTRO} Photo: archive</figcaption></figure>"
            f"<p>Yields rose on every farm but one.</p><p>{INTRO}</p>")
    result = dedupe(page, format="html")
    assert result.removals == ()
    twice = page + f"<figure><img src=a.jpg><figcaption>{INTRO} Photo: archive</figcaption></figure>"
    assert dedupe(twice, format="html").text.count("<figcaption>") == 1


def test_markdown_structure_has_headings_lists_and_table_rows() -> None:
    post = ("# Harvest\n\nIntro.\n\n- Apples\n- Pears\n\n  Second paragraph of the item.\n\n1. One\n2. Two\n\n"
            "| Farm | Tonnes |\n|---|---|\n| Hillside | 41 |\n| River | 17 |\n\n## Notes\n")
    found = parse_blocks(split_lines(post))
    assert [b.text for b in found] == ["Harvest", "Intro.", "Apples", "Pears", "Second paragraph of the item.", "One",
                                       "Two", "Farm Tonnes", "Hillside 41", "River 17", "Notes"]
    assert structure_of(found) == Structure(frozenset({0, 10}), ((2, 3, 4), (5, 6), (7, 8, 9)))


def test_markdown_table_rows_keep_their_inline_text_and_link_references() -> None:
    post = "| Farm | Site |\n|---|---|\n| **Hillside** | [map][m] |\n\n[m]: https://example.org/map\n"
    assert [b.text for b in parse_blocks(split_lines(post))] == ["Farm Site", "Hillside map"]


def test_blocks_that_in_page_links_land_on_are_never_removed() -> None:
    note = "Harvest Report of the cooperative, autumn edition, page 4."
    page = (f'<p>Yields rose on every farm<sup id="r1"><a href="#n1">[1]</a></sup> but one.</p>'
            f'<ol><li id="n1"><a href="#r1">^</a> {note}</li><li id="n2"><a href="#r1">^</a> {note}</li></ol>'
            f"<p>{note}</p>")
    blocks = Page(page).blocks()
    assert [b.protected for b in blocks] == [True, True, False, False]
    result = dedupe(page, format="html")
    assert [r.locator for r in result.removals] == ["html > body > ol:nth-of-type(1) > li:nth-of-type(2)",
                                                    "html > body > p:nth-of-type(2)"]
    assert '<li id="n1">' in result.text


def test_a_link_to_an_empty_anchor_lands_on_the_next_block() -> None:
    page = '<p><a href="#s2">Jump</a></p><a name="s2"></a><h2>Second section of the report</h2><p>Body.</p>'
    assert [b.protected for b in Page(page).blocks()] == [False, True, False]
