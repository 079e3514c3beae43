"""Recruiter Boolean search -> a PostgreSQL tsquery (issue 3 "Search").

Syntax, as recruiters write it: `AND`, `OR`, `NOT` (any case), `-term`, parentheses,
`"quoted phrases"`, `term*` prefixes, and implicit AND between terms. Precedence: NOT binds
tightest, then AND, then OR — so `java OR python developer` is `java OR (python AND developer)`.

The output is SQL built only from `plainto_tsquery` / `phraseto_tsquery` / `to_tsquery` calls whose
text arrives as query *parameters*, combined with tsquery operators (`&&`, `||`, `!!`). User text is
never spliced into SQL or into tsquery syntax, so any string gives either a query or a
`QueryError` with a message fit to show the user (400 in the API, a hint in the UI) — never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass

CONFIG = "english"
MAX_LENGTH = 500
MAX_TERMS = 60
MAX_DEPTH = 12


class QueryError(ValueError):
    """A search the parser can't make sense of; `str(exc)` is a message for the user."""


@dataclass(frozen=True)
class Token:
    kind: str  # WORD, PHRASE, AND, OR, NOT, MINUS, LPAREN, RPAREN
    value: str = ""


@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False
    phrase: bool = False


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    operands: tuple[Node, ...]


Node = Term | Not | And | Or

_OPERATORS = {"and": "AND", "or": "OR", "not": "NOT"}
_SPECIAL = set('()"')


def _clean(text: str) -> str:
    # NUL can't go to PostgreSQL; lone surrogates can't be encoded. Neither is a search term.
    text = text.replace("\x00", " ")
    return text.encode("utf-8", "ignore").decode("utf-8")


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "(":
            tokens.append(Token("LPAREN"))
            i += 1
        elif ch == ")":
            tokens.append(Token("RPAREN"))
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            if end == -1:
                raise QueryError('A quoted phrase is missing its closing quote (").')
            tokens.append(Token("PHRASE", text[i + 1 : end]))
            i = end + 1
        elif (
            ch == "-" and i + 1 < n and (text[i + 1] == '"' or text[i + 1] == "(" or _word_char(text[i + 1]))
        ):
            tokens.append(Token("MINUS"))
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in _SPECIAL:
                j += 1
            word = text[i:j]
            i = j
            operator = _OPERATORS.get(word.lower())
            tokens.append(Token(operator) if operator else Token("WORD", word))
    return tokens


def _word_char(ch: str) -> bool:
    return not ch.isspace() and ch not in _SPECIAL and ch != "-"


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        self.terms = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self) -> Node:
        node = self.parse_or()
        if node is None:
            raise QueryError("The search has no letters or digits to search for.")
        token = self.peek()
        if token is not None:
            if token.kind == "RPAREN":
                raise QueryError("There is a closing bracket ) without an opening one.")
            raise QueryError("The search could not be read near the end.")  # pragma: no cover
        return node

    # A stray word with nothing to search for ("-", "&", "/") is dropped, not an error: recruiters
    # paste titles such as "Java - Senior". None means "nothing here" and is skipped by callers.
    def parse_or(self) -> Node | None:
        operands = [self.parse_and()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            if self.peek() is None or self.peek().kind in ("OR", "AND", "RPAREN"):  # type: ignore[union-attr]
                raise QueryError("OR needs a term on both sides.")
            operands.append(self.parse_and())
        return _combine(Or, operands)

    def parse_and(self) -> Node | None:
        operands = [self.parse_not()]
        while (token := self.peek()) is not None and token.kind not in ("OR", "RPAREN"):
            if token.kind == "AND":
                self.take()
                nxt = self.peek()
                if nxt is None or nxt.kind in ("OR", "AND", "RPAREN"):
                    raise QueryError("AND needs a term on both sides.")
            operands.append(self.parse_not())
        return _combine(And, operands)

    def parse_not(self) -> Node | None:
        token = self.peek()
        if token is not None and token.kind in ("NOT", "MINUS"):
            self.take()
            nxt = self.peek()
            if nxt is None or nxt.kind in ("OR", "AND", "RPAREN"):
                raise QueryError("NOT (or -) needs a term after it.")
            operand = self.parse_not()
            return Not(operand) if operand is not None else None
        return self.parse_atom()

    def parse_atom(self) -> Node | None:
        token = self.peek()
        if token is None:
            raise QueryError("The search ends where a term was expected.")
        if token.kind == "LPAREN":
            self.take()
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QueryError(f"Brackets are nested too deeply (at most {MAX_DEPTH} levels).")
            if self.peek() is not None and self.peek().kind == "RPAREN":  # type: ignore[union-attr]
                raise QueryError("There is an empty pair of brackets ().")
            node = self.parse_or()
            closing = self.peek()
            if closing is None or closing.kind != "RPAREN":
                raise QueryError("An opening bracket ( is never closed.")
            self.take()
            self.depth -= 1
            return node
        if token.kind == "RPAREN":
            raise QueryError("There is a closing bracket ) without an opening one.")
        if token.kind in ("AND", "OR"):
            raise QueryError(f"{token.kind} needs a term on both sides.")
        self.take()
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"The search has too many terms (at most {MAX_TERMS}).")
        if token.kind == "PHRASE":
            if not token.value.strip():
                raise QueryError('There is an empty quoted phrase "".')
            return Term(token.value.strip(), phrase=True)
        word = token.value
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if not _searchable(word):
            return None
        return Term(word, prefix=prefix)


