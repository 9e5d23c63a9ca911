"""File ▸ Export report…: the dialog's preview follows its options (tags, codebook,
memos, the browser's filter), Save… writes the chosen format in the background, and a
failed save says why; closing the window while a preview is built waits for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from ui_fixtures import document_id

from annotator.domain.filters import DocumentFilter
from annotator.ui import report_actions
from annotator.ui.report_dialog import REPORT_FORMATS, index_of_tag
from report_files import ReportHtml, docx_paragraphs

MEMO = "<script>alert('x')</script>"


@pytest.fixture
def coded(window):  # type: ignore[no-untyped-def]
    """Three highlights: "water" twice in the river report (one with a memo), "security"
    once in the emoji note."""
    project = window.project
    river, emoji = document_id(window, "River report"), document_id(window, "Emoji note")
    water, security = project.tags.resolve("water"), project.tags.resolve("security")
    river_text, emoji_text = project.documents.text(river), project.documents.text(emoji)
    for text, document, word, tag, memo in (
            (river_text, river, "river", water, ""), (river_text, river, "water level", water,
                                                      MEMO),
            (emoji_text, emoji, "😀 world security", security, "")):
        start = text.index(word)
        project.highlights.create(document, start, start + len(word), [tag], memo=memo)
    window.check_external_changes()
    return window


def open_dialog(window, qtbot):  # type: ignore[no-untyped-def]
    """File ▸ Export report…, through the menu's action; the dialog once its first
    preview is shown."""
    actions = [a.text() for a in window._menus["File"].actions()]
    assert actions.index("Export report…") == actions.index("Export coded dataset…") + 1
    action = next(a for a in window._menus["File"].actions() if a.text() == "Export report…")
    with qtbot.waitSignal(window.files.reports.dialogOpened, timeout=5000) as opened:
        action.trigger()
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog.busy, timeout=10000)
    return dialog


def preview_quotes(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    return [q for s in ReportHtml(dialog.preview.html).sections for _, q in s.quotes]


def changed(dialog, qtbot, change):  # type: ignore[no-untyped-def]
    """Make ``change`` and wait for the preview that follows it."""
    with qtbot.waitSignal(dialog.previewed, timeout=10000):
        change()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)


def test_the_preview_shows_the_quotes_of_the_checked_tags(coded, qtbot):  # type: ignore[no-untyped-def]
    dialog = open_dialog(coded, qtbot)
    assert preview_quotes(dialog) == ["😀 world security", "river", "water level"]
    assert dialog.status.text() == "The report: 2 tags, 3 quotes."
    assert "😀 world security" in dialog.browser.toPlainText()
    changed(dialog, qtbot, lambda: qtbot.mouseClick(dialog.none_button,
                                                     Qt.MouseButton.LeftButton))
    assert preview_quotes(dialog) == [] and not dialog.save_button.isEnabled()
    water = dialog.tags.itemFromIndex(index_of_tag(dialog.tags,
                                                   coded.project.tags.resolve("water")))
    changed(dialog, qtbot, lambda: water.setCheckState(Qt.CheckState.Checked))
    assert preview_quotes(dialog) == ["river", "water level"] and dialog.save_button.isEnabled()
    assert MEMO not in dialog.preview.html
    changed(dialog, qtbot, lambda: dialog.memos_box.click())
    assert ReportHtml(dialog.preview.html).sections[0].memos == ["Memo: " + MEMO]
    changed(dialog, qtbot, lambda: dialog.codebook_choice.click())
    assert dialog.browser.documentTitle().startswith("Codebook")
    assert preview_quotes(dialog) == ["water level"]  # the longest, as the example
    dialog.reject()


def test_tags_checked_in_the_tag_panel_are_preselected(coded, qtbot):  # type: ignore[no-untyped-def]
    coded.tag_model.set_checked(coded.project.tags.resolve("security"), True)
    dialog = open_dialog(coded, qtbot)
    assert dialog.checked_tags() == [coded.project.tags.resolve("security")]
    assert preview_quotes(dialog) == ["😀 world security"]
    dialog.reject()


def test_the_browsers_filter_can_limit_the_documents(coded, qtbot):  # type: ignore[no-untyped-def]
    coded.browser.set_document_filter(DocumentFilter(text="river"))
    dialog = open_dialog(coded, qtbot)
    assert dialog.filter_box.isEnabled() and dialog.filter_box.isChecked()
    assert preview_quotes(dialog) == ["river", "water level"]
    assert "Documents: containing river." in dialog.browser.toPlainText()
    changed(dialog, qtbot, lambda: dialog.filter_box.click())
    assert len(preview_quotes(dialog)) == 3
    dialog.reject()


def save(window, dialog, qtbot, monkeypatch, answer: Path):  # type: ignore[no-untyped-def]
    """Press Save… with the save dialog answering ``answer``; the summary (or None)."""
    asked: list[tuple[str, str]] = []

    def choose(_parent, _title, suggested, filters):  # type: ignore[no-untyped-def]
        asked.append((str(suggested), filters))
        return str(answer), ""

    monkeypatch.setattr(report_actions, "choose_save_file", choose)
    with qtbot.waitSignal(window.files.reports.finished, timeout=10000) as done:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return done.args[0], asked


def test_save_writes_the_chosen_format(coded, qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    dialog = open_dialog(coded, qtbot)
    dialog.format_box.setCurrentIndex(1)
    summary, asked = save(coded, dialog, qtbot, monkeypatch, tmp_path / "my report")
    assert summary == "2 tags, 3 quotes"
    assert asked[0][0].endswith("ui quotes.docx")
    assert asked[0][1].split(";;")[0] == REPORT_FORMATS[1][2]
    quotes = [text for style, text in docx_paragraphs(tmp_path / "my report.docx")
              if style == "Quote"]
    assert quotes == ["😀 world security", "river", "water level"]
    assert "Saved the report to" in coded.statusBar().currentMessage()


def test_a_failed_save_says_why(coded, qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    dialog = open_dialog(coded, qtbot)
    target = tmp_path / "no such folder" / "report.html"
    summary, _ = save(coded, dialog, qtbot, monkeypatch, target)
    assert summary is None and not target.parent.exists()
    assert str(target) in coded.last_error and "does not exist" in coded.last_error


def test_closing_the_window_while_a_preview_is_built(coded, qtbot):  # type: ignore[no-untyped-def]
    dialog = open_dialog(coded, qtbot)
    dialog.memos_box.click()
    dialog._schedule.stop()
    dialog._build_preview()  # a preview under way
    assert dialog.busy
    coded.close()
    assert not coded.isVisible()
