"""``annotator report`` on the Kremlin corpus, coded with ``annotator autocode``: the
quotes and counts of the HTML, docx and Markdown reports equal what the JSON export of
the same project holds (computed here from the export, and checked against a regular
expression over the exported texts); ``--where``, ``--tags``, ``--with-memos`` and
``--codebook``; refusals in one line."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.services import Project
from helpers import SHARED
from report_files import (
    ReportHtml,
    counts_text,
    docx_paragraphs,
    export_document_counts,
    export_tag_quotes,
    markdown_blockquotes,
)

KREMLIN = SHARED / "corpora" / "news-kremlin-en"
HOSTILE_MEMO = "<script>alert('memo')</script> & \"quoted\" ~~not struck~~"
HOSTILE_DESCRIPTION = "Threats <b>and</b> defence; [not a link](http://example.com)"


def cli(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def coded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The corpus imported and autocoded through the CLI, with variables from index.csv,
    a memo and a description; and its JSON export. Built once: tests only read it."""
    folder = tmp_path_factory.mktemp("kremlin")
    project = folder / "kremlin.annotator"
    assert cli("import", project, KREMLIN)[0] == 0
    for args in (("--tag", "security", "--phrase", "security", "--whole-word"),
                 ("--tag", "economy/migration", "--pattern", r"migra\w*"),
                 ("--tag", "water", "--phrase", "water", "--whole-word"),
                 ("--tag", "economy", "--phrase", "economic cooperation")):
        code, _, err = cli("autocode", project, *args)
        assert code == 0, err
    assert cli("attributes", project, KREMLIN / "index.csv")[0] == 0
    with Project.open(project, create=False) as opened:
        security = opened.tags.resolve("security")
        opened.tags.describe(security, HOSTILE_DESCRIPTION)
        first = opened.highlights.for_document(opened.store.highlights.get(1).document_id)[0]
        opened.highlights.set_memo(first.id, HOSTILE_MEMO)
    export = folder / "export.json"
    assert cli("export", project, export)[0] == 0
    return project, export


def exported(export: Path) -> dict[str, Any]:
    return json.loads(export.read_text(encoding="utf-8"))


def tree_order(export: Path) -> list[int]:
    """Tag ids depth first, siblings in the export's order."""
    tags = exported(export)["tags"]
    children: dict[int | None, list[int]] = {}
    for tag in tags:
        children.setdefault(tag["parent"], []).append(tag["id"])
    order: list[int] = []

    def visit(parent: int | None) -> None:
        for tag_id in children.get(parent, []):
            order.append(tag_id)
            visit(tag_id)

    visit(None)
    return order


def labels(export: Path) -> dict[int, str]:
    tags = {t["id"]: t for t in exported(export)["tags"]}

    def label(tag_id: int) -> str:
        tag = tags[tag_id]
        return (label(tag["parent"]) + " › " if tag["parent"] else "") + tag["name"]

    return {tag_id: label(tag_id) for tag_id in tags}


def test_html_report_lists_exactly_the_exports_quotes_with_its_counts(
    coded: tuple[Path, Path], tmp_path: Path
) -> None:
    project, export = coded
    out = tmp_path / "report.html"
    code, stdout, err = cli("report", project, out)
    assert code == 0, err
    expected = export_tag_quotes(export)
    documents = export_document_counts(export)
    page = ReportHtml(out.read_text(encoding="utf-8"))
    assert [s.tag_id for s in page.sections] == tree_order(export)
    names = labels(export)
    for section in page.sections:
        assert section.quotes == expected[section.tag_id], names[section.tag_id]
        assert section.counts == counts_text(len(expected[section.tag_id]),
                                             documents[section.tag_id])
        assert section.heading.endswith(names[section.tag_id])
    total = sum(len(q) for q in expected.values())
    assert stdout == f"Wrote a report of {len(expected)} tags, {total} quotes to {out}\n"
    # Checked against the texts themselves: every whole word "security" is one quote.
    texts = [d["text"] for d in exported(export)["documents"]]
    security = next(t for t, n in names.items() if n == "security")
    assert len(expected[security]) == sum(
        len(re.findall(r"(?<![^\W_])security(?![^\W_])", t, re.IGNORECASE)) for t in texts) > 100


