"""Inclusive-language check for adverts (Equality Act 2010; DOMAIN.md "Job adverts").

Two advisory signals, nothing is blocked:

* gender-coded wording — the stem lists of Gaucher, Friesen & Kay (2011): a word is coded when it
  starts with a stem (lower-cased, punctuation removed); score = feminine hits - masculine hits;
  |score| > 3 is "strongly" coded, no hits at all is "empty";
* phrases that restrict a protected group ("young", "recent graduate", "native English speaker" …);
* exclusionary jargon ("rockstar", "ninja", "work hard, play hard", "young and dynamic" …): in-group
  words that tell many people the job is not for them. Flagged with the phrases, and also listed
  on their own (`jargon`), so the hint can say why.

The check runs as the advert is typed (the vacancy form's live hints, `vacancies:language_check`)
and again before a vacancy opens (the status change asks the recruiter to confirm the wording).

The lists are data (vacancies/data/inclusive_language.json, copied from the shared data set), read
once per process.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

DATA = Path(__file__).resolve().parents[1] / "data" / "inclusive_language.json"
_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019\-][A-Za-z0-9]+)*")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


@dataclass(frozen=True)
class Lexicon:
    feminine: tuple[str, ...]
    masculine: tuple[str, ...]
    phrases: tuple[str, ...]
    jargon: frozenset[str]
    phrase_pattern: re.Pattern[str] | None


def _normal(word: str) -> str:
    return _NOT_ALNUM.sub("", word.lower())


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    feminine = tuple(sorted({_normal(s) for s in data["feminine_stems"]}))
    masculine = tuple(sorted({_normal(s) for s in data["masculine_stems"]}))
    jargon = frozenset(_phrase(p) for p in data.get("exclusionary_jargon", []))
    # Longest first so "energetic young" wins over "young"; words may be split by spaces, hyphens
    # or commas ("work hard, play hard").
    every = {_phrase(p) for p in data["exclusionary_phrase_examples"]} | jargon
    phrases = tuple(sorted(every, key=len, reverse=True))
    parts = [r"[\s\-,]+".join(re.escape(w) for w in p.split()) for p in phrases]
    pattern = re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE) if parts else None
    return Lexicon(feminine, masculine, phrases, jargon, pattern)


def _phrase(text: str) -> str:
    """One spelling of a phrase: lower case, words split by single spaces ("work hard play hard")."""
    return " ".join(re.split(r"[\s\-,]+", text.lower().strip()))


def _coding(word: str, lex: Lexicon) -> str | None:
    normal = _normal(word)
    if any(normal.startswith(stem) for stem in lex.masculine):
        return "masculine"
    if any(normal.startswith(stem) for stem in lex.feminine):
        return "feminine"
    return None


def inclusive_language_label(score: int, hits: int) -> str:
    if hits == 0:
        return "empty"
    if score == 0:
        return "neutral"
    if score > 3:
        return "strongly feminine-coded"
    if score > 0:
        return "feminine-coded"
    if score < -3:
        return "strongly masculine-coded"
    return "masculine-coded"


def inclusive_language_analyse(text: str) -> dict[str, Any]:
    """{score, label, masculine_words, feminine_words, flagged_phrases} (API.md `inclusive_language`).

    The word lists hold each coded word once, lower-cased, in the order first met; hits count every
    occurrence.
    """
    lex = _lexicon()
    masculine: list[str] = []
    feminine: list[str] = []
    masculine_hits = feminine_hits = 0
    for match in _WORD.finditer(text or ""):
        word = match.group(0).lower()
        coding = _coding(word, lex)
        if coding == "masculine":
            masculine_hits += 1
            if word not in masculine:
                masculine.append(word)
        elif coding == "feminine":
            feminine_hits += 1
            if word not in feminine:
                feminine.append(word)
    flagged: list[str] = []
    if lex.phrase_pattern is not None:
        for match in lex.phrase_pattern.finditer(text or ""):
            phrase = re.sub(r"\s+", " ", match.group(0).lower())  # as written, spaces collapsed
            if phrase not in flagged:
                flagged.append(phrase)
    score = feminine_hits - masculine_hits
    return {
        "score": score,
        "label": inclusive_language_label(score, masculine_hits + feminine_hits),
        "masculine_words": masculine,
        "feminine_words": feminine,
        "flagged_phrases": flagged,
        "jargon": [phrase for phrase in flagged if _phrase(phrase) in lex.jargon],
    }


def inclusive_language_highlight(text: str) -> SafeString:
    """The text, escaped, with coded words and restricting phrases wrapped in <mark>."""
    lex = _lexicon()
    spans: list[tuple[int, int, str]] = []
    if lex.phrase_pattern is not None:
        spans += [
            (m.start(), m.end(), "jargon" if _phrase(m.group(0)) in lex.jargon else "phrase")
            for m in lex.phrase_pattern.finditer(text or "")
        ]
    for match in _WORD.finditer(text or ""):
        coding = _coding(match.group(0), lex)
        if coding and not any(s <= match.start() < e for s, e, _ in spans):
            spans.append((match.start(), match.end(), coding))
    spans.sort()
    out: list[str] = []
    position = 0
    titles = {
        "masculine": "Masculine-coded word",
        "feminine": "Feminine-coded word",
        "phrase": "May exclude a protected group (Equality Act 2010)",
        "jargon": "Exclusionary jargon: puts many applicants off",
    }
    for start, end, kind in spans:
        out.append(escape(text[position:start]))
        out.append(f'<mark class="il-{kind}" title="{titles[kind]}">{escape(text[start:end])}</mark>')
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped
