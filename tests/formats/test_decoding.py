"""decode_bytes: byte-order marks, UTF-8, UTF-16 without a mark, legacy code pages, refusals."""

from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path

import pytest

from annotator.domain.errors import InputFileError
from annotator.domain.text import normalize_text
from annotator.formats.decoding import decode_bytes
from helpers import SHARED

CORPORA = SHARED / "corpora"
LEGACY = CORPORA / "multilingual-unicode" / "udhr-legacy-encodings"
UDHR = CORPORA / "multilingual-unicode" / "udhr"

RUSSIAN = (
    "Москва обсудила сотрудничество России со странами Центральной Азии. "
    "Эксперты обсудили ситуацию в регионе, вопросы интеграции и безопасности."
)
CHINESE = "莫斯科讨论了俄罗斯与中亚国家的合作。专家们讨论了该地区的局势、一体化问题和反恐安全。"
JAPANESE = (
    "モスクワでロシアと中央アジアの協力について議論されました。"
    "専門家は地域の状況、統合の問題、テロ対策について話し合いました。"
)
FRENCH = (
    "Le café de la gare est fermé. Les élèves ont reçu leurs résumés à l'école "
    "où ils étudient la géographie française."
)


def refusal(data: bytes) -> str:
    """The reason ``decode_bytes`` gives for refusing ``data`` (fails if it accepts)."""
    with pytest.raises(InputFileError) as caught:
        decode_bytes(data, "some/file.txt")
    assert str(caught.value).startswith("some/file.txt: ")
    return caught.value.reason


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Zürich ✓ 😀".encode(), "Zürich ✓ 😀"),
        (b"\xef\xbb\xbf" + "Zürich ✓".encode(), "Zürich ✓"),
        (b"\xff\xfe" + "Zürich 😀".encode("utf-16-le"), "Zürich 😀"),
        (b"\xfe\xff" + "Zürich 😀".encode("utf-16-be"), "Zürich 😀"),
        (b"\xff\xfe\x00\x00" + "Zürich 😀".encode("utf-32-le"), "Zürich 😀"),
        (b"\x00\x00\xfe\xff" + "Zürich 😀".encode("utf-32-be"), "Zürich 😀"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "utf32be-bom"],
)
def test_unicode_encodings_decode_without_their_mark(data: bytes, expected: str) -> None:
    assert decode_bytes(data, "f.txt") == expected


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_mark_is_recognised_by_its_nul_bytes(codec: str) -> None:
    text = "Plain English text saved by Notepad, Привет.\r\nSecond line."
    assert decode_bytes(text.encode(codec), "f.txt") == text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (RUSSIAN, "cp1251"),
        (CHINESE, "gb2312"),
        (JAPANESE, "shift_jis"),
        (JAPANESE, "euc_jp"),
        (FRENCH, "latin-1"),
        (FRENCH, "cp1252"),
        ("Größe und Übermaß sind schön.", "latin-1"),
    ],
)
def test_legacy_code_pages_are_detected(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec), "f.txt") == text


def test_truncated_utf8_keeps_the_text_and_marks_the_cut() -> None:
    data = "Привет, мир".encode() + "ж".encode()[:1]
    assert decode_bytes(data, "f.txt") == "Привет, мир\ufffd"


def test_a_lone_high_byte_after_ascii_is_latin1_not_a_cut_utf8_character() -> None:
    assert decode_bytes(b"Menu du caf\xe9", "f.txt") == "Menu du café"


def test_valid_utf8_with_a_stray_nul_is_text() -> None:
    text = "A long enough line of ordinary text\x00 with one stray NUL in it."
    assert decode_bytes(text.encode(), "f.txt") == text


def test_hz_chinese_is_not_mistaken_for_ascii() -> None:
    text = "世界人权宣言\n联合国大会一九四八年十二月十日通过"
    assert decode_bytes(text.encode("hz"), "f.txt") == text


def test_ascii_with_tildes_and_braces_stays_ascii() -> None:
    text = "Use ~{home}~ and ~{x~} in templates."
    assert decode_bytes(text.encode(), "f.txt") == text