def test_html_groups_quotes_under_their_documents_by_date(coded: tuple[Path, Path],
                                                          tmp_path: Path) -> None:
    project, export = coded
    out = tmp_path / "report.html"
    assert cli("report", project, out, "--tags", "water")[0] == 0
    data = exported(export)
    by_id = {d["id"]: d for d in data["documents"]}
    water = next(t["id"] for t in data["tags"] if t["name"] == "water")
    annotations = {a["id"]: a for a in data["annotations"]}
    (section,) = ReportHtml(out.read_text(encoding="utf-8")).sections
    in_order = []
    for highlight_id, _ in export_tag_quotes(export)[water]:
        document = by_id[annotations[highlight_id]["document"]]
        heading = f"{document['title']} ({document['date'][:10]})"
        if heading not in in_order:
            in_order.append(heading)
    assert section.documents == in_order and len(in_order) > 1
    assert section.sources == ["— coded by " + a["coder"] for a in
                               (annotations[h] for h, _ in section.quotes)]


def test_docx_and_markdown_reports_hold_every_quote_in_order(coded: tuple[Path, Path],
                                                             tmp_path: Path) -> None:
    project, export = coded
    expected = export_tag_quotes(export)
    in_order = [quote for tag_id in tree_order(export) for _, quote in expected[tag_id]]
    assert cli("report", project, tmp_path / "report.docx")[0] == 0
    paragraphs = docx_paragraphs(tmp_path / "report.docx")
    assert [text for style, text in paragraphs if style == "Quote"] == in_order
    names = labels(export)
    assert [text for style, text in paragraphs if style == "Heading 1"] == [
        names[t] for t in tree_order(export)]
    assert cli("report", project, tmp_path / "report.md")[0] == 0
    assert markdown_blockquotes((tmp_path / "report.md").read_text(encoding="utf-8")) == \
        in_order


def test_where_keeps_the_quotes_of_the_documents_with_that_value(coded: tuple[Path, Path],
                                                                 tmp_path: Path) -> None:
    project, export = coded
    with (KREMLIN / "index.csv").open(encoding="utf-8", newline="") as handle:
        places = Counter(" ".join(row["place"].split()) for row in csv.DictReader(handle)
                         if row["place"].strip())
    place = places.most_common(1)[0][0]
    chosen = {d["id"] for d in exported(export)["documents"]
              if d["attributes"].get("place") == place}
    assert 0 < len(chosen) < len(exported(export)["documents"])
    out = tmp_path / "moscow.html"
    assert cli("report", project, out, "--where", f"place={place}")[0] == 0
    expected = export_tag_quotes(export, documents=chosen)
    documents = export_document_counts(export, documents=chosen)
    page = ReportHtml(out.read_text(encoding="utf-8"))
    assert {s.tag_id: s.quotes for s in page.sections} == expected
    assert all(s.counts == counts_text(len(expected[s.tag_id]), documents[s.tag_id])
               for s in page.sections)
    assert sum(len(q) for q in expected.values()) < sum(
        len(q) for q in export_tag_quotes(export).values())
    assert f"Documents: place = {place}." in out.read_text(encoding="utf-8")


def test_tags_bring_the_tags_below_them(coded: tuple[Path, Path], tmp_path: Path) -> None:
    project, export = coded
    out = tmp_path / "economy.md"
    code, stdout, _ = cli("report", project, out, "--tags", "economy")
    assert code == 0
    names = labels(export)
    ids = {name: tag_id for tag_id, name in names.items()}
    expected = export_tag_quotes(export)
    total = len(expected[ids["economy"]]) + len(expected[ids["economy › migration"]])
    assert stdout.startswith(f"Wrote a report of 2 tags, {total} quotes")
    text = out.read_text(encoding="utf-8")
    assert re.findall(r"^## (.*)$", text, re.MULTILINE) == ["economy", "economy › migration"]
    assert markdown_blockquotes(text) == [q for key in ("economy", "economy › migration")
                                          for _, q in expected[ids[key]]]


