"""The one search language of the filter box, ``annotator search`` and "Code all hits".

Syntax (what :func:`parse_query` accepts)::

    water                 a word (any case; diacritics ignored: cafe finds Café)
    "national security"   a phrase: these words one after the other
    migra*                a prefix: words that begin with migra ("nuclear weapon*" too)
    water migration       both (AND is implicit; writing AND is the same)
    water OR migration    either
    -terrorism            leave out documents with the word (NOT terrorism is the same)
    NEAR(water dam, 5)    both within 5 words of each other, in any order (default 10)
    (a OR b) -c           parentheses group

Precedence, as in SQLite FTS5: NOT binds tighter than AND, AND tighter than OR, so
``a b OR c -d`` is ``(a AND b) OR (c AND NOT d)``. ``OR``, ``AND``, ``NOT`` and ``NEAR``
are operators only in capitals; ``"or"`` searches for the word. A word is cut into the
index's tokens (:mod:`.search_tokens`), so ``e-mail`` is the phrase ``"e mail"``.

Every group joined by AND needs something to find besides what it leaves out (``-a``
alone, or ``a OR -b``, is refused). A malformed query raises :class:`QuerySyntaxError`,
whose message is one line: the character where the problem is (counted from 1) and what
was expected there.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import UserError
from .search_tokens import fold, token_words

#: ``NEAR(...)`` without a distance allows this many words between its terms (as FTS5).
DEFAULT_NEAR = 10
#: Longest word accepted, in characters (the index cuts longer ones; nobody types them).
MAX_WORD = 1000
MAX_NEAR = 1_000_000
_OPERATORS = ("OR", "AND", "NOT")
_TERM_EXPECTED = 'a word, a "phrase" or ('

#: (example, meaning) pairs for help texts (the window's ``?`` and ``annotator search -h``).
SYNTAX_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("water", "the word, in any case and with or without accents"),
    ('"national security"', "the words one after the other"),
    ("migra*", "words that begin with migra"),
    ("water migration", "both words (AND is implicit)"),
    ("water OR migration", "either word"),
    ("security -terrorism", "security, in documents without terrorism (or NOT terrorism)"),
    ("NEAR(water dam, 5)", "both within 5 words of each other (default 10)"),
    ("(gas OR oil) -pipeline", "parentheses group terms"),
)
PRECEDENCE_NOTE = "NOT binds tighter than AND, AND tighter than OR; operators in capitals."


class QuerySyntaxError(UserError):
    """A query that cannot be read: ``position`` (0-based) and ``reason``; the message
    is ``character N: reason``, with N counted from 1."""

    def __init__(self, position: int, reason: str) -> None:
        super().__init__(f"character {position + 1}: {reason}")
        self.position = position
        self.reason = reason


@dataclass(frozen=True)
class Term:
    """A word or phrase: its tokens as written (``words``, token characters only) and
    their folded keys; with ``prefix`` the last token only begins a word."""

    words: tuple[str, ...]
    keys: tuple[str, ...]
    prefix: bool = False
    position: int = 0


@dataclass(frozen=True)
class Near:
    """Every term within ``distance`` tokens of the others, in any order."""

    terms: tuple[Term, ...]
    distance: int = DEFAULT_NEAR


@dataclass(frozen=True)
class AllOf:
    """Every node of ``include`` and none of ``exclude`` (``include`` is never empty)."""

    include: tuple[Node, ...]
    exclude: tuple[Node, ...] = ()


@dataclass(frozen=True)
class AnyOf:
    """At least one of ``options``."""

    options: tuple[Node, ...]


Node = Term | Near | AllOf | AnyOf


@dataclass(frozen=True)
class SearchQuery:
    """A parsed query: the ``text`` typed and its tree (``root``)."""

    text: str
    root: Node

    def terms(self) -> list[Term]:
        """Every term of the query, left to right (those left out too)."""
        found: list[Term] = []

        def walk(node: Node) -> None:
            if isinstance(node, Term):
                found.append(node)
            elif isinstance(node, Near):
                found.extend(node.terms)
            elif isinstance(node, AllOf):
                for child in (*node.include, *node.exclude):
                    walk(child)
            else:
                for child in node.options:
                    walk(child)

        walk(self.root)
        return sorted(found, key=lambda term: term.position)


@dataclass(frozen=True)
class _Negated:
    """A node under NOT or ``-`` while its AND group is being read."""

    node: Node
    position: int


def _quoted_part(text: str, longest: int = 30) -> str:
    """Part of the query shown in a message: on one line, cut when long."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= longest else one_line[:longest - 1] + "…"


