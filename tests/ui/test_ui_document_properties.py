"""Document properties: see and correct title, date and attributes; undoable."""

from __future__ import annotations

from ui_fixtures import document_id


def test_properties_edit_is_saved_and_undoable(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    river = document_id(window, "River report")
    window.browser.select_document(river)
    dialog = window.edit_document_properties()
    assert dialog is not None and dialog.title_edit.text() == "River report"
    assert dialog.date_edit.text() == "2019-05-01"
    dialog.title_edit.setText("River report, summer")
    dialog.date_edit.setText("2019-06")
    dialog.add_attribute("outlet", "Kun.uz")
    assert dialog.save()
    doc = window.project.documents.get(river)
    assert (doc.title, doc.date, doc.attributes) == ("River report, summer", "2019-06", {"outlet": "Kun.uz"})
    model = window.document_model
    assert model.index(model.row_of(river), 0).data() == "River report, summer"
    assert window.undo_action.text() == "Undo Edit properties of 'River report'"
    window.undo_stack.undo()
    doc = window.project.documents.get(river)
    assert (doc.title, doc.date, doc.attributes) == ("River report", "2019-05-01", {})
    dialog.close()


def test_a_bad_date_is_explained_and_nothing_is_saved(window) -> None:  # type: ignore[no-untyped-def]
    river = document_id(window, "River report")
    window.browser.select_document(river)
    dialog = window.edit_document_properties()
    dialog.date_edit.setText("2019-02-30")
    assert not dialog.save()
    assert "'2019-02-30' is not a real date" in dialog.error_label.text()
    dialog.date_edit.setText("")  # no date is a valid answer: the document becomes undated
    assert dialog.save()
    assert window.project.documents.get(river).date is None
    assert window.project.documents.get(river).text == "The river water level fell in summer."
    dialog.close()