def test_memos_only_with_memos_and_escaped(coded: tuple[Path, Path], tmp_path: Path) -> None:
    project, export = coded
    with_memos, without = tmp_path / "with.html", tmp_path / "without.html"
    assert cli("report", project, with_memos, "--with-memos")[0] == 0
    assert cli("report", project, without)[0] == 0
    memo_of = {a["id"]: a["memo"] for a in exported(export)["annotations"] if a["memo"]}
    assert list(memo_of.values()) == [HOSTILE_MEMO]
    page = ReportHtml(with_memos.read_text(encoding="utf-8"))
    shown = [m for s in page.sections for m in s.memos]
    carrying = sum(1 for s in page.sections for h, _ in s.quotes if h in memo_of)
    assert shown == ["Memo: " + HOSTILE_MEMO] * carrying and carrying >= 1
    assert not any(tag == "script" for tag, _ in page.tags)
    assert all(not s.memos for s in ReportHtml(without.read_text(encoding="utf-8")).sections)
    assert HOSTILE_MEMO not in without.read_text(encoding="utf-8")


def test_codebook_gives_counts_and_the_longest_short_quote(coded: tuple[Path, Path],
                                                          tmp_path: Path) -> None:
    project, export = coded
    out = tmp_path / "codebook.html"
    code, stdout, _ = cli("report", project, out, "--codebook")
    assert code == 0 and stdout.startswith("Wrote the codebook of 4 tags")
    expected = export_tag_quotes(export)
    documents = export_document_counts(export)
    page = ReportHtml(out.read_text(encoding="utf-8"))
    assert [s.tag_id for s in page.sections] == tree_order(export)
    for section in page.sections:
        quotes = expected[section.tag_id]
        assert section.counts == counts_text(len(quotes), documents[section.tag_id])
        short = [q for q in quotes if len(q[1]) <= 400]
        example = (max(short, key=lambda q: len(q[1])) if short
                   else min(quotes, key=lambda q: len(q[1])) if quotes else None)
        assert section.quotes == ([example] if example else [])
    assert HOSTILE_DESCRIPTION in [text for text in _descriptions(out)]


def _descriptions(out: Path) -> list[str]:
    from html import unescape

    return [unescape(m) for m in re.findall(r'<p class="description" dir="auto">(.*?)</p>',
                                            out.read_text(encoding="utf-8"), re.DOTALL)]


def test_refusals_are_one_line_and_leave_the_target_alone(coded: tuple[Path, Path],
                                                          tmp_path: Path) -> None:
    project, _ = coded
    target = tmp_path / "report.txt"
    target.write_text("kept", encoding="utf-8")
    code, out, err = cli("report", project, target)
    assert (code, out) == (1, "") and err.count("\n") == 1 and str(target) in err
    assert ".html, .docx or .md" in err and target.read_text(encoding="utf-8") == "kept"
    html = tmp_path / "kept.html"
    html.write_text("kept", encoding="utf-8")
    for args, status, named in ((("--tags", "no such tag"), 1, "no such tag"),
                                (("--where", "nosuchvariable=1"), 1, "nosuchvariable"),
                                (("--where", "no equals sign"), 2, "no equals sign")):
        code, out, err = cli("report", project, html, *args) if status == 1 else \
            _usage_error("report", project, html, *args)
        assert code == status and err.count("\n") == 1 and named in err, err
        assert "Traceback" not in err and html.read_text(encoding="utf-8") == "kept"


def _usage_error(*argv: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            pytest.raises(SystemExit) as stopped:
        main([str(a) for a in argv])
    return int(stopped.value.code or 0), out.getvalue(), err.getvalue()


def test_the_open_project_is_refused_as_the_target(tmp_path: Path) -> None:
    project = tmp_path / "odd name.html"  # a project file that a report could be named
    assert cli("import", project, KREMLIN / "kremlin-en-13679.txt")[0] == 0
    before = project.read_bytes()
    code, _, err = cli("report", project, project)
    assert code == 1 and "is an open project" in err and err.count("\n") == 1
    assert project.read_bytes() == before
