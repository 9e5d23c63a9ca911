"""The ``agreement`` command: intercoder agreement per tag and overall, as a table, CSV
or JSON (see :mod:`annotator.services.agreement` for the units and coefficients).

JSON: ``{"unit", "kappa_kind", "coders": [...], "documents": N, "tags": [{"name", "path",
"units", "percent_agreement", "kappa", "alpha"}], "overall": {"units",
"percent_agreement", "kappa", "alpha"}}``; ``percent_agreement`` is a percentage
(0-100); an undefined coefficient is ``null`` (the table says why).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .opening import open_project
from .status import USAGE_ERROR

if TYPE_CHECKING:
    from ..domain.agreement import Coefficient
    from ..services.agreement import AgreementReport, AgreementRow

_KAPPA_NAMES = {"cohen": "Cohen's kappa", "brennan-prediger": "Brennan-Prediger kappa"}


def add_agreement_parser(commands: Any) -> None:
    """Add ``agreement`` to the subcommands (``commands``: argparse's subparsers)."""
    p = commands.add_parser("agreement", help="intercoder agreement per tag (kappa, alpha)")
    p.add_argument("project", type=Path)
    p.add_argument("--coders", action=_Checked, check=_names, default=[],
                   metavar="A,B[,C...]",
                   help="the coders to compare (default: every coder of the project)")
    p.add_argument("--tags", action=_Checked, check=_names, default=[],
                   metavar="TAG[,TAG...]", help="tag names or paths (default: every tag)")
    p.add_argument("--unit", choices=["character", "segment", "document"], default="character")
    p.add_argument("--overlap", action=_Checked, check=_share, default=0.9, metavar="SHARE",
                   help="segment unit: the share of the longer span two segments must "
                   "share to agree (default 0.9)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")


def cmd_agreement(args: argparse.Namespace) -> int:
    from ..services.agreement import agreement

    with open_project(args.project) as project:
        report = agreement(project, coders=args.coders, tags=args.tags, unit=args.unit,
                           overlap=args.overlap)
    if args.format == "json":
        json.dump(agreement_json(report), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        write_agreement_csv(report, sys.stdout)
    else:
        print_agreement(report, sys.stdout)
    return 0


def agreement_json(report: AgreementReport) -> dict[str, object]:
    """The ``--format json`` object."""
    return {
        "unit": report.unit,
        "kappa_kind": report.kappa_kind,
        "coders": list(report.coders),
        "documents": report.documents,
        "tags": [{"name": t.name, "path": t.path, **_row_json(t.row)} for t in report.tags],
        "overall": _row_json(report.overall),
    }


def _row_json(row: AgreementRow) -> dict[str, object]:
    share = row.percent_agreement.value
    return {"units": row.units,
            "percent_agreement": None if share is None else 100 * share,
            "kappa": row.kappa.value, "alpha": row.alpha.value}


def write_agreement_csv(report: AgreementReport, out: TextIO) -> None:
    """One row per tag, then the overall row (``scope`` says which)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["scope", "tag", "path", "units", "percent_agreement", "kappa",
                     "kappa_kind", "alpha"])
    rows = [("tag", t.name, t.path, t.row) for t in report.tags]
    for scope, name, path, row in [*rows, ("overall", "", "", report.overall)]:
        record = _row_json(row)
        writer.writerow([scope, name, path, row.units, _blank(record["percent_agreement"]),
                         _blank(record["kappa"]), report.kappa_kind, _blank(record["alpha"])])


def print_agreement(report: AgreementReport, out: TextIO) -> None:
    """An aligned table with a heading; undefined coefficients are ``-``, and a note
    under the table gives each one's reason."""
    print(f"Agreement of {', '.join(report.coders)} on {report.documents} compared "
          f"document{'s' if report.documents != 1 else ''}, unit: {report.unit}", file=out)
    kappa_name = _KAPPA_NAMES[report.kappa_kind]
    labelled = [(t.path, t.row) for t in report.tags] + [("overall", report.overall)]
    width = max(len(label) for label, _ in labelled)
    print(f"{'tag':<{width}}  {'units':>10}  {'agreement':>9}  {'kappa':>7}  {'alpha':>7}",
          file=out)
    notes: list[str] = []
    for label, row in labelled:
        share = row.percent_agreement.value
        agreement = "-" if share is None else f"{100 * share:.1f}%"
        print(f"{label:<{width}}  {row.units:>10}  {agreement:>9}  "
              f"{_cell(row.kappa):>7}  {_cell(row.alpha):>7}", file=out)
        notes += _notes(label, row)
    if report.unit == "segment":
        print(f"kappa: {kappa_name}; alpha: not defined for segments", file=out)
        notes = [note for note in notes if "alpha is not defined" not in note]
    else:
        print(f"kappa: {kappa_name}; alpha: Krippendorff's alpha (nominal)", file=out)
    for note in notes:
        print(note, file=out)


def _notes(label: str, row: AgreementRow) -> list[str]:
    named = [("agreement", row.percent_agreement), ("kappa", row.kappa), ("alpha", row.alpha)]
    reasons: dict[str, list[str]] = {}
    for name, coefficient in named:
        if coefficient.value is None:
            reasons.setdefault(coefficient.reason, []).append(name)
    return [f"{label}: {' and '.join(names)} undefined: {reason}"
            for reason, names in reasons.items()]


def _cell(coefficient: Coefficient) -> str:
    return "-" if coefficient.value is None else f"{coefficient.value:.3f}"


def _blank(value: object) -> object:
    return "" if value is None else value


class _Checked(argparse.Action):
    """Converts its value with ``check``; a ``ValueError`` is a usage error in one line
    (exit status 2), without argparse's usage text."""

    def __init__(self, *args: Any, check: Callable[[str], object], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._check = check

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        try:
            setattr(namespace, self.dest, self._check(str(values)))
        except ValueError as error:
            parser.exit(USAGE_ERROR, f"{parser.prog}: error: argument {option_string}: "
                        f"{error}\n")


def _names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise ValueError("give at least one name")
    return names


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if not 0 < value <= 1:
        raise ValueError(f"{text} is not above 0 and at most 1")
    return value
