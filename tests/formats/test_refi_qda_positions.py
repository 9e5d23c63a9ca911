"""Position units and the raw → normalised offset map of REFI-QDA sources."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.domain.text import normalize_text
from annotator.formats.refi_qda_model import Selection
from annotator.formats.refi_qda_positions import (
    CODE_POINTS,
    CODE_POINTS_CRLF_ONE,
    UTF16,
    SourceText,
    Span,
    choose_unit,
    decode_source,
    expected_unit,
    name_matches,
)

RAW_TEXT = st.lists(
    st.sampled_from(
        ["a", "b", " ", "\n", "\r", "\r\n", "\t", "\x00", "\x07", "\x85", "\u2028", "\ufeff",
         "é", "e\u0301", "🙂", "𠀋", "שלום", "\u200d", "\x9f"]
    ),
    max_size=30,
).map("".join)


@given(RAW_TEXT)
def test_normalised_text_is_exactly_normalize_text(raw: str) -> None:
    assert SourceText(raw).text == normalize_text(raw)


@given(RAW_TEXT, st.data())
def test_map_sends_raw_slices_to_their_normalised_slices(raw: str, data: st.DataObject) -> None:
    source = SourceText(raw)
    start = data.draw(st.integers(0, len(raw)))
    end = data.draw(st.integers(start, len(raw)))

    def splits_crlf(i: int) -> bool:
        return 0 < i < len(raw) and raw[i - 1] == "\r" and raw[i] == "\n"

    if splits_crlf(start) or splits_crlf(end):
        return
    s, e = source.normalised_index(start), source.normalised_index(end)
    # Normalising the whole text and slicing equals slicing and normalising (a leading
    # BOM, if normalize_text drops it, is dropped only at the very start).
    expected = normalize_text(raw[:end])[len(normalize_text(raw[:start])):]
    assert source.text[s:e] == expected


def test_units_on_emoji_and_crlf() -> None:
    raw = "A🙂 bc\r\nde"
    source = SourceText(raw)
    assert source.text == "A🙂 bc\nde"
    # "de" is raw code points 7..9, UTF-16 units 8..10, and 6..8 with CRLF as one.
    assert source.resolve(CODE_POINTS, 7, 9) == Span(6, 8, "de")
    assert source.resolve(UTF16, 8, 10) == Span(6, 8, "de")
    assert source.resolve(CODE_POINTS_CRLF_ONE, 6, 8) == Span(6, 8, "de")
    assert source.raw_index(UTF16, 2) is None  # inside the surrogate pair
    assert source.resolve(CODE_POINTS, 0, 99) == "positions 0..99 do not fit the text"
    assert source.resolve(CODE_POINTS, 5, 5) == "positions 5..5 select nothing"
    assert source.resolve(CODE_POINTS, -1, 2) == "positions -1..2 do not fit the text"
    assert source.resolve(CODE_POINTS, 5, 6) == "positions 5..6 select only characters that are not kept"


def test_decode_source_drops_one_bom() -> None:
    assert decode_source(b"\xef\xbb\xbfabc") == "abc"
    assert decode_source("\ufeff\ufeffx".encode()) == "\ufeffx"


def test_name_matches_whole_or_truncated_quotes() -> None:
    assert name_matches("It saves  me\n20 minutes", "It saves me 20 minutes")
    assert name_matches("I'm a single mum with…", "I'm a single mum with an 8 month old")
    assert not name_matches("", "anything")
    assert not name_matches("Quotation 6:1", "some text")
    assert not name_matches("…", "x")


def test_expected_unit_by_origin() -> None:
    assert expected_unit("NVivo for Windows 12.6") == UTF16
    assert expected_unit("ATLAS.ti 8.4.0 573 , macOS") == CODE_POINTS_CRLF_ONE
    assert expected_unit("QualCoder 3.5") == CODE_POINTS
    assert expected_unit("") == CODE_POINTS


def _selections(raw: str, quotes: list[str], *, utf16: bool, named: bool) -> list[Selection]:
    out = []
    for i, quote in enumerate(quotes):
        start = raw.index(quote)
        end = start + len(quote)
        if utf16:
            start = len(raw[:start].encode("utf-16-le")) // 2
            end = len(raw[:end].encode("utf-16-le")) // 2
        out.append(Selection(f"00000000-0000-0000-0000-{i:012d}", start, end,
                             quote if named else ""))
    return out


RAW = "🙂 first words here 🙂🙂 second phrase 🎉 third bit of text 😀 fourth thing\r\nend"
QUOTES = ["first words", "second phrase", "third bit", "fourth thing", "end"]


def test_choose_unit_follows_origin_and_is_confirmed_by_boundaries() -> None:
    source = SourceText(RAW)
    selections = _selections(RAW, QUOTES, utf16=True, named=False)
    choice = choose_unit("NVivo for Windows 12.6", [(source, s) for s in selections])
    assert choice.unit == UTF16
    assert choice.aligned == choice.boundaries == 10
    # A tool unknown to us that writes UTF-16 is recognised from the boundaries alone.
    assert choose_unit("SomeTool 1.0", [(source, s) for s in selections]).unit.utf16


def test_choose_unit_overrides_origin_when_names_disagree() -> None:
    source = SourceText(RAW)
    selections = _selections(RAW, QUOTES, utf16=False, named=True)
    choice = choose_unit("NVivo for Mac 15", [(source, s) for s in selections])
    assert choice.unit == CODE_POINTS
    assert choice.named == 5
    assert "although the exporting tool suggests UTF-16" in choice.describe()


def test_choose_unit_atlas_counts_crlf_as_one() -> None:
    raw = "line one\r\nline two\r\nline three\r\n"
    collapsed = raw.replace("\r\n", "\n")
    source = SourceText(raw)
    selections = [Selection("00000000-0000-0000-0000-000000000001", collapsed.index("three"),
                            collapsed.index("three") + 5, "three"),
                  Selection("00000000-0000-0000-0000-000000000002", collapsed.index("two"),
                            collapsed.index("two") + 3, "two")]
    choice = choose_unit("ATLAS.ti 9", [(source, s) for s in selections])
    assert choice.unit == CODE_POINTS_CRLF_ONE
    assert [source.resolve(choice.unit, s.start, s.end).quote for s in selections] == [  # type: ignore[union-attr]
        "three", "two"]