def parse_query(text: str) -> SearchQuery:
    """Read ``text`` in the search language; raises :class:`QuerySyntaxError`."""
    return SearchQuery(text, _Parser(text).parse())


class _Parser:
    """Recursive descent over the characters (the scanner needs the context: a comma
    ends a word only inside ``NEAR(...)``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    # -- scanning ---------------------------------------------------------------------------
    def _skip_spaces(self) -> None:
        while self.at < len(self.text) and self.text[self.at].isspace():
            self.at += 1

    def _peek(self) -> str:
        self._skip_spaces()
        return self.text[self.at] if self.at < len(self.text) else ""

    def _word_end(self, start: int, near: bool) -> int:
        end = start
        stops = '"(),' if near else '"()'
        while end < len(self.text) and not self.text[end].isspace() \
                and self.text[end] not in stops:
            end += 1
        return end

    def _peek_word(self) -> str:
        self._skip_spaces()
        return self.text[self.at:self._word_end(self.at, near=False)]

    def _error(self, reason: str, position: int | None = None) -> QuerySyntaxError:
        return QuerySyntaxError(self.at if position is None else position, reason)

    # -- grammar ----------------------------------------------------------------------------
    def parse(self) -> Node:
        if not self.text.strip():
            raise self._error("the query is empty; expected a word to search for")
        node = self._any_of()
        if self._peek() == ")":
            raise self._error("unexpected ); expected a word, OR or the end of the query")
        return node

    def _any_of(self) -> Node:
        options = [self._all_of()]
        while self._peek_word() == "OR":
            self.at += 2
            options.append(self._all_of(after="OR"))
        flat: list[Node] = []
        for option in options:
            flat.extend(option.options if isinstance(option, AnyOf) else [option])
        return flat[0] if len(flat) == 1 else AnyOf(tuple(flat))

    def _all_of(self, after: str | None = None) -> Node:
        start = self.at
        members: list[Node | _Negated] = []
        while True:
            head = self._peek()
            word = self._peek_word()
            if head in ("", ")") or word == "OR":
                break
            if word == "AND":
                if not members:
                    raise self._error(f"expected {_TERM_EXPECTED} before AND")
                self.at += 3
                if self._peek() in ("", ")") or self._peek_word() in ("OR", "AND"):
                    raise self._error(f"expected {_TERM_EXPECTED} after AND")
                continue
            members.append(self._unary())
        if not members and head == ")" and not after:
            raise self._error(f"unexpected ); expected {_TERM_EXPECTED}")
        if not members:
            where = f"after {after}" if after else f"before {word or head}" if head else ""
            raise self._error(f"expected {_TERM_EXPECTED} {where}".rstrip())
        include = tuple(m for m in members if not isinstance(m, _Negated))
        exclude = tuple(m.node for m in members if isinstance(m, _Negated))
        if not include:
            first = next(m for m in members if isinstance(m, _Negated))
            left_out = self.text[first.position:self.at].strip() or self.text[start:].strip()
            raise self._error(f"nothing to search for: {_quoted_part(left_out)} only leaves "
                              "documents out; add a word to find", first.position)
        if len(include) == 1 and not exclude:
            return include[0]
        return AllOf(include, exclude)

    def _unary(self) -> Node | _Negated:
        self._skip_spaces()
        start = self.at
        if self._peek_word() == "NOT":
            self.at += 3
            negated = self._negation_operand("NOT", start)
            return _Negated(negated, start)
        rest = self.text[start + 1:start + 2]
        if self.text[start] == "-" and rest and not rest.isspace() and rest != ")":
            self.at += 1
            return _Negated(self._negation_operand("-", start), start)
        return self._primary()

    def _negation_operand(self, operator: str, start: int) -> Node:
        head = self._peek()
        if head in ("", ")") or self._peek_word() in _OPERATORS:
            raise self._error(f"expected {_TERM_EXPECTED} after {operator}")
        operand = self._unary()
        if isinstance(operand, _Negated):
            raise self._error("a term that is left out cannot be left out again", start)
        return operand

    def _primary(self) -> Node:
        head = self._peek()
        start = self.at
        if head == "(":
            self.at += 1
            if self._peek() == ")":
                raise self._error(f"expected {_TERM_EXPECTED} inside ( )")
            node = self._any_of()
            if self._peek() != ")":
                raise self._error(f"expected ) to close the ( at character {start + 1}")
            self.at += 1
            return node
        if head == ")":
            raise self._error(f"unexpected ); expected {_TERM_EXPECTED}")
        if self._peek_word() == "NEAR":
            after = self.at + 4
            while after < len(self.text) and self.text[after].isspace():
                after += 1
            if self.text[after:after + 1] == "(":
                self.at = after + 1
                return self._near(start)
        return self._term(near=False)

    def _near(self, start: int) -> Near:
        terms: list[Term] = []
        distance = DEFAULT_NEAR
        inside = 'a word, a "phrase", "," or ) inside NEAR( )'
        while True:
            head = self._peek()
            if head == ")":
                self.at += 1
                break
            if head == "":
                raise self._error(f"expected ) to close the NEAR( at character {start + 1}")
            if head == ",":
                self.at += 1
                distance = self._near_distance(start)
                break
            if head == "(" or self._peek_word() in _OPERATORS or (
                    head == "-" and self.text[self.at + 1:self.at + 2].strip()):
                raise self._error(f"expected {inside}")
            terms.append(self._term(near=True))
        if len(terms) < 2:
            raise self._error("NEAR needs at least two words or phrases", start)
        return Near(tuple(terms), distance)

    def _near_distance(self, start: int) -> int:
        self._skip_spaces()
        digits_end = self.at
        while digits_end < len(self.text) and self.text[digits_end].isascii() \
                and self.text[digits_end].isdigit():
            digits_end += 1
        if digits_end == self.at:
            raise self._error("expected a number of words after , in NEAR( )")
        distance = int(self.text[self.at:digits_end])
        if distance > MAX_NEAR:
            raise self._error(f"a NEAR distance of at most {MAX_NEAR:,} words expected")
        self.at = digits_end
        if self._peek() != ")":
            raise self._error(f"expected ) to close the NEAR( at character {start + 1}")
        self.at += 1
        return distance

    def _term(self, near: bool) -> Term:
        self._skip_spaces()
        start = self.at
        if self.text[start] == '"':
            close = self.text.find('"', start + 1)
            if close < 0:
                raise self._error('the quote is not closed; expected a closing "', start)
            body, self.at = self.text[start + 1:close], close + 1
            prefix = self.text[self.at:self.at + 1] == "*"
            self.at += prefix
            body, starred = self._starred(body, start + 1)
            return self._made_term(body, prefix or starred, start,
                                   shown=self.text[start:self.at])
        end = self._word_end(start, near)
        word, self.at = self.text[start:end], end
        star = word.find("*")
        if star == 0:
            raise self._error("* needs a word before it (prefix*)", start)
        if star > 0 and star != len(word) - 1:
            raise self._error("* can only end a word (prefix*)", start + star)
        prefix = star > 0
        return self._made_term(word[:-1] if prefix else word, prefix, start, shown=word)

    def _starred(self, body: str, start: int) -> tuple[str, bool]:
        """A phrase's words without the ``*`` that may end its last word (``"nuclear
        weapon*"``: a prefix, as ``"nuclear weapon"*``); a ``*`` anywhere else would be
        ignored by the index, so it is refused."""
        kept = body.rstrip()
        starred = kept.endswith("*")
        if starred:
            kept = kept[:-1]
            if not kept or kept[-1].isspace() or kept[-1] == "*":
                raise self._error("* needs a word before it (prefix*)", start + len(kept))
        star = kept.find("*")
        if star >= 0:
            raise self._error("* can only end the last word of a phrase", start + star)
        return kept, starred

    def _made_term(self, body: str, prefix: bool, start: int, shown: str) -> Term:
        words = tuple(word for _, word in token_words(body))
        if not words:
            if shown == "-":
                raise self._error("expected a word right after - (no space)", start)
            raise self._error(f"{_quoted_part(shown)} has no letters or digits to search for",
                              start)
        if any(len(word) > MAX_WORD for word in words):
            raise self._error(f"a word of more than {MAX_WORD:,} characters", start)
        return Term(words, tuple(fold(word) for word in words), prefix, start)
