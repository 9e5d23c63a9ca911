"""A deterministic synthetic corpus: news-like documents, dated over 30 years.

Same seed, same corpus, on every machine: texts of about 5 KB built from a vocabulary of
common English words with some Cyrillic sentences and emoji, in the sample's news-page
shape (title, ``« Back``, title with a ``DD.MM.YYYY HH:MM`` time stamp, paragraphs).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

WORDS = (
    "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with",
    "be", "by", "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but",
    "have", "an", "they", "you", "were", "her", "she", "there", "been", "one", "all", "we",
    "their", "has", "would", "when", "if", "will", "more", "no", "out", "so", "said",
    "what", "up", "its", "about", "into", "than", "them", "can", "only", "other", "new",
    "some", "could", "time", "these", "two", "may", "then", "do", "first", "any", "my",
    "now", "such", "like", "our", "over", "man", "me", "even", "most", "made", "after",
    "also", "did", "many", "before", "must", "through", "back", "years", "where", "much",
    "your", "way", "well", "down", "should", "because", "each", "just", "those", "people",
    "security", "cooperation", "region", "integration", "migration", "labour", "water",
    "resources", "border", "terrorism", "stability", "economy", "trade", "energy",
    "government", "minister", "president", "agreement", "relations", "development",
    "policy", "countries", "union", "summit", "investment", "experts", "risks", "conflict",
    "dialogue", "partnership", "growth", "workers", "remittances", "drought", "river",
    "dam", "pipeline", "transit", "customs", "tariff", "election", "parliament", "reform",
    "court", "press", "agency",
)
CYRILLIC = (
    "безопасность", "сотрудничество", "миграция", "вода", "граница", "экономика", "регион",
    "интеграция", "стабильность", "соглашение", "президент", "министр", "развитие",
    "торговля", "энергетика",
)
EMOJI = ("🙂", "🇰🇿", "👍🏽", "👩‍👩‍👧", "🌊", "🚧")
START = date(1994, 1, 1)
SPAN_DAYS = 30 * 365


@dataclass(frozen=True)
class SyntheticDocument:
    file_name: str
    text: str
    date: date


def documents(count: int, seed: int = 7, size: int = 5000) -> Iterator[SyntheticDocument]:
    """``count`` documents of about ``size`` characters; the same for the same arguments."""
    rng = random.Random(seed)
    for index in range(count):
        day = START + timedelta(days=rng.randrange(SPAN_DAYS))
        title = " ".join(rng.choices(WORDS[60:], k=6)).capitalize()
        stamp = f"{day:%d.%m.%Y} {rng.randrange(24):02d}:{rng.randrange(60):02d}"
        parts = [title, "", "« Back", "", f"{title}\u00a0{stamp}", ""]
        length = sum(len(p) + 1 for p in parts)
        while length < size:
            paragraph = _paragraph(rng)
            parts += [paragraph, ""]
            length += len(paragraph) + 2
        yield SyntheticDocument(f"{index:06d}.txt", "\n".join(parts), day)


def _paragraph(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randrange(3, 7)):
        pool = CYRILLIC if rng.random() < 0.08 else WORDS
        words = rng.choices(pool, k=rng.randrange(8, 20))
        if rng.random() < 0.1:
            words.insert(rng.randrange(len(words)), rng.choice(EMOJI))
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)