def test_empty_file_is_refused() -> None:
    assert refusal(b"") == "the file is empty"


@pytest.mark.parametrize("data", [b"   \n\t\r\n", "\u00a0\u3000\n".encode(), b"\xef\xbb\xbf \n"])
def test_white_space_only_is_refused(data: bytes) -> None:
    assert refusal(data) == "the file holds no text"


def test_random_bytes_with_nuls_are_binary() -> None:
    data = random.Random(7).randbytes(4096)
    assert b"\x00" in data
    assert refusal(data) == "binary file, not text"


def test_text_full_of_control_characters_is_binary() -> None:
    assert refusal(b"\x01\x02\x03\x04 abc \x05\x06\x07\x08\x0e\x0f" * 50) == (
        "binary file, not text"
    )


def test_nul_padded_text_is_binary() -> None:
    assert refusal(b"header" + b"\x00" * 500 + b"trailer") == "binary file, not text"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
        (b"\x7fELF\x02\x01\x01", "an ELF executable"),
        (b"SQLite format 3\x00\x10\x00", "an SQLite database"),
    ],
)
def test_known_binary_formats_are_named(data: bytes, kind: str) -> None:
    assert refusal(data) == f"{kind}, not plain text"


def test_a_zip_archive_is_named() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert refusal(buffer.getvalue()).startswith("a ZIP archive")


def test_broken_utf16_after_a_mark_is_refused() -> None:
    # After the mark: a high surrogate with no low one, then an odd trailing byte.
    assert refusal(b"\xff\xfe\x00\xd8a") == "not valid UTF-16 LE despite its byte-order mark"


@pytest.mark.parametrize("seed", range(3))
def test_random_bytes_without_nuls_are_refused(seed: int) -> None:
    data = bytes(b for b in random.Random(seed).randbytes(4096) if b)
    assert refusal(data) in {"the text encoding could not be recognised", "binary file, not text"}


def test_every_high_byte_in_turn_is_not_a_text_encoding() -> None:
    assert refusal(bytes(range(0x80, 0x100)) * 8) == "the text encoding could not be recognised"


# --- the real legacy-encoded files (multilingual-unicode/udhr-legacy-encodings) ---

# index.csv names the encoding in prose ("windows-1251 (cp1251)"): the Python codec of each.
CODECS = {
    "Russian-Cyrillic.txt": "cp1251",
    "Ukrainian-Cyrillic.txt": "cp1251",
    "Chinese_Mandarin-GB2312.txt": "gb2312",
    "Chinese_Mandarin-HZ.txt": "hz",
    "Arabic_Alarabia-Arabic.txt": "cp1256",
    "Hebrew_Ivrit-Hebrew.txt": "cp1255",
    "Greek_Ellinika-Greek.txt": "cp1253",
    "Japanese_Nihongo-SJIS.txt": "shift_jis",
    "Japanese_Nihongo-EUC.txt": "euc_jp",
    "Uzbek-Latin1.txt": "latin-1",
}
# The UTF-8 edition of the same declaration (a different, later translation upstream).
UTF8_EDITIONS = {
    "Russian-Cyrillic.txt": "udhr_rus.txt",
    "Ukrainian-Cyrillic.txt": "udhr_ukr.txt",
    "Chinese_Mandarin-GB2312.txt": "udhr_cmn_hans.txt",
    "Japanese_Nihongo-SJIS.txt": "udhr_jpn.txt",
    "Arabic_Alarabia-Arabic.txt": "udhr_arb.txt",
    "Hebrew_Ivrit-Hebrew.txt": "udhr_heb.txt",
}


def legacy_files() -> Path:
    if not LEGACY.is_dir():
        pytest.skip(f"corpus folder {LEGACY} is absent")
    return LEGACY


def test_index_lists_every_legacy_file_and_we_know_its_codec() -> None:
    folder = legacy_files()
    with (folder / "index.csv").open(encoding="utf-8") as handle:
        listed = {row["file"] for row in csv.DictReader(handle)}
    assert listed == {path.name for path in folder.glob("*.txt")}
    assert listed - set(CODECS) == {"Kazakh-Cyrillic.txt"}


