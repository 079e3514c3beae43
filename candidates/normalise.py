"""Normalising what people type: phones (E.164), postcodes, names and skills."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError

DEFAULT_REGION = "GB"

# Built-in aliases: normalised key -> the canonical skill name. Admins add more on Skill.aliases.
SKILL_ALIASES: dict[str, str] = {
    "js": "JavaScript",
    "javascript": "JavaScript",
    "ecmascript": "JavaScript",
    "ts": "TypeScript",
    "typescript": "TypeScript",
    "py": "Python",
    "python3": "Python",
    "python": "Python",
    "golang": "Go",
    "k8s": "Kubernetes",
    "postgres": "PostgreSQL",
    "postgresql": "PostgreSQL",
    "psql": "PostgreSQL",
    "reactjs": "React",
    "react.js": "React",
    "nodejs": "Node.js",
    "node": "Node.js",
    "node.js": "Node.js",
    "csharp": "C#",
    "c#": "C#",
    "dotnet": ".NET",
    ".net": ".NET",
    "aws": "AWS",
    "amazonwebservices": "AWS",
    "ms excel": "Excel",
    "excel": "Excel",
    "cscs": "CSCS card",
    "rgn": "Registered nurse (RGN)",
    "aca": "ACA",
    "acca": "ACCA",
    "cima": "CIMA",
}


# A UK number as people usually type it (spaces, dashes, dots or brackets aside): 0 or +44 or 0044,
# then ten digits not starting with 0. phonenumbers gives exactly "+44" + those digits for these
# (a full-length possible GB number), so they skip its parse, which was most of an import's time.
_UK_PUNCTUATION = str.maketrans("", "", " -.()\t")
_UK_TEN_DIGITS = re.compile(r"(?:\+44|0044|0)([1-9][0-9]{9})")


def normalise_phone(raw: str) -> str:
    """E.164 (UK default region), or ValidationError with a clear message. Empty stays empty."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    uk = _UK_TEN_DIGITS.fullmatch(raw.translate(_UK_PUNCTUATION))
    if uk is not None:
        return "+44" + uk.group(1)
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError("Enter a valid phone number, e.g. 07700 900123 or +44 113 496 0000.") from None
    # Valid, or at least a full-length possible number: Ofcom's drama ranges (07700 900xxx) and
    # ranges newer than the metadata must not be refused.
    # The cheap length test first: is_valid_number walks every region's patterns (most of an
    # import's time, issue 10), and a full-length possible number is accepted either way.
    full_length = len(str(number.national_number)) >= 9 and phonenumbers.is_possible_number(number)
    if not (full_length or phonenumbers.is_valid_number(number)):
        raise ValidationError("Enter a valid phone number, e.g. 07700 900123 or +44 113 496 0000.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """For display: national format for UK numbers, international otherwise."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return e164
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 44
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)


# UK postcode (outward + inward), accepting any spacing and case.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")


def normalise_postcode(raw: str) -> str:
    """'ls14ab' -> 'LS1 4AB'. A full UK postcode, an outward code alone ('LS1'), or empty."""
    value = re.sub(r"\s+", " ", (raw or "").strip().upper())
    if not value:
        return ""
    match = _POSTCODE.match(value)
    if match:
        return f"{match.group(1)} {match.group(2)}"
    if re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]?", value):
        return value
    raise ValidationError("Enter a UK postcode such as LS1 4AB (or just the first part, LS1).")


def postcode_key(postcode: str) -> str:
    return postcode.replace(" ", "").upper()


def postcode_area(postcode: str) -> str:
    """The letters at the start: 'LS1 4AB' -> 'LS'."""
    match = re.match(r"[A-Za-z]{1,2}", postcode or "")
    return match.group(0).upper() if match else ""


def name_key(first_name: str, last_name: str) -> str:
    """Case-, accent-spacing- and punctuation-insensitive name for near-duplicate matching."""
    joined = f"{first_name} {last_name}".casefold()
    return re.sub(r"[^\w]+", " ", joined).strip()


def skill_key(name: str) -> str:
    """'  Java Script ' -> 'javascript'; keeps the characters that tell skills apart (C#, C++, .NET)."""
    key = re.sub(r"\s+", "", (name or "").strip().casefold())
    return re.sub(r"[^\w#+.]", "", key)[:100]


def skill_display_name(name: str) -> str:
    key = skill_key(name)
    return SKILL_ALIASES.get(key, re.sub(r"\s+", " ", name.strip())[:100])


def canonical_skill_key(name: str) -> str:
    """The key of the skill this name means: aliases resolve to their canonical skill."""
    key = skill_key(name)
    if key in SKILL_ALIASES:
        return skill_key(SKILL_ALIASES[key])
    return key


def split_list(raw: str) -> list[str]:
    """A list typed in one box or CSV cell: separated by commas, semicolons or pipes."""
    return [part.strip() for part in re.split(r"[,;|\n]", raw or "") if part.strip()]
