"""A full disk (a real, tiny tmpfs in a mount namespace) is reported as "the disk is full"
with the folder and its free space, in every place it shows up; a failed open leaves no
``-shm``/``-wal``; and the project keeps every action that was reported done."""

from __future__ import annotations

import json
from pathlib import Path

from medium import run_in_namespace

WORDS = ("water", "security", "labour", "migration", "border", "river", "treaty", "gas")


def write_texts(folder: Path, count: int, size: int) -> list[str]:
    """``count`` distinct text files of about ``size`` bytes; return their titles (their
    names without ``.txt``), in the order an import takes them (sorted file names)."""
    folder.mkdir()
    titles = []
    for i in range(count):
        title = f"{i:03d}"
        body = " ".join(WORDS[(i * 7 + j) % len(WORDS)] for j in range(size // 7))
        (folder / f"{title}.txt").write_text(f"Report {title}\n\n{body}\n", encoding="utf-8")
        titles.append(title)
    return titles


def test_a_full_disk_is_named_and_a_failed_open_leaves_nothing_behind(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    texts = tmp_path / "texts"
    write_texts(texts, 1, 200_000)
    result = run_in_namespace(
        """
disk, text = sys.argv[1:3]
mount_tiny_disk(disk, 2048)
project = os.path.join(disk, "study.annotator")
result = {"import": cli("import", project, text)}
filler = os.path.join(disk, "filler")
taken = fill(disk)
result["open"] = cli("tags", project)
result["after open"] = names(disk)
result["create"] = cli("import", os.path.join(disk, "new.annotator"), text)
result["after create"] = names(disk)
os.truncate(filler, taken - 96 * 1024)  # room to open the project, not to copy it
on_disk = {**os.environ, "ANNOTATOR_DATA_DIR": os.path.join(disk, "data")}
result["export"] = cli("export", project, os.path.join(disk, "study.json"), env=on_disk)
result["after export"] = names(disk)
result["backup files"] = [f for _, _, files in os.walk(os.path.join(disk, "data")) for f in files]
os.remove(filler)
result["check"] = cli("check", project)
result["documents"] = cli("documents", project)
print(json.dumps(result))
""",
        str(disk), str(texts / "000.txt"),
    )
    assert result["import"]["rc"] == 0, result["import"]["err"]
    project = disk / "study.annotator"
    full = f"the disk is full ({disk} has 0 bytes free); free some space, then try again"
    assert result["open"] == {"rc": 1, "out": "", "err": f"annotator: {project}: {full}\n"}
    assert result["after open"] == ["filler", "study.annotator"]  # no -shm, no -wal
    assert result["create"] == {"rc": 1, "out": "", "err": (
        f"annotator: {disk}/new.annotator: cannot create the project file: {full}\n")}
    assert result["after create"] == ["filler", "study.annotator"]  # no .creating-* file
    export = result["export"]
    assert export["rc"] == 1 and export["out"] == ""
    backup_line, export_line = export["err"].splitlines()
    assert backup_line.startswith("annotator: warning: no automatic backup was taken: ")
    assert ": cannot write a backup: the disk is full (" in backup_line
    assert export_line.startswith(f"annotator: {disk}/study.json: cannot write: the disk is "
                                  f"full ({disk} has ")
    assert export_line.endswith(" free); free some space, then try again")
    assert result["after export"] == ["data", "filler", "study.annotator"]  # no partial file
    assert result["backup files"] == []  # no partial backup either
    assert result["check"]["rc"] == 0, result["check"]["err"]
    header, listed = result["documents"]["out"].splitlines()
    assert header.split()[-1] == "title" and listed.split(None, 3)[3] == "000"


IMPORT_IN_BATCHES = (
    "import sys; from annotator.services import importing; importing.BATCH_FILES = 4; "
    "from annotator.cli import main; sys.exit(main(sys.argv[1:]))"
)


def test_an_import_and_an_autocode_that_fill_the_disk_keep_what_they_reported(
    tmp_path: Path,
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    titles = write_texts(tmp_path / "texts", 60, 16_000)
    result = run_in_namespace(
        """
disk, texts, batches = sys.argv[1:4]
mount_tiny_disk(disk, 1024)
project = os.path.join(disk, "study.annotator")
imported = subprocess.run([sys.executable, "-c", batches, "import", project, texts],
                          capture_output=True, text=True)
result = {"import": {"rc": imported.returncode, "out": imported.stdout, "err": imported.stderr}}
disk_stat = os.statvfs(disk)
used_kib = (disk_stat.f_blocks - disk_stat.f_bfree) * disk_stat.f_frsize // 1024
mount("-o", f"remount,size={used_kib + 96}k", disk)  # room to open, not for 8000 highlights
result["opens"] = cli("tags", project)
result["autocode full"] = cli("autocode", project, "--tag", "w", "--phrase", "water")
mount("-o", "remount,size=16m", disk)  # space freed
result["check"] = cli("check", project)
result["documents"] = cli("documents", project)
result["tags"] = cli("tags", project, "--format", "json")
result["autocode"] = cli("autocode", project, "--tag", "w", "--phrase", "water")
result["check again"] = cli("check", project)
print(json.dumps(result))
""",
        str(disk), str(tmp_path / "texts"), IMPORT_IN_BATCHES,
    )
    project = disk / "study.annotator"
    imported = result["import"]
    assert imported["rc"] == 1, imported
    assert imported["out"], imported
    head = imported["out"].splitlines()[0]
    count = int(head.split()[1])
    assert 0 < count < len(titles), head  # some batches committed, then the disk was full
    assert head.endswith("(stopped early).")
    assert imported["err"].startswith(f"stopped: {project}: the disk is full ({disk} has ")
    assert len(imported["err"].splitlines()) == 1

    assert result["opens"]["rc"] == 0  # so the autocode below ran out of room while writing
    autocode = result["autocode full"]
    assert autocode["rc"] == 1 and autocode["out"] == ""
    assert autocode["err"].startswith(f"annotator: {project}: the disk is full ({disk} has ")

    assert result["check"] == {"rc": 0, "out": f"{project}: no problems found.\n",
                               "err": result["check"]["err"]}
    listed = [line.split(None, 3)[3] for line in result["documents"]["out"].splitlines()[1:]]
    assert sorted(listed) == titles[:count]  # exactly the files it reported, a prefix
    assert json.loads(result["tags"]["out"]) == []  # the failed autocode left nothing
    assert result["autocode"]["rc"] == 0 and result["autocode"]["out"].startswith("Created ")
    assert result["check again"]["rc"] == 0


def test_a_disk_that_can_hold_no_more_files_is_full_too(tmp_path: Path) -> None:
    """No inode left: SQLite cannot create the -wal ("unable to open database file"),
    which must not pass for a read-only medium."""
    disk = tmp_path / "disk"
    disk.mkdir()
    text = tmp_path / "note.txt"
    text.write_text("A note about water.", encoding="utf-8")
    result = run_in_namespace(
        """
disk, text = sys.argv[1:3]
mount("-t", "tmpfs", "-o", "size=4m,nr_inodes=8", "tmpfs", disk)
project = os.path.join(disk, "study.annotator")
result = {"import": cli("import", project, text)}
made = 0
while True:
    try:
        open(os.path.join(disk, f"empty-{made}"), "x").close()
    except OSError:
        break
    made += 1
result["made"] = made
result["open"] = cli("tags", project)
result["after"] = [n for n in names(disk) if not n.startswith("empty-")]
print(json.dumps(result))
""",
        str(disk), str(text),
    )
    assert result["import"]["rc"] == 0, result["import"]["err"]
    assert result["made"] > 0
    assert result["open"] == {"rc": 1, "out": "", "err": (
        f"annotator: {disk}/study.annotator: the disk is full ({disk} has room for no more "
        "files); free some space, then try again\n")}
    assert result["after"] == ["study.annotator"]


WINDOW = """
from pathlib import Path
from PySide6.QtCore import QtMsgType, qInstallMessageHandler

messages = []
qInstallMessageHandler(lambda kind, context, text: messages.append(text)
                       if kind != QtMsgType.QtDebugMsg
                       and "propagateSizeHints" not in text else None)
from annotator.ui.app import ensure_application, open_project_window

disk, text = sys.argv[1:3]
mount_tiny_disk(disk, 2048)
project = os.path.join(disk, "study.annotator")
cli("import", project, text)
cli("autocode", project, "--tag", "water", "--phrase", "zzz-no-match")  # creates the tag
app = ensure_application()
window = open_project_window(Path(project))
window.show()
window.backup.wait()
window.open_document(window.document_model.document_id(0))
water = window.project.tags.find(["water"])
taken = fill(disk)
results = []
for start in (0, 100, 200):
    window.editor.select_span(start, start + 5)
    results.append((window.editor.apply_tags([water]), window.last_error))
    app.processEvents()
os.remove(os.path.join(disk, "filler"))
window.editor.select_span(300, 305)
after = window.editor.apply_tags([water])
count = window.project.highlights.count()
window.close()
print(json.dumps({"results": results, "after": after, "count": count, "messages": messages,
                  "check": cli("check", project)}))
"""


def test_the_window_refuses_edits_on_a_full_disk_in_one_line_and_goes_on(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    write_texts(tmp_path / "texts", 1, 4000)
    result = run_in_namespace(WINDOW, str(disk), str(tmp_path / "texts" / "000.txt"))
    project = disk / "study.annotator"
    for applied, error in result["results"]:
        assert applied is False
        assert error.startswith(f"{project}: the disk is full ({disk} has ")
    assert result["after"] is True and result["count"] == 1  # space freed: edits work again
    assert result["messages"] == []
    assert result["check"]["rc"] == 0, result["check"]["err"]
