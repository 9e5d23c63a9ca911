"""The Agreement dock driven through its widgets on two coders' Kremlin project: the
coefficients it shows against the CLI's JSON, the disagreements against a per-character
computation from the stored highlights, "Keep ann's" then undo and redo, "Keep both",
and a click opening the document at the stretch (in a text with emoji and CJK)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from agreement_project import build_two_coder_project
from PySide6.QtCore import Qt

from annotator.cli import main
from annotator.services import Project
from helpers import add_text

MIXED = "Intro 😀 line.\r\nSecurity 中文 talk e\u0301 here 👍🏽 and more security talk.\n"


@pytest.fixture(scope="module")
def two_coder_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("agreement") / "two.annotator"
    build_two_coder_project(path)
    with Project.open(path, coder="ann") as project:
        project.tags.create("unused")
        security = project.tags.resolve("security")
        doc = add_text(project, MIXED, title="Mixed scripts")
        text = project.documents.text(doc)
        start = text.index("Security")
        project.highlights.create(doc, start, text.index("here"), [security])
        project.coder = "bob"
        project.highlights.create(doc, text.index("中文"), text.index("and more"), [security])
    return path


@pytest.fixture
def window(qtbot, two_coder_file: Path, tmp_path: Path) -> Iterator:  # type: ignore[no-untyped-def]
    from annotator.ui.app import create_main_window

    copy = tmp_path / "two.annotator"
    shutil.copy(two_coder_file, copy)
    window = create_main_window(copy)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    panel = window.agreement.panel
    with qtbot.waitSignal(panel.computed, timeout=20000):
        window.agreement.bring_up()
    yield window
    window.close()


def _cli_json(capsys, path: Path, *options: str) -> dict:  # type: ignore[type-arg]
    assert main(["agreement", str(path), "--format", "json", *options]) == 0
    return json.loads(capsys.readouterr().out)


def _shown(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}%" if percent else f"{value:.3f}"


def _table(panel) -> list[list[str]]:  # type: ignore[no-untyped-def]
    model = panel.table_model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


@pytest.mark.parametrize(("unit", "options"), [("Character", ()),
                                               ("Segment", ("--unit", "segment",
                                                            "--overlap", "0.8")),
                                               ("Document", ("--unit", "document"))])
def test_the_coefficients_shown_are_the_clis(window, qtbot, capsys, unit, options):
    panel = window.agreement.panel
    if unit != panel.controls.unit_box.currentText():  # the window opens on characters
        with qtbot.waitSignal(panel.computed, timeout=20000):
            panel.controls.unit_box.setCurrentText(unit)
            panel.controls.overlap_box.setValue(0.8)
    expected = _cli_json(capsys, window.project.path, *options)
    rows = [*[(t["path"], t) for t in expected["tags"]], ("All tags", expected["overall"])]
    assert _table(panel) == [[label, f"{row['units']:,}",
                              _shown(row["percent_agreement"], percent=True),
                              _shown(row["kappa"]), _shown(row["alpha"])]
                             for label, row in rows]
    kappa_header = panel.table_model.headerData(3, Qt.Orientation.Horizontal)
    assert kappa_header == ("B–P κ" if expected["kappa_kind"] == "brennan-prediger"
                            else "Cohen's κ")
    assert f"on {expected['documents']} documents" in panel.summary.text()


def test_an_undefined_coefficient_is_a_dash_with_its_reason(window):
    model = window.agreement.panel.table_model
    (row,) = [r for r in range(model.rowCount()) if model.index(r, 0).data() == "unused"]
    kappa = model.index(row, 3)
    assert kappa.data() == "—"
    assert kappa.data(Qt.ItemDataRole.ToolTipRole).startswith("No variation:")


def _coverage(project, coder, document_id, tag_id, length):  # type: ignore[no-untyped-def]
    covered = [False] * length
    for h in project.highlights.for_document(document_id):
        if h.coder == coder and tag_id in h.tag_ids:
            covered[h.start:h.end] = [True] * (h.end - h.start)
    return covered


def _brute_stretches(project) -> list[tuple[int, int, int, int]]:  # type: ignore[no-untyped-def]
    """(document, tag, start, end) of each maximal run where ann's and bob's coverage
    differ, per character, in the documents both coded."""
    found = []
    tags = [t.tag.id for t in project.tags.counts()]
    for doc in project.documents.ids():
        coders = {h.coder for h in project.highlights.for_document(doc)}
        if not {"ann", "bob"} <= coders:
            continue
        length = len(project.documents.text(doc))
        for tag in tags:
            a = _coverage(project, "ann", doc, tag, length)
            b = _coverage(project, "bob", doc, tag, length)
            opened = None
            for i in range(length + 1):
                differs = i < length and a[i] != b[i]
                if differs and opened is None:
                    opened = i
                elif not differs and opened is not None:
                    found.append((doc, tag, opened, i))
                    opened = None
    return sorted(found)


def _listed(panel) -> list[tuple[int, int, int, int]]:  # type: ignore[no-untyped-def]
    return sorted((d.document_id, d.tag_id, d.start, d.end)
                  for d in panel.list_model.disagreements)


def test_the_disagreements_are_the_runs_where_the_coders_differ(window, qtmodeltester):
    panel = window.agreement.panel
    assert _listed(panel) == _brute_stretches(window.project)
    assert panel.tabs.tabText(1) == f"Disagreements ({panel.list_model.rowCount()})"
    assert panel.list_model.headerData(3, Qt.Orientation.Horizontal) == "ann"
    qtmodeltester.check(panel.list_model)
    qtmodeltester.check(panel.table_model)


def _highlights(project):  # type: ignore[no-untyped-def]
    return sorted(project.store.highlights.iterate(), key=lambda h: h.id)


def _coverage_of(highlights, coder, found, length):  # type: ignore[no-untyped-def]
    covered = [False] * length
    for h in highlights:
        if (h.coder, h.document_id) == (coder, found.document_id) and found.tag_id in h.tag_ids:
            covered[h.start:h.end] = [True] * (h.end - h.start)
    return covered


def _reach(highlights, found) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """The stretch grown by every highlight of the tag that overlaps it, until none does
    without lying inside."""
    low, high = found.start, found.end
    spans = [(h.start, h.end) for h in highlights
             if h.document_id == found.document_id and found.tag_id in h.tag_ids]
    while any(s < high and e > low and (s < low or e > high) for s, e in spans):
        for s, e in spans:
            if s < high and e > low:
                low, high = min(low, s), max(high, e)
    return low, high


def _click_row(qtbot, panel, row: int) -> None:  # type: ignore[no-untyped-def]
    view = panel.list
    rect = view.visualRect(panel.list_model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _row_where_bob_codes_more(panel) -> int:  # type: ignore[no-untyped-def]
    for row, found in enumerate(panel.list_model.disagreements):
        if len(found.quotes[1]) > len(found.quotes[0]) > 0:
            return row
    raise AssertionError("the project has no larger highlight of bob's")


def test_keep_anns_then_undo_restores_every_highlight(window, qtbot):
    panel = window.agreement.panel
    panel.tabs.setCurrentIndex(1)
    row = _row_where_bob_codes_more(panel)
    panel.list.scrollTo(panel.list_model.index(row, 0))
    _click_row(qtbot, panel, row)
    found = panel.list_model.disagreement(row)
    before = _highlights(window.project)
    keep_anns = panel.keep_buttons[0]
    assert keep_anns.text() == "Keep ann's"
    with qtbot.waitSignal(panel.computed, timeout=20000):
        qtbot.mouseClick(keep_anns, Qt.MouseButton.LeftButton)
    after = _highlights(window.project)
    assert after != before
    # Over the reach (the stretch widened to whole highlights of the tag), bob now codes
    # the tag exactly where ann does; elsewhere nothing changed.
    low, high = _reach(before, found)
    length = len(window.project.documents.text(found.document_id))
    ann = _coverage(window.project, "ann", found.document_id, found.tag_id, length)
    bob = _coverage(window.project, "bob", found.document_id, found.tag_id, length)
    assert bob[low:high] == ann[low:high]
    assert any(bob_before != ann_before for bob_before, ann_before in
               zip(_coverage_of(before, "bob", found, length)[low:high], ann[low:high],
                   strict=True))
    assert _coverage_of(before, "bob", found, length)[:low] == bob[:low]
    assert _coverage_of(before, "bob", found, length)[high:] == bob[high:]
    untouched = [h for h in before if h.document_id != found.document_id or h.coder == "ann"]
    assert [h for h in after if h in untouched] == untouched
    assert _listed(panel) == _brute_stretches(window.project)
    assert window.undo_action.text() == "Undo Keep ann's coding"
    with qtbot.waitSignal(panel.computed, timeout=20000):
        window.undo_action.trigger()
    assert _highlights(window.project) == before
    assert _listed(panel) == _brute_stretches(window.project)
    window.redo_action.trigger()
    assert _highlights(window.project) == after


def test_keep_both_leaves_the_coding_and_goes_on(window, qtbot):
    panel = window.agreement.panel
    panel.tabs.setCurrentIndex(1)
    _click_row(qtbot, panel, 0)
    before, steps = _highlights(window.project), window.undo_stack.count()
    qtbot.mouseClick(panel.keep_both_button, Qt.MouseButton.LeftButton)
    assert panel.list_model.is_settled(0)
    assert panel.list.currentIndex().row() == 1
    assert _highlights(window.project) == before
    assert window.undo_stack.count() == steps


def test_a_click_opens_the_document_at_the_stretch(window, qtbot):
    panel = window.agreement.panel
    panel.tabs.setCurrentIndex(1)
    rows = [r for r, d in enumerate(panel.list_model.disagreements)
            if d.title == "Mixed scripts"]
    text = window.project.documents.text(panel.list_model.disagreement(rows[0]).document_id)
    # ann: "Security 中文 talk e\u0301 "; bob: "中文 talk e\u0301 here 👍🏽 ".
    assert [(panel.list_model.disagreement(r).start, panel.list_model.disagreement(r).end)
            for r in rows] == [(text.index("Security"), text.index("中文")),
                               (text.index("here"), text.index("and more"))]
    for row in rows:
        found = panel.list_model.disagreement(row)
        panel.list.scrollTo(panel.list_model.index(row, 0))
        _click_row(qtbot, panel, row)
        editor = window.editor
        assert editor.document_id == found.document_id
        cursor = editor.textCursor()
        selected = (editor._to_stored(cursor.selectionStart()),
                    editor._to_stored(cursor.selectionEnd()))
        assert selected == (found.start, found.end)
        assert editor.text[found.start:found.end] == found.text


def test_fewer_than_two_coders_asks_for_more(window, qtbot):
    panel = window.agreement.panel
    with qtbot.waitSignal(panel.computed, timeout=20000):
        panel.controls.set_coder_checked("bob", False)
    assert panel.table_model.rowCount() == 0 and panel.list_model.rowCount() == 0
    assert "two or more coders" in panel.summary.text()


def _open(qtbot, path: Path):  # type: ignore[no-untyped-def]
    from annotator.ui.app import create_main_window

    window = create_main_window(path)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    with qtbot.waitSignal(window.agreement.panel.computed, timeout=20000):
        window.agreement.bring_up()
    return window


def test_three_coders_are_compared_as_the_cli_does(qtbot, capsys, two_coder_file, tmp_path):
    copy = tmp_path / "three.annotator"
    shutil.copy(two_coder_file, copy)
    with Project.open(copy, coder="cem") as project:
        doc = project.documents.ids()[0]
        project.highlights.create(doc, 0, 40, [project.tags.resolve("security")])
    window = _open(qtbot, copy)
    panel = window.agreement.panel
    assert panel.controls.chosen_coders() == ["ann", "bob", "cem"]
    expected = _cli_json(capsys, copy)
    overall = expected["overall"]
    assert _table(panel)[-1] == ["All tags", f"{overall['units']:,}",
                                 _shown(overall["percent_agreement"], percent=True),
                                 "—", _shown(overall["alpha"])]
    assert [b.text() for b in panel.keep_buttons] == ["Keep ann's", "Keep bob's",
                                                      "Keep cem's"]
    assert panel.keep_both_button.text() == "Keep all"
    assert f"on {expected['documents']} document" in panel.summary.text()
    window.close()


def test_a_project_with_one_coder_says_what_agreement_needs(qtbot, project_file):
    with Project.open(project_file, coder="tester") as project:
        project.highlights.create(project.documents.ids()[0], 0, 2,
                                  [project.tags.resolve("water")])
    window = _open(qtbot, project_file)
    panel = window.agreement.panel
    assert "so far only tester has coded here" in panel.summary.text()
    assert panel.table_model.rowCount() == 0
    window.close()


def test_a_long_list_shows_the_first_disagreements_and_counts_all(window, qtbot,
                                                                   monkeypatch):
    from annotator.ui import agreement_reader

    panel = window.agreement.panel
    every = panel.list_model.disagreements
    monkeypatch.setattr(agreement_reader, "LISTED_DISAGREEMENTS", 5)
    with qtbot.waitSignal(panel.computed, timeout=20000):
        panel.recompute()
    assert panel.list_model.disagreements == every[:5]
    assert panel.tabs.tabText(1) == f"Disagreements (first 5 of {len(every)})"