@pytest.mark.parametrize("name", sorted(CODECS))
def test_legacy_file_decodes_to_its_codec_text(name: str) -> None:
    data = (legacy_files() / name).read_bytes()
    assert decode_bytes(data, name) == data.decode(CODECS[name])


@pytest.mark.parametrize("name", sorted(UTF8_EDITIONS))
def test_legacy_file_shares_its_vocabulary_with_the_utf8_edition(name: str) -> None:
    decoded = decode_bytes((legacy_files() / name).read_bytes(), name)
    edition = UDHR / UTF8_EDITIONS[name]
    if not edition.is_file():
        pytest.skip(f"corpus file {edition} is absent")
    original = normalize_text(edition.read_text(encoding="utf-8"))
    if name.startswith(("Chinese", "Japanese")):
        units = {ch for ch in decoded if ch.isalpha()}
        known = {ch for ch in original if ch.isalpha()}
    else:
        units = {word for word in decoded.lower().split() if word.isalpha()}
        known = {word for word in original.lower().split() if word.isalpha()}
    # Different translations, same subject: most of the vocabulary recurs; mojibake
    # would share next to nothing.
    assert len(units & known) / len(units) > 0.5


def test_kazakh_font_encoding_decodes_to_cyrillic_without_error() -> None:
    decoded = decode_bytes((legacy_files() / "Kazakh-Cyrillic.txt").read_bytes(), "kk")
    letters = [ch for ch in decoded if ch.isalpha()]
    cyrillic = [ch for ch in letters if "\u0400" <= ch <= "\u04ff"]
    assert len(cyrillic) / len(letters) > 0.9
    assert decoded.startswith("АДАМ ")


def test_inaugural_2005_big5_punctuation_decodes() -> None:
    path = CORPORA / "inaugural-addresses" / "2005-Bush.txt"
    if not path.is_file():
        pytest.skip(f"corpus file {path} is absent")
    decoded = decode_bytes(path.read_bytes(), path.name)
    assert decoded == path.read_bytes().decode("cp950")
    assert "sabbatical—and" in decoded


NORMALIZED_CASES = [
    b"Plain title\nbody",
    "Заголовок\r\nтекст\rещё\u2028конец".encode(),
    b"\xef\xbb\xbfBOM then text\r\n",
    "tabs\tand\x0cform feeds\x1b[0m and a NEL\x85".encode(),
    b"caf\xe9 cr\xe8me br\xfbl\xe9e, d\xe9j\xe0 vu, na\xefve, fa\xe7ade",
    b"\x00\x01\x02\x03binary\x04\x05\x06\x07\x08\x0e\x0f\x10",
    b"\r\n\r\n  \x0c\r",
    b"",
    b"%PDF-1.7",
    "ends cut in a letter: caf\u00e9".encode()[:-1],
]


@pytest.mark.parametrize("data", NORMALIZED_CASES)
def test_decode_normalized_is_decode_then_normalize(data: bytes) -> None:
    from annotator.formats.decoding import decode_normalized

    try:
        expected: str | None = normalize_text(decode_bytes(data, "f.txt"))
    except InputFileError as error:
        expected, reason = None, str(error)
    if expected is None or not expected.strip():
        with pytest.raises(InputFileError) as raised:
            decode_normalized(data, "f.txt")
        if expected is None:
            assert str(raised.value) == reason
        return
    assert decode_normalized(data, "f.txt") == expected


def test_every_suspicious_control_is_one_normalising_removes() -> None:
    # decode_normalized skips the binary check for text that needs no normalising.
    from annotator.domain.text import is_normalized
    from annotator.formats.decoding import _SUSPICIOUS_CONTROLS

    suspicious = [chr(c) for c in range(0x3000) if _SUSPICIOUS_CONTROLS.match(chr(c))]
    assert len(suspicious) > 40
    assert not any(is_normalized(f"text {c} text") for c in suspicious)