def _combine(kind: type[And] | type[Or], operands: list[Node | None]) -> Node | None:
    present = [node for node in operands if node is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else kind(tuple(present))


def _searchable(word: str) -> bool:
    return any(ch.isalnum() for ch in word)


def parse(text: str) -> Node:
    text = _clean(text or "")
    if len(text) > MAX_LENGTH:
        raise QueryError(f"The search is too long (at most {MAX_LENGTH} characters).")
    tokens = tokenize(text)
    if not tokens:
        raise QueryError("Enter something to search for.")
    return _Parser(tokens).parse()


def _prefix_lexeme(word: str) -> str:
    # Letters and digits only, so the text is a plain lexeme for to_tsquery (no syntax inside).
    return "".join(ch for ch in word.lower() if ch.isalnum())


def to_sql(node: Node) -> tuple[str, list[str]]:
    """(SQL expression of type tsquery, its parameters)."""
    if isinstance(node, Term):
        if node.phrase:
            return f"phraseto_tsquery('{CONFIG}', %s)", [node.text]
        if node.prefix:
            lexeme = _prefix_lexeme(node.text)
            if lexeme:
                # to_tsquery stems the lexeme (manager -> manag) and matches anything starting so.
                return f"to_tsquery('{CONFIG}', %s || ':*')", [lexeme]
        return f"plainto_tsquery('{CONFIG}', %s)", [node.text]
    if isinstance(node, Not):
        sql, params = to_sql(node.operand)
        return f"(!! {sql})", params
    joiner = " && " if isinstance(node, And) else " || "
    parts = [to_sql(child) for child in node.operands]
    return "(" + joiner.join(sql for sql, _ in parts) + ")", [p for _, ps in parts for p in ps]


def compile_query(text: str) -> tuple[str, list[str]]:
    """Parse `text` and return (tsquery SQL, params); QueryError for a malformed search."""
    return to_sql(parse(text))


def describe(node: Node) -> str:
    """A canonical text form, for tests and for showing the user how the search was read."""
    if isinstance(node, Term):
        if node.phrase:
            return f'"{node.text}"'
        return node.text + ("*" if node.prefix else "")
    if isinstance(node, Not):
        return f"NOT {describe(node.operand)}"
    joiner = " AND " if isinstance(node, And) else " OR "
    return "(" + joiner.join(describe(child) for child in node.operands) + ")"


__all__ = ["QueryError", "compile_query", "describe", "parse", "tokenize"]
