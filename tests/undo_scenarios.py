"""Projects and import files for the undo-of-an-import tests (services and window), and a
snapshot of every stored row to compare states with (import as ``from undo_scenarios
import ...``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.services import Project
from annotator.services.exporting import export_json
from annotator.services.importing import import_paths
from annotator.services.refi_qda import export_qdc, export_qdpx
from helpers import add_text

#: The modification time of the base project's highlights: long before any test runs, so
#: that an import changing it shows in the snapshot.
OLD = "2020-01-01T00:00:00Z"
#: The tables a snapshot must hold (and no others are expected, bar SQLite's own).
KNOWN_TABLES = {"_sqlite_migrations", "document_attributes", "document_values", "documents",
                "index_pause",
                "highlight_tags",
                "highlights", "memos", "project_info", "tag_counts", "tag_document_counts",
                "tags", "value_months", "variables"}

REGION = "Water and borders divide the valley. Migrants cross it every spring."
LABOUR = "Labour migration grows every year, and so do remittances."
DAM = "The new dam holds back water for the valley's power plant."


def table_rows(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the project file, sorted, by table name: all user
    tables (the kept totals ``tag_counts`` and ``tag_document_counts`` included) except
    SQLite's internal ones and the full-text index, which only derives from documents."""
    conn = project.store.db.conn
    tables = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                          "AND name NOT LIKE 'sqlite_%'").fetchall()
    virtual = [name for name, sql in tables if sql.upper().startswith("CREATE VIRTUAL")]
    names = sorted(name for name, _ in tables
                   if not any(name == v or name.startswith(v + "_") for v in virtual))
    assert set(names) == KNOWN_TABLES, names
    return {name: sorted(conn.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
            for name in names}


def coded_base(project: Project) -> dict[str, int]:
    """Two documents, three tags and three highlights, all last modified at ``OLD``; the
    ids by name."""
    ids = {"region": add_text(project, REGION, title="Region", date="2018-02-12"),
           "labour": add_text(project, LABOUR, title="Labour", source="labour.txt")}
    for name in ("security", "water", "economy"):
        ids[name] = project.tags.create(name)[0]
    ids["h_water"] = project.highlights.create(ids["region"], 0, 5, [ids["water"]],
                                               memo="the river")[0]
    ids["h_borders"] = project.highlights.create(ids["region"], 10, 17, [ids["security"]])[0]
    ids["h_labour"] = project.highlights.create(ids["labour"], 0, 16, [ids["economy"]])[0]
    with project.transaction():
        for key in ("h_water", "h_borders", "h_labour"):
            project.store.highlights.update(ids[key], modified_at=OLD)
    return ids


def colleague_files(base: Project, folder: Path) -> tuple[Path, Path, Path]:
    """A coded dataset and a REFI-QDA project made by a colleague from ``base``: the same
    documents and highlights (same GUIDs), where some highlights gained tags (one of them
    a new nested tag), plus a new highlight on a base document and a new document with a
    highlight; and the colleague's REFI-QDA codebook. Returns (``colleague.json``,
    ``colleague.qdpx``, ``colleague.qdc``)."""
    shared = folder / "base.json"
    export_json(base, shared)
    with Project.in_memory(coder="colleague") as other:
        import_paths(other, [shared])
        find = other.tags.find
        by_title = {other.documents.get(i).title: i for i in other.documents.ids()}
        region, labour = by_title["Region"], by_title["Labour"]
        water, borders = (h.id for h in other.highlights.for_document(region))
        energy, _ = other.tags.ensure_path(["resources", "energy"])
        migration, _ = other.tags.create("migration", description="people moving")
        other.highlights.add_tags(water, [find(["security"]), energy])  # type: ignore[list-item]
        other.highlights.add_tags(borders, [migration])
        labour_highlight = other.highlights.for_document(labour)[0].id
        other.highlights.add_tags(labour_highlight, [find(["water"])])  # type: ignore[list-item]
        other.highlights.create(region, 37, 45, [migration], memo="seasonal")  # "Migrants"
        dam = add_text(other, DAM, title="Dam", date="2019-03-01", attributes={"mw": 40})
        other.highlights.create(dam, 8, 11, [energy, find(["water"])])  # type: ignore[list-item]
        files = folder / "colleague.json", folder / "colleague.qdpx", folder / "colleague.qdc"
        export_json(other, files[0])
        export_qdpx(other, files[1])
        export_qdc(other, files[2])
    return files
