"""Per-field behaviour of candidate records: normalisers, constraints, ledger, quality, attention."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, ProgrammingError, transaction

from candidates.models import Candidate, Consent, Skill
from candidates.normalise import (
    canonical_skill_key,
    format_phone,
    name_key,
    normalise_phone,
    normalise_postcode,
    postcode_area,
    split_list,
)
from candidates.selectors import candidate_attention_list, candidate_has_live_consent
from candidates.services import (
    DuplicateCandidate,
    candidate_create,
    candidate_default_lawful_basis,
    candidate_update,
    consent_withdraw,
)
from candidates.services.records import skills_resolve
from core.models import AuditEvent
from tests.factories.candidates import CandidateFactory


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("07700 900123", "+447700900123"),
        ("+44 (0)113 496 0000", "+441134960000"),
        ("0044 20 7946 0000", "+442079460000"),
        ("+33 1 23 45 67 89", "+33123456789"),
        ("", ""),
    ],
)
def test_phones_are_stored_as_e164_with_uk_default(raw, expected):
    assert normalise_phone(raw) == expected


def test_the_uk_fast_path_gives_what_phonenumbers_gives():
    # normalise_phone skips phonenumbers for the usual UK spellings; it must agree with it exactly.
    import random

    import phonenumbers

    rng = random.Random(10)
    spellings = []
    for _ in range(400):
        digits = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        prefix = rng.choice(["0", "+44", "0044", "+44 ", "0 "])
        sep = rng.choice(["", " ", "-", "."])
        spellings.append(prefix + digits[:4] + sep + digits[4:7] + sep + digits[7:])
        spellings.append(f"(0{digits[:3]}) {digits[3:]}")
    for raw in spellings:
        expected = phonenumbers.format_number(
            phonenumbers.parse(raw, "GB"), phonenumbers.PhoneNumberFormat.E164
        )
        assert normalise_phone(raw) == expected, raw


@pytest.mark.parametrize("raw", ["12345", "phone me", "+44", "0"])
def test_bad_phones_are_refused_with_a_message(raw):
    with pytest.raises(ValidationError, match="valid phone number"):
        normalise_phone(raw)


def test_phones_display_nationally_for_uk():
    assert format_phone("+441134960000") == "0113 496 0000"
    assert format_phone("+33123456789").startswith("+33")


@pytest.mark.parametrize(
    ("raw", "expected"), [("ls14ab", "LS1 4AB"), (" sw1a  1aa ", "SW1A 1AA"), ("LS1", "LS1"), ("", "")]
)
def test_postcodes_are_normalised(raw, expected):
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize("raw", ["NOT A POSTCODE", "12345", "LS1 4A"])
def test_bad_postcodes_are_refused(raw):
    with pytest.raises(ValidationError):
        normalise_postcode(raw)


def test_postcode_area_and_name_key_and_lists():
    assert postcode_area("LS1 4AB") == "LS" and postcode_area("L1 1AA") == "L"
    assert name_key("  Mary-Jane ", "O'Neil") == "mary jane o neil"
    assert split_list("a, b;c|d\n") == ["a", "b", "c", "d"]


@pytest.mark.django_db
def test_skill_aliases_are_one_skill():
    assert canonical_skill_key("JS") == canonical_skill_key("javascript") == canonical_skill_key("JavaScript")
    first = skills_resolve(["JS"])
    assert [s.name for s in first] == ["JavaScript"]
    assert skills_resolve(["javascript", "JavaScript", "ECMAScript"]) == first
    assert Skill.objects.count() == 1
    assert "js" in first[0].aliases
    custom = Skill.objects.create(name="Power BI", key="powerbi", aliases=["pbi"])
    assert skills_resolve(["PBI"]) == [custom]


@pytest.mark.parametrize(
    ("source", "basis"),
    [("direct", "contract"), ("job_board", "legitimate_interests"), ("referral", "legitimate_interests")],
)
def test_lawful_basis_defaults_from_the_source(source, basis):
    assert candidate_default_lawful_basis(source) == basis


@pytest.mark.django_db
def test_email_is_unique_among_live_candidates_in_the_database(recruiter):
    CandidateFactory(owner=recruiter, email="same@x.test")
    with (
        pytest.raises(IntegrityError, match="candidates_candidate_live_email_ci_unique"),
        transaction.atomic(),
    ):
        Candidate.objects.create(
            owner=recruiter,
            team=recruiter.team,
            first_name="A",
            last_name="B",
            email="SAME@x.test",
            source="direct",
            lawful_basis="contract",
        )
    with pytest.raises(DuplicateCandidate):
        CandidateFactory(owner=recruiter, email="Same@X.test")


@pytest.mark.django_db
def test_consent_ledger_refuses_rewrites_and_deletes_in_the_database(recruiter):
    candidate = CandidateFactory(owner=recruiter)
    consent = candidate.consents.get()
    with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic():
        Consent.objects.filter(pk=consent.pk).update(lawful_basis="consent")
    with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic():
        Consent.objects.filter(pk=consent.pk).delete()
    withdrawn = consent_withdraw(actor=recruiter, consent=consent)
    assert withdrawn.withdrawn_at is not None
    assert not candidate_has_live_consent(candidate=candidate, purpose="processing")
    with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic():
        Consent.objects.filter(pk=consent.pk).update(withdrawn_at=None)
    assert consent_withdraw(actor=recruiter, consent=consent).withdrawn_at == withdrawn.withdrawn_at


@pytest.mark.django_db
def test_withdrawing_consent_that_was_the_basis_stops_contact_at_once(recruiter):
    candidate = CandidateFactory(owner=recruiter, lawful_basis="consent")
    consent_withdraw(actor=recruiter, consent=candidate.consents.get())
    candidate.refresh_from_db()
    assert candidate.status == "do_not_contact"


@pytest.mark.django_db
def test_data_quality_counts_completeness_and_availability_decays(recruiter):
    bare = CandidateFactory(owner=recruiter, email="", phone="", postcode="", town="")
    assert bare.data_quality == 0
    full = CandidateFactory(
        owner=recruiter,
        phone="+447700900001",
        availability_confirmed_on=datetime.date(2026, 1, 10),
        work_history=[{"employer": "A", "title": "B"}],
        qualifications=[{"name": "C"}],
    )
    full.refresh_from_db()
    with time_machine.travel(datetime.date(2026, 3, 1)):
        assert full.data_quality == 100
    with time_machine.travel(datetime.date(2026, 6, 1)):
        assert full.data_quality == 80  # availability confirmed more than 90 days ago


@pytest.mark.django_db
def test_needs_attention_names_each_reason(recruiter):
    with time_machine.travel(datetime.date(2026, 5, 1)):
        fine = CandidateFactory(
            owner=recruiter,
            source="direct",
            phone="+447700900002",
            availability_confirmed_on=datetime.date(2026, 4, 1),
        )
        missing = CandidateFactory(
            owner=recruiter, source="direct", postcode="", availability_confirmed_on=datetime.date(2026, 4, 1)
        )
        stale = CandidateFactory(
            owner=recruiter, source="direct", availability_confirmed_on=datetime.date(2025, 1, 1)
        )
        notice = CandidateFactory(
            owner=recruiter, source="job_board", availability_confirmed_on=datetime.date(2026, 4, 1)
        )
        twin = CandidateFactory(
            owner=recruiter,
            source="direct",
            phone="+447700900002",
            availability_confirmed_on=datetime.date(2026, 4, 1),
        )
        rows = {c.pk: c for c in candidate_attention_list(user=recruiter)}
    assert rows[missing.pk].has_missing
    assert rows[stale.pk].has_stale_availability
    assert rows[notice.pk].has_notice_due
    assert rows[twin.pk].possible_duplicates == [fine.pk]
    assert rows[fine.pk].possible_duplicates == [twin.pk]


@pytest.mark.django_db
def test_create_writes_an_audit_event_without_personal_data(recruiter):
    candidate = candidate_create(
        actor=recruiter, first_name="Secret", last_name="Person", email="s@p.test", source="direct"
    )
    candidate_update(actor=recruiter, candidate=candidate, town="Ripon")
    events = AuditEvent.objects.filter(object_id=candidate.pk)
    assert {e.action for e in events} == {"candidate.created", "candidate.updated"}
    text = " ".join(str(e.details) for e in events)
    assert "Secret" not in text and "s@p.test" not in text and "Ripon" not in text


@pytest.mark.django_db
def test_queryset_filters_for_attention_reasons(recruiter):
    with time_machine.travel(datetime.date(2026, 5, 1)):
        gap = CandidateFactory(owner=recruiter, source="event", postcode="", availability_confirmed_on=None)
        ok = CandidateFactory(
            owner=recruiter, source="direct", availability_confirmed_on=datetime.date(2026, 4, 30)
        )
        assert set(Candidate.objects.missing_mandatory()) == {gap}
        assert set(Candidate.objects.availability_stale()) == {gap}
        assert set(Candidate.objects.privacy_notice_due()) == {gap}
        assert ok in Candidate.objects.live()
