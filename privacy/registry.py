"""The personal-data registry: the one explicit list of every app's anonymisers, and every other
text, file or JSON field of the apps holding people's data listed as not personal, with why.

Each field is either covered by an anonymiser below (core.anonymisation.PERSONAL_FIELDS, filled as
they are defined) or in NOT_PERSONAL. tests/privacy/test_registry.py fails when a model gains such a
field in neither place, so the next developer has to decide, rather than forget.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.db import models

from candidates import anonymisers as candidate_anonymisers
from clients import anonymisers as client_anonymisers
from compliance import anonymisers as compliance_anonymisers
from core.anonymisation import PERSONAL_FIELDS, Anonymiser
from engagement import anonymisers as engagement_anonymisers
from privacy import anonymisers as privacy_anonymisers
from vacancies import anonymisers as vacancy_anonymisers

# The one explicit list of every app's anonymisers about a candidate. Order matters: files and
# child rows before the person row (which the candidates list ends with).
ANONYMISERS: list[type[Anonymiser]] = [
    *privacy_anonymisers.ANONYMISERS,
    *compliance_anonymisers.ANONYMISERS,
    *vacancy_anonymisers.ANONYMISERS,
    *engagement_anonymisers.ANONYMISERS,
    *candidate_anonymisers.ANONYMISERS,
]

# Client contacts are people too; their anonymisers run on the contact, not the candidate.
CONTACT_ANONYMISERS: list[type[Anonymiser]] = [
    *engagement_anonymisers.CONTACT_ANONYMISERS,
    *client_anonymisers.ANONYMISERS,
]

APPS = ("candidates", "clients", "compliance", "vacancies", "engagement", "privacy")
TEXT_FIELDS = (models.CharField, models.TextField, models.FileField, models.JSONField, ArrayField)

CHOICES = "a code from a fixed list"
NOT_PERSONAL: dict[str, dict[str, str]] = {
    "candidates.candidate": {
        "employment_types": CHOICES,
        "preferred_channel": CHOICES,
        "contact_frequency": CHOICES,
        "privacy_notice_version": "which version of the agency's privacy notice they were given",
    },
    "candidates.consent": {"wording_version": "which notice wording was shown"},
    "candidates.document": {
        "content_type": "file type",
        "sha256": "hash of a file that is deleted on anonymisation",
        "extraction_error": "a parser message, not the text",
    },
    "candidates.savedsearch": {
        "name": "a recruiter's own saved search (staff data, not a candidate's)",
        "query": "a recruiter's own saved search (staff data, not a candidate's)",
        "filters": "a recruiter's own saved search (staff data, not a candidate's)",
    },
    "candidates.importjob": {
        "file": "the uploaded CSV is deleted once imported or discarded (import_job_delete_file)",
        "errors": "row numbers, field names and messages",
    },
    "candidates.skill": {"name": "skill taxonomy", "key": "skill taxonomy", "aliases": "skill taxonomy"},
    "clients.client": {
        "name": "a business",
        "sector": "a business",
        "address": "a business address",
        "postcode": "a business address",
    },
    "clients.termsofbusiness": {
        "rebate_schedule": "commercial terms",
        "document": "commercial terms",
        "document_kind": "commercial terms",
    },
    "compliance.righttoworkcheck": {
        "document_type": "which kind of document was seen (the stub the law wants kept)",
        "evidence_content_type": "file type",
        "evidence_sha256": "hash of a file that is deleted",
    },
    "compliance.dbscheck": {
        "image_sha256": "hash of a file that is deleted",
        "image_content_type": "file type",
    },
    "vacancies.rejectionreason": {"code": "admin list", "label": "admin list"},
    "vacancies.interview": {
        "interviewers": "the client's staff, not the candidate",
        "interviewer_emails": "the client's staff, not the candidate",
        "location": "the client's premises",
        "video_link": "the client's meeting room",
    },
    "vacancies.vacancy": {
        name: "the job, not a person"
        for name in (
            "title",
            "description",
            "must_have_skills",
            "nice_to_have_skills",
            "postcode",
            "required_checks",
            "hirer_business",
            "duration",
            "hours",
            "health_and_safety_risks",
            "required_qualifications",
            "expenses",
            "benefits",
            "notice_period",
            "advert",
        )
    },
    "vacancies.shortlist": {
        "rationale": "why the shortlist as a whole went forward; per-person reasons are on entries",
        "review_comment": "the manager's comment on the shortlist as a whole",
    },
    "vacancies.notice": {
        "kind": CHOICES,
        "text": "notices name the vacancy and a rank, never the candidate (vacancies/services/notices.py)",
        "url": "a link to a record: ids only",
    },
    "engagement.emailtemplate": {
        name: "a template with {{ placeholders }}, written for everyone, about no one"
        for name in ("code", "name", "subject", "body")
    },
    "engagement.complaint": {"escalation_reason": CHOICES},
    "engagement.outboundemail": {
        "status": CHOICES,
        "error": "a failure code or the SMTP reply code, never message text or an address",
        "kind": "what the message was for (a code)",
        "headers": "technical headers: signed tokens and the app's own URLs, never an address or text",
    },
    "engagement.outboundattachment": {"content_type": "file type"},
    "engagement.stagemessage": {"reason": "a code (the contact rule's, cancelled, superseded), never text"},
    "engagement.inboundattachment": {"content_type": "file type"},
    "engagement.bouncedaddress": {
        "digest": "a salted hash of an address that bounced, never the address",
        "reason": "an SMTP status code",
    },
    "engagement.bulkemail": {
        "subject": "bulk mail's text with {{ placeholders }}, written for everyone, about no one",
        "body": "bulk mail's text with {{ placeholders }}, written for everyone, about no one",
        "skipped": "candidate ids and reason codes only; names are read from the records when shown",
    },
    "engagement.improvement": {
        "you_said": "the agency's summary of what it heard, written without names",
        "we_did": "what the agency changed",
    },
    "privacy.legalhold": {"reason": "why the law keeps the record: kept while the hold stands"},
    "privacy.suppressionentry": {"kind": CHOICES, "digest": "a salted hash: the point of the list"},
    "privacy.sweeprun": {"trigger": CHOICES, "acted_on": "ids only"},
    "privacy.erasurerequest": {
        "exemption_reason": "why erasure was refused (art. 17(3)): kept with the record it protects",
        "source": CHOICES,
    },
    "privacy.subjectaccessrequest": {"extended_reason": "why the answer needs longer; about the request"},
}


def unclassified_fields() -> list[str]:
    """`app.model.field` for every text-like field neither anonymised nor listed as not personal."""
    missing = []
    for app_label in APPS:
        try:
            config = apps.get_app_config(app_label)
        except LookupError:
            continue
        for model in config.get_models():
            label = model._meta.label_lower
            for field in model._meta.concrete_fields:
                if not isinstance(field, TEXT_FIELDS) or field.choices:
                    continue
                if field.name in PERSONAL_FIELDS.get(label, set()):
                    continue
                if field.name in NOT_PERSONAL.get(label, {}):
                    continue
                missing.append(f"{label}.{field.name}")
    return missing
