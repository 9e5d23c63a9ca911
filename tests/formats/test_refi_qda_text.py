"""Text read from REFI-QDA XML: the file's indentation goes, the author's lines stay."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from hypothesis import given
from hypothesis import strategies as st

from annotator.formats.refi_qda_text import source_title, without_indentation

words = st.text(st.sampled_from("ab é😀-"), min_size=1, max_size=12).map(str.strip).filter(bool)


@given(st.lists(words, min_size=1, max_size=5), st.integers(0, 12), st.booleans())
def test_pretty_printing_indentation_is_removed(lines: list[str], indent: int,
                                                inline_first: bool) -> None:
    pad = " " * indent
    body = "\n".join(pad + "  " * (i % 2) + line for i, line in enumerate(lines))
    written = (lines[0] + "\n" + body.split("\n", 1)[1] if inline_first and len(lines) > 1
               else "\n" + body) + "\n" + pad[:-2]
    expected = "\n".join("  " * (i % 2) + line for i, line in enumerate(lines))
    if inline_first and len(lines) > 1:
        # the lines after an inline first line keep only their indentation among themselves
        rest = [("  " * (i % 2)) + line for i, line in enumerate(lines)][1:]
        shift = min(len(r) - len(r.lstrip(" ")) for r in rest)
        expected = "\n".join([lines[0], *(r[shift:] for r in rest)])
    assert without_indentation(written) == expected.strip()


def test_a_nameless_source_is_titled_from_its_text_file() -> None:
    assert source_title(Element("TextSource", name="Interview 7")) == "Interview 7"
    assert source_title(Element("TextSource", plainTextPath="board_2017.txt")) == "board_2017"
    assert source_title(Element("TextSource", plainTextPath="internal://a/b/Notes 3.txt",
                                guid="x")) == "Notes 3"
    assert source_title(Element("TextSource", guid="1234")) == "1234"
