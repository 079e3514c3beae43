"""Blind shortlists (Equality Act 2010; DOMAIN.md "blind shortlists"): the CV text a client sees
carries nothing that identifies the person or hints at a protected characteristic — no name, email
or phone, no address or postcode, no date of birth or age, and no profile URL (LinkedIn, GitHub or
any other link, which leads straight to a name and a photo).

Over-redacting a line is the safe failure: a blind CV that loses a street name is still a CV, one
that keeps a home address is not blind. Each rule below says what it catches.
"""

from __future__ import annotations

import re

from candidates.models import Candidate

REDACTED = "[redacted]"

# Any link: with a scheme or www., a domain followed by a path, or a profile site named bare.
_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b(?:[a-z0-9-]+\.)+[a-z]{2,}/\S*"
    r"|\b(?:linkedin|github|gitlab|bitbucket|twitter|x|stackoverflow|behance|dribbble|medium|"
    r"facebook|instagram)\.(?:com|co\.uk|io|org)\b\S*",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# A phone number: ten or more digits with spaces, dashes or brackets ("2019 - 2023" is not one).
_PHONE = re.compile(r"\+?\d[\d ()-]{8,}\d")
# A full UK postcode ("LS6 2QT", "ls62qt", "SW1A 1AA").
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_STREET_WORDS = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Way|Court|Ct|Crescent|Place|Pl|Gardens|"
    "Terrace|Grove|Hill|Park|Square|Mews|Row|Walk|Parade|Rise|View|Green|End|Vale|Wharf|Yard"
)
# A street address: a house number (or flat), capitalised words ending in a street word, then the
# comma-separated parts that follow it on the line (district, town, county). Capitalised only, so
# "led 3 teams across the park" in a sentence is left alone.
_STREET = re.compile(
    rf"\b(?:[Ff]lat\s+\d+[A-Za-z]?,?\s+)?\d+[A-Za-z]?,?\s+(?:[A-Z][A-Za-z'-]*\s+){{1,4}}"
    rf"(?:{_STREET_WORDS}|{_STREET_WORDS.upper()})\b\.?(?:,\s*[A-Za-z][A-Za-z' -]*)*"
)
# A labelled line: everything after "Address:", "Home address", "Date of birth", "DOB", "Age".
_LABELLED = re.compile(
    r"\b(?P<label>(?:home\s+|postal\s+)?address|date\s+of\s+birth|d\.\s?o\.\s?b\.?|dob|age)"
    r"(?P<sep>\s*[:\-\u2013]\s*|\s+)(?P<value>\S.*)$",
    re.IGNORECASE | re.MULTILINE,
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
)
# "Born 3 March 1990", "born on 03/03/1990", "born in 1990".
_BORN = re.compile(rf"\b(born(?:\s+on|\s+in)?)\s+(?:{_DATE}|\d{{4}})", re.IGNORECASE)


_RUN = re.compile(r"\[redacted\](?:[ \t]*\[redacted\])+")


def _labelled(match: re.Match[str]) -> str:
    label = match.group("label")
    if label.lower() == "age" and not re.match(r"\d", match.group("value")):
        return match.group(0)  # "age" in a sentence ("a golden age of…"), not "Age: 34"
    return f"{label}: {REDACTED}"


def cv_text_redact(candidate: Candidate, text: str) -> str:
    """The CV's text for a blind shortlist, without anything that identifies the person."""
    # Links and emails first, whole: a name inside one would otherwise break it into pieces.
    text = _URL.sub(REDACTED, text)  # before emails: a URL may hold an "@" (medium.com/@name)
    text = _EMAIL.sub(REDACTED, text)
    known = [candidate.first_name, candidate.last_name, candidate.email, candidate.phone, candidate.postcode]
    for value in known:
        if value and len(value) > 1:
            text = re.sub(re.escape(value), REDACTED, text, flags=re.IGNORECASE)
    text = _LABELLED.sub(_labelled, text)
    text = _BORN.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _POSTCODE.sub(REDACTED, text)  # before streets, whose trailing parts stop at a digit
    text = _STREET.sub(REDACTED, text)
    text = _PHONE.sub(
        lambda m: REDACTED if sum(ch.isdigit() for ch in m.group(0)) >= 10 else m.group(0), text
    )
    return _RUN.sub(REDACTED, text)  # "[redacted] [redacted]" (first and last name) reads as one
