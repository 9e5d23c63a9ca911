"""The coded-dataset JSON format (DESIGN.md, "Coded-dataset JSON"): import from here.

This module is the format's public face; the work is split by direction:

* ``coded_dataset_writer``: :func:`write_coded_dataset`, streamed, one record per line;
* ``coded_dataset_reader``: :func:`read_coded_dataset`, validating, refusing bad files
  with an :class:`~annotator.domain.errors.InputFileError`;
* ``coded_dataset_records``: the records read back (:class:`CodedDataset` and friends);
* ``coded_dataset.schema.json``: the JSON Schema of the format, shipped in the package
  and returned by :func:`schema_text` (tests validate exports against it).
"""

from __future__ import annotations

from importlib.resources import files

from .coded_dataset_reader import DEFAULT_MAX_BYTES, read_coded_dataset
from .coded_dataset_records import (
    FORMAT_NAME,
    FORMAT_VERSION,
    READABLE_VERSIONS,
    CodedDataset,
    DatasetAnnotation,
    DatasetDocument,
    DatasetMemo,
    DatasetTag,
)
from .coded_dataset_writer import write_coded_dataset

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "READABLE_VERSIONS",
    "CodedDataset",
    "DatasetAnnotation",
    "DatasetDocument",
    "DatasetMemo",
    "DatasetTag",
    "read_coded_dataset",
    "schema_text",
    "write_coded_dataset",
]

SCHEMA_RESOURCE = "coded_dataset.schema.json"


def schema_text() -> str:
    """The JSON Schema (draft 2020-12) of the format, as shipped inside the package."""
    return (files("annotator.formats") / SCHEMA_RESOURCE).read_text(encoding="utf-8")
