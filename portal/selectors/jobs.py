"""How a published vacancy is shown to the public: on the careers site, as schema.org JSON-LD for
search engines' job listings, and in the XML feed job aggregators read.

One rule runs through all three: a confidential client is never named (the agency is the hiring
organisation, the company "Confidential") and its exact postcode is not given (the district only,
LS6, so the building cannot be looked up). The public sees the advert, never the internal
description.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from core.selectors import Agency
from vacancies.models import Vacancy
from vacancies.selectors.careers import job_slug, vacancy_public_path
from vacancies.selectors.places import postcode_district, postcode_town

# Google's job-posting employmentType values (developers.google.com/search/docs/appearance/
# structured-data/job-posting): a permanent role is full time unless its hours say part time.
GOOGLE_EMPLOYMENT_TYPES = {"perm": "FULL_TIME", "contract": "CONTRACTOR", "temp": "TEMPORARY"}
# The feed's jobtype words (Indeed's XML feed vocabulary).
FEED_JOB_TYPES = {"perm": "fulltime", "contract": "contract", "temp": "temporary"}

_UK = ZoneInfo("Europe/London")
# Characters XML 1.0 cannot carry at all (C0 controls but tab and newlines, and the two non-characters).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# JSON inside <script type="application/ld+json">: these three must never appear raw, or "</script>"
# in an advert would end the block (Django's json_script escapes the same way).
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class PublicJob:
    """A vacancy as the public sees it."""

    pk: int
    title: str
    slug: str
    url: str
    advert: str
    company: str  # the client's name, or "" when confidential
    employment_type: str
    employment_label: str
    is_part_time: bool
    remote: str
    remote_label: str
    town: str
    postcode: str  # full, or the district only for a confidential client
    salary_text: str
    salary_min: int | None
    salary_max: int | None
    day_rate: int | None
    posted_on: datetime.date
    closes_on: datetime.date


def job_path(vacancy: Vacancy) -> str:
    return vacancy_public_path(vacancy)


def _salary_text(v: Vacancy) -> str:
    if v.employment_type == Vacancy.EmploymentType.PERM or not v.day_rate:
        low, high = v.salary_min, v.salary_max
        if low and high and low != high:
            return f"£{low:,} to £{high:,} a year"
        if low or high:
            return f"£{low or high:,} a year"
    if v.day_rate:
        return f"£{v.day_rate:,} a day"
    return "Salary to be discussed"


def public_job(vacancy: Vacancy) -> PublicJob:
    confidential = vacancy.client.is_confidential
    posted = vacancy.opened_at or vacancy.created_at
    assert vacancy.closes_on is not None  # only published vacancies, which have one
    return PublicJob(
        pk=vacancy.pk,
        title=vacancy.title,
        slug=job_slug(vacancy),
        url=job_path(vacancy),
        advert=vacancy.advert,
        company="" if confidential else vacancy.client.name,
        employment_type=vacancy.employment_type,
        employment_label=vacancy.get_employment_type_display(),
        is_part_time="part" in (vacancy.hours or "").casefold(),
        remote=vacancy.remote,
        remote_label=vacancy.get_remote_display(),
        town=postcode_town(vacancy.postcode),
        postcode=postcode_district(vacancy.postcode) if confidential else vacancy.postcode,
        salary_text=_salary_text(vacancy),
        salary_min=vacancy.salary_min,
        salary_max=vacancy.salary_max,
        day_rate=vacancy.day_rate,
        posted_on=posted.date(),
        closes_on=vacancy.closes_on,
    )


def absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def job_posting_data(job: PublicJob, *, agency: Agency) -> dict[str, Any]:
    """schema.org JobPosting for Google's job search: the required and recommended properties."""
    employment = "PART_TIME" if job.is_part_time and job.employment_type == "perm" else None
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": linebreaks(escape(job.advert)),  # Google reads HTML; ours is escaped text
        "datePosted": job.posted_on.isoformat(),
        # The end of the closing day, UK time (GMT or BST as that day is).
        "validThrough": datetime.datetime.combine(
            job.closes_on, datetime.time(23, 59, 59), tzinfo=_UK
        ).isoformat(),
        "employmentType": employment or GOOGLE_EMPLOYMENT_TYPES[job.employment_type],
        "hiringOrganization": {
            "@type": "Organization",
            "name": job.company or agency.name,
            "sameAs": absolute(reverse("portal:jobs")) if not job.company else None,
        },
        "identifier": {"@type": "PropertyValue", "name": agency.name, "value": str(job.pk)},
        "directApply": True,
        "url": absolute(job.url),
    }
    if data["hiringOrganization"]["sameAs"] is None:
        del data["hiringOrganization"]["sameAs"]
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": "GB"}
    if job.town:
        address["addressLocality"] = job.town
    if job.postcode:
        address["postalCode"] = job.postcode
    if job.remote == Vacancy.Remote.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "GB"}
    if job.postcode or job.remote != Vacancy.Remote.REMOTE:
        data["jobLocation"] = {"@type": "Place", "address": address}
    value: dict[str, Any] | None = None
    if job.salary_min or job.salary_max:
        low, high = job.salary_min or job.salary_max, job.salary_max or job.salary_min
        value = {"@type": "QuantitativeValue", "unitText": "YEAR"}
        value.update({"value": low} if low == high else {"minValue": low, "maxValue": high})
    elif job.day_rate:
        value = {"@type": "QuantitativeValue", "value": job.day_rate, "unitText": "DAY"}
    if value is not None:
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "GBP", "value": value}
    return data


def json_ld(data: dict[str, Any]) -> SafeString:
    """The JSON for a <script type="application/ld+json"> block, safe against "</script>"."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 — escaped above: no "<", ">" or "&" remains


def jobs_feed_xml(jobs: list[PublicJob], *, agency: Agency) -> bytes:
    """The published jobs in the XML shape job aggregators read (Indeed's: source → job → …),
    built with ElementTree (escaping and well-formedness are the library's, never string joins)."""
    root = ET.Element("source")
    ET.SubElement(root, "publisher").text = agency.name
    ET.SubElement(root, "publisherurl").text = absolute(reverse("portal:jobs"))
    ET.SubElement(root, "lastBuildDate").text = datetime.datetime.now(datetime.UTC).strftime(
        "%a, %d %b %Y %H:%M:%S GMT"
    )
    for job in jobs:
        node = ET.SubElement(root, "job")
        fields = {
            "title": job.title,
            "date": job.posted_on.isoformat(),
            "referencenumber": str(job.pk),
            "url": absolute(job.url),
            "company": job.company or "Confidential",
            "city": job.town or ("Remote" if job.remote == Vacancy.Remote.REMOTE else ""),
            "postalcode": job.postcode,
            "country": "GB",
            "description": job.advert,
            "salary": job.salary_text,
            "jobtype": FEED_JOB_TYPES[job.employment_type],
            "expirationdate": job.closes_on.isoformat(),
        }
        for name, text in fields.items():
            ET.SubElement(node, name).text = _NOT_XML.sub("", text)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
