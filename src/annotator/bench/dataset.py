"""A deterministic coded-dataset JSON file of about a given size, shaped like a real study.

What a research group exports after months of coding: a codebook of a few hundred tags
(a dozen themes, each with two dozen sub-codes); about 80 documents per MB, most of a few
kB, some of tens of kB and a few of a few hundred kB (reports, transcripts); about one
highlight per kB of text, word-aligned, with one to three tags, a memo on one in three,
from three coders. Texts come from the benchmark corpus (English with some Cyrillic and
emoji). Same size and seed, same file, on every machine.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from dataclasses import dataclass
from pathlib import Path

from ..domain.model import Document, Highlight, Tag
from ..domain.palette import PALETTE
from ..domain.spans import snap_to_words
from ..formats.coded_dataset import write_coded_dataset
from . import corpus

#: The themes of the codebook (its top level); each gets :data:`SUB_CODES` children.
THEMES = (
    "security", "migration", "water", "integration", "economy", "terrorism", "energy",
    "trade", "borders", "diplomacy", "elections", "courts",
)
SUB_CODES = 24
CODERS = ("alice", "bahrom", "chen")
#: Share of the file that is document text (the rest: annotations, codebook, fields).
_TEXT_SHARE = 0.70
#: About one highlight per this many characters of text.
_CHARACTERS_PER_HIGHLIGHT = 900
_EXPORTED_AT = "2026-11-26T16:00:00Z"


@dataclass(frozen=True)
class DatasetSize:
    """What a generated file holds: its size in MB (10^6 bytes) and its record counts."""

    mb: float
    documents: int
    highlights: int
    tags: int


def write_dataset(path: Path, megabytes: float, seed: int = 17) -> DatasetSize:
    """Write a coded dataset of about ``megabytes`` MB to ``path`` (within a few percent
    from 1 MB up; below that one long document may add a few tenths of a MB)."""
    rng = random.Random(seed)
    tags = _codebook(rng)
    documents: list[Document] = []
    highlights: list[Highlight] = []
    text_bytes, budget = 0, megabytes * 1e6 * _TEXT_SHARE
    while text_bytes < budget:
        document = _document(rng, len(documents) + 1)
        documents.append(document)
        highlights += _highlights(rng, document, tags, len(highlights) + 1)
        text_bytes += len(document.text.encode("utf-8"))
    with path.open("w", encoding="utf-8") as out:
        write_coded_dataset(out, project_name="Generated study", exported_at=_EXPORTED_AT,
                            tags=tags, documents=documents, highlights=highlights)
    return DatasetSize(round(path.stat().st_size / 1e6, 2), len(documents), len(highlights),
                       len(tags))


def _codebook(rng: random.Random) -> list[Tag]:
    tags: list[Tag] = []
    words = [w for w in corpus.WORDS if len(w) > 3]
    for theme in THEMES:
        parent = len(tags) + 1
        tags.append(Tag(parent, _guid(rng), theme, None, PALETTE[parent % len(PALETTE)],
                        f"Passages about {theme}.", 0))
        for name in rng.sample(words, SUB_CODES):
            tag_id = len(tags) + 1
            tags.append(Tag(tag_id, _guid(rng), name, parent, PALETTE[tag_id % len(PALETTE)],
                            "", 0))
    return tags


def _document_size(rng: random.Random) -> int:
    """Characters of one document: 90% of 1.5-8 kB, 8.5% of 8-50 kB, 1.5% of 50-300 kB."""
    roll = rng.random()
    low, high = (1_500, 8_000) if roll < 0.9 else (8_000, 50_000) if roll < 0.985 else (
        50_000, 300_000)
    return int(low * (high / low) ** rng.random())


def _document(rng: random.Random, document_id: int) -> Document:
    size = _document_size(rng)
    generated = next(corpus.documents(1, seed=rng.randrange(2**31), size=size))
    text = generated.text
    title = text.split("\n", 1)[0]
    attributes = {"outlet": rng.choice(("TASS", "Reuters", "Interfax", "AKIpress"))}
    return Document(document_id, _guid(rng), title, text, generated.date.isoformat(),
                    f"{document_id:06d}.txt",
                    hashlib.sha256(text.encode("utf-8")).hexdigest(), attributes, "")


def _highlights(
    rng: random.Random, document: Document, tags: list[Tag], first_id: int
) -> list[Highlight]:
    text = document.text
    out: list[Highlight] = []
    for offset in range(1 + len(text) // _CHARACTERS_PER_HIGHLIGHT):
        at = rng.randrange(len(text) - 200)
        start, end = snap_to_words(text, at, at + rng.randrange(20, 180))
        tag_ids = tuple(t.id for t in rng.sample(tags, rng.choice((1, 1, 1, 2, 3))))
        memo = " ".join(rng.choices(corpus.WORDS, k=12)) if rng.random() < 0.33 else ""
        stamp = f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T10:00:00Z"
        out.append(Highlight(first_id + offset, _guid(rng), document.id, start, end,
                             text[start:end], memo, rng.choice(CODERS), stamp, stamp, tag_ids))
    return out


def _guid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
