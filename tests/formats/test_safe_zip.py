"""safe_zip: hostile archives are refused from the central directory and while reading."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from annotator.domain.errors import InputFileError
from annotator.formats.safe_zip import ZipLimits, open_safe_zip, unsafe_name_reason


def make_zip(path: Path, entries: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def test_lookup_is_case_insensitive_and_reads_bytes(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "a.zip", {"project.qde": b"<x/>", "Sources/A.txt": b"hello",
                                         "Sources/": b""})
    with open_safe_zip(path) as archive:
        assert archive.names() == ["project.qde", "Sources/A.txt"]
        assert "Sources/" in archive.names(with_directories=True)
        assert archive.find("PROJECT.QDE") == "project.qde"
        assert archive.find_in_folder("sources", "a.TXT") == "Sources/A.txt"
        assert archive.find("Sources") is None  # a directory is not a file
        assert archive.root_files(".QDE") == ["project.qde"]
        assert archive.read("Sources/A.txt") == b"hello"
        with pytest.raises(KeyError):
            archive.read("missing.txt")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../evil.txt", "outside the archive"),
        ("sources/../../evil.txt", "outside the archive"),
        ("/etc/passwd", "absolute path"),
        ("C:/Windows/evil.txt", "names a drive"),
        ("c:evil.txt", "names a drive"),
        ("sources\\..\\evil.txt", "backslashes"),
    ],
)
def test_path_traversal_is_refused(tmp_path: Path, name: str, reason: str) -> None:
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("sources/good.txt", b"fine")
        archive.writestr(zipfile.ZipInfo(name), b"x")  # zipfile keeps the name as given
    with zipfile.ZipFile(path) as check:
        assert check.namelist()[1] == name
    with pytest.raises(InputFileError) as caught:
        open_safe_zip(path)
    assert reason in caught.value.reason
    assert str(path) in str(caught.value)


def test_unsafe_name_reason_accepts_plain_relative_names() -> None:
    assert unsafe_name_reason("sources/0a-b.txt") is None
    assert unsafe_name_reason("a..b/c") is None  # '..' only as a whole part is refused
    assert unsafe_name_reason("a\x00b") is not None


def test_symlink_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo("sources/link.txt")
        info.external_attr = (0o120777 << 16)
        archive.writestr(info, b"/etc/passwd")
    with pytest.raises(InputFileError, match="symbolic link"):
        open_safe_zip(path)


def test_encrypted_entry_is_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "enc.zip", {"secret.txt": b"not really encrypted"},
                    method=zipfile.ZIP_STORED)
    raw = bytearray(path.read_bytes())  # set the "encrypted" flag bit in both headers
    raw[raw.index(b"PK\x03\x04") + 6] |= 0x1
    raw[raw.index(b"PK\x01\x02") + 8] |= 0x1
    path.write_bytes(bytes(raw))
    with pytest.raises(InputFileError, match="encrypted"):
        open_safe_zip(path)


def test_too_many_entries(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "many.zip", {f"f{i}.txt": b"x" for i in range(5)})
    with pytest.raises(InputFileError, match="5 entries"):
        open_safe_zip(path, ZipLimits(max_entries=4))
    with open_safe_zip(path, ZipLimits(max_entries=5)) as archive:
        assert len(archive.names()) == 5


def test_zip_bomb_ratio_is_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "bomb.zip", {"zeros.txt": bytes(2 * 1024**2)})
    with pytest.raises(InputFileError, match="zip bomb"):
        open_safe_zip(path, ZipLimits(ratio_floor_bytes=1024**2))
    # The same entry passes when it is under the floor (small files compress well too).
    with open_safe_zip(path, ZipLimits(ratio_floor_bytes=4 * 1024**2)) as archive:
        assert archive.size("zeros.txt") == 2 * 1024**2


def test_total_size_and_entry_size_limits(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "big.zip", {"a.txt": b"a" * 600, "b.txt": b"b" * 600},
                    method=zipfile.ZIP_STORED)
    with pytest.raises(InputFileError, match="more than 1000 bytes"):
        open_safe_zip(path, ZipLimits(max_total_bytes=1000))
    with pytest.raises(InputFileError, match="more than the 500 allowed"):
        open_safe_zip(path, ZipLimits(max_entry_bytes=500))
    with open_safe_zip(path) as archive, pytest.raises(InputFileError, match="more than the 100"):
        archive.read("a.txt", max_bytes=100)


def test_declared_size_is_enforced_while_reading(tmp_path: Path) -> None:
    """A header that under-declares the size cannot make a read return more than declared."""
    path = make_zip(tmp_path / "liar.zip", {"a.txt": b"x" * 1000}, method=zipfile.ZIP_STORED)
    raw = bytearray(path.read_bytes())
    local = raw.index(b"PK\x03\x04")
    central = raw.index(b"PK\x01\x02")
    raw[local + 22: local + 26] = (10).to_bytes(4, "little")
    raw[central + 24: central + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    with open_safe_zip(path) as archive, pytest.raises(InputFileError, match="damaged"):
        archive.read("a.txt")


def test_not_a_zip_and_truncated_zip(tmp_path: Path) -> None:
    text = tmp_path / "plain.qdpx"
    text.write_text("just text", encoding="utf-8")
    with pytest.raises(InputFileError, match="not a ZIP archive"):
        open_safe_zip(text)
    whole = make_zip(tmp_path / "whole.zip", {"project.qde": b"<Project/>" * 100})
    truncated = tmp_path / "truncated.qdpx"
    truncated.write_bytes(whole.read_bytes()[:-30])
    with pytest.raises(InputFileError, match="truncated"):
        open_safe_zip(truncated)
    with pytest.raises(InputFileError, match="cannot be read"):
        open_safe_zip(tmp_path / "absent.zip")


def test_names_equal_up_to_case_are_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "dup.zip", {"sources/a.txt": b"1", "Sources/A.txt": b"2"})
    with pytest.raises(InputFileError, match="appears twice"):
        open_safe_zip(path)


def test_corrupted_data_is_reported_as_damaged(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "crc.zip", {"a.txt": b"hello world" * 10},
                    method=zipfile.ZIP_STORED)
    raw = bytearray(path.read_bytes())
    at = raw.index(b"hello world")
    raw[at] = ord("J")
    path.write_bytes(bytes(raw))
    with open_safe_zip(path) as archive, pytest.raises(InputFileError, match="damaged"):
        archive.read("a.txt")


def test_an_entry_with_an_empty_name_is_refused_not_a_crash(tmp_path: Path) -> None:
    # Found by the reader fuzzer: a byte flipped in an xlsx's central directory gave an
    # entry named "", on which ZipInfo.is_dir() raises IndexError.
    path = tmp_path / "empty-name.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo(""), b"data")
        archive.writestr("other.txt", b"x")
    with pytest.raises(InputFileError, match="an entry has an empty name") as error, \
            open_safe_zip(path):
        pass
    assert str(error.value).startswith(f"{path}: ")
