"""Who the retention sweep takes, who it never takes (each exclusion), dry run and idempotence."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from candidates.models import Candidate
from core.models import AuditEvent
from privacy.models import LegalHold, RetentionPolicy, RetentionReview, SuppressionEntry, SweepRun
from privacy.selectors.due import (
    candidate_due_list,
    candidate_exclusion_reasons,
    contact_due_list,
    retention_exclusion_list,
)
from privacy.services.erasure import AnonymisationRefused, candidate_anonymise, contact_anonymise
from privacy.services.holds import legal_hold_place, legal_hold_release
from privacy.services.sweep import sweep_run
from tests.factories.clients import ClientFactory, ContactFactory
from tests.factories.compliance import RightToWorkCheckFactory
from tests.factories.pipeline import ApplicationFactory, RejectionReasonFactory
from tests.factories.privacy import old_candidate
from tests.factories.vacancies import VacancyFactory
from vacancies.services.pipeline import application_move

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        yield


def _due() -> set[int]:
    return set(candidate_due_list().values_list("pk", flat=True))


def test_sourced_candidate_never_sent_the_notice_is_due_after_30_days(recruiter):
    fresh = old_candidate(owner=recruiter, days=29)
    stale = old_candidate(owner=recruiter, days=31)
    notified = old_candidate(owner=recruiter, days=31, privacy_notice_sent_on=datetime.date(2026, 4, 1))
    direct = old_candidate(owner=recruiter, days=31, source=Candidate.Source.DIRECT)
    due = _due()
    assert stale.pk in due
    assert not {fresh.pk, notified.pk, direct.pk} & due


def test_talent_pool_is_due_after_24_months_without_activity(recruiter):
    kept = old_candidate(owner=recruiter, days=700, privacy_notice_sent_on=datetime.date(2024, 1, 1))
    old = old_candidate(owner=recruiter, days=740, privacy_notice_sent_on=datetime.date(2024, 1, 1))
    assert old.pk in _due() and kept.pk not in _due()


def test_policies_can_be_switched_off(recruiter):
    stale = old_candidate(owner=recruiter, days=31)
    RetentionPolicy.objects.update(is_active=False)
    assert stale.pk not in _due()


def test_unsuccessful_candidate_waits_for_the_conduct_regulations_floor(recruiter):
    with time_machine.travel(datetime.datetime(2025, 1, 10, tzinfo=datetime.UTC), tick=False):
        application = ApplicationFactory(vacancy=VacancyFactory(client=ClientFactory(owner=recruiter)))
        candidate = application.candidate
        Candidate.objects.filter(pk=candidate.pk).update(privacy_notice_sent_on=datetime.date(2025, 1, 10))
        application_move(
            actor=recruiter, application=application, stage="rejected", reason=RejectionReasonFactory()
        )
    # 6 months after the rejection the policy has run out, but reg 29 keeps it a year from last service.
    with time_machine.travel(datetime.datetime(2025, 9, 1, tzinfo=datetime.UTC), tick=False):
        assert candidate.pk not in _due()
        assert "Conduct Regulations floor (1 year from last service)" in candidate_exclusion_reasons(
            candidate=candidate
        )
    with time_machine.travel(datetime.datetime(2026, 1, 11, tzinfo=datetime.UTC), tick=False):
        assert candidate.pk in _due()


def test_a_due_person_with_several_applications_is_listed_and_counted_once(recruiter):
    # The talent-pool rule ("no applications") once joined the applications table, which repeated
    # someone due by another rule once per application, in the sweep's list and its count.
    with time_machine.travel(datetime.datetime(2025, 1, 10, tzinfo=datetime.UTC), tick=False):
        first = ApplicationFactory(vacancy=VacancyFactory(client=ClientFactory(owner=recruiter)))
        candidate = first.candidate
        second = ApplicationFactory(
            vacancy=VacancyFactory(client=ClientFactory(owner=recruiter)), candidate=candidate
        )
        Candidate.objects.filter(pk=candidate.pk).update(privacy_notice_sent_on=datetime.date(2025, 1, 10))
        for application in (first, second):
            application_move(
                actor=recruiter, application=application, stage="rejected", reason=RejectionReasonFactory()
            )
    with time_machine.travel(datetime.datetime(2026, 1, 11, tzinfo=datetime.UTC), tick=False):
        due = candidate_due_list()
        assert list(due.values_list("pk", flat=True)) == [candidate.pk]
        assert due.count() == 1
        run = sweep_run(run=SweepRun.objects.create())
    assert (run.due, run.anonymised, run.skipped) == (1, 1, 0)


@pytest.mark.parametrize("exclusion", ["legal_hold", "open_application", "recent_service", "kept", "rtw"])
def test_each_exclusion_keeps_a_due_candidate_out_of_the_sweep(recruiter, admin_user, exclusion):
    candidate = old_candidate(owner=recruiter, days=40)
    assert candidate.pk in _due()
    if exclusion == "legal_hold":
        legal_hold_place(actor=admin_user, candidate=candidate, reason="Tribunal claim")
    elif exclusion == "open_application":
        ApplicationFactory(vacancy=VacancyFactory(client=ClientFactory(owner=recruiter)), candidate=candidate)
    elif exclusion == "recent_service":
        Candidate.objects.filter(pk=candidate.pk).update(last_contacted_at=timezone.now())
    elif exclusion == "kept":
        RetentionReview.objects.create(candidate=candidate, keep_until=datetime.date(2026, 12, 1))
    else:
        RightToWorkCheckFactory(candidate=candidate)
        Candidate.objects.filter(pk=candidate.pk).update(status=Candidate.Status.PLACED)
    assert candidate.pk not in _due()
    assert candidate_exclusion_reasons(candidate=candidate)
    run = sweep_run(run=SweepRun.objects.create())
    assert run.anonymised == 0
    candidate.refresh_from_db()
    assert not candidate.is_anonymised


def test_every_exclusion_has_a_reason():
    assert all(e.reason for e in retention_exclusion_list())
    reasons = " ".join(e.reason for e in retention_exclusion_list())
    for needed in (
        "legal hold",
        "open application",
        "active placement",
        "Conduct Regulations",
        "Right-to-work",
    ):
        assert needed in reasons


def test_dry_run_reports_exactly_what_the_real_run_then_does(recruiter):
    due = [old_candidate(owner=recruiter, days=40) for _ in range(3)]
    old_candidate(owner=recruiter, days=5)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=800), tick=False):
        contact = ContactFactory()
    dry = sweep_run(run=SweepRun.objects.create(dry_run=True))
    assert Candidate.objects.filter(is_anonymised=True).count() == 0
    real = sweep_run(run=SweepRun.objects.create())
    assert dry.status == real.status == SweepRun.Status.FINISHED
    assert (dry.due, dry.anonymised, dry.skipped) == (real.due, real.anonymised, real.skipped) == (4, 4, 0)
    assert (
        sorted(dry.acted_on["candidate"]) == sorted(real.acted_on["candidate"]) == sorted(c.pk for c in due)
    )
    assert dry.acted_on["contact"] == real.acted_on["contact"] == [contact.pk]
    assert real.started_at and real.finished_at and real.duration_seconds is not None


def test_second_sweep_does_nothing(recruiter):
    candidate = old_candidate(owner=recruiter, days=40, email="gone@example.test", phone="+447700900111")
    first = sweep_run(run=SweepRun.objects.create())
    assert first.anonymised == 1
    second = sweep_run(run=SweepRun.objects.create())
    assert (second.due, second.anonymised) == (0, 0)
    candidate.refresh_from_db()
    assert candidate.is_anonymised and candidate.first_name == "[removed]"
    assert SuppressionEntry.objects.count() == 2
    events = AuditEvent.objects.filter(action="candidate.anonymised", object_id=candidate.pk)
    assert events.count() == 1 and events.get().details == {"reason": "retention", "sweep": first.pk}


def test_manual_anonymisation_is_refused_on_a_legal_hold_and_a_statutory_floor(recruiter, admin_user):
    held = old_candidate(owner=recruiter, days=3)
    legal_hold_place(actor=admin_user, candidate=held, reason="Litigation")
    with pytest.raises(AnonymisationRefused) as refused:
        candidate_anonymise(candidate=held, actor=admin_user)
    assert refused.value.code == "legal_hold"
    recent = old_candidate(owner=recruiter, days=3)
    Candidate.objects.filter(pk=recent.pk).update(last_contacted_at=timezone.now())
    with pytest.raises(AnonymisationRefused) as refused:
        candidate_anonymise(candidate=recent, actor=admin_user)
    assert refused.value.code == "retention_floor"
    legal_hold_release(actor=admin_user, candidate=held)
    assert not LegalHold.objects.filter(released_at__isnull=True).exists()
    assert candidate_anonymise(candidate=held, actor=admin_user) is True
    assert candidate_anonymise(candidate=held, actor=admin_user) is False  # idempotent


def test_contact_on_legal_hold_or_open_vacancy_is_not_swept(recruiter, admin_user):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=800), tick=False):
        held = ContactFactory()
        busy = ContactFactory()
        free = ContactFactory()
    legal_hold_place(actor=admin_user, contact=held, reason="Dispute over fees")
    VacancyFactory(client=busy.client, contact=busy, status="open")
    assert set(contact_due_list().values_list("pk", flat=True)) == {free.pk}
    with pytest.raises(AnonymisationRefused):
        contact_anonymise(contact=held, actor=admin_user)
    assert contact_anonymise(contact=free, actor=admin_user) is True
    free.refresh_from_db()
    assert free.first_name == "[removed]" and free.email == ""


def test_a_redelivered_sweep_message_does_nothing(recruiter):
    # Issue 17: the run is claimed in one atomic update; a second delivery finds it taken.
    old_candidate(owner=recruiter, days=40)
    queued = SweepRun.objects.create()
    first = sweep_run(run=queued)
    assert first.status == SweepRun.Status.FINISHED and first.anonymised == 1
    again = sweep_run(run=SweepRun.objects.get(pk=queued.pk))
    assert (again.status, again.finished_at, again.anonymised) == (first.status, first.finished_at, 1)
    assert AuditEvent.objects.filter(action="privacy.sweep_finished", object_id=queued.pk).count() == 1


def test_a_sweep_already_running_elsewhere_is_not_started_again(recruiter):
    candidate = old_candidate(owner=recruiter, days=40)
    running = SweepRun.objects.create(status=SweepRun.Status.RUNNING)
    stale = SweepRun(pk=running.pk, status=SweepRun.Status.QUEUED)  # what a late message still holds
    result = sweep_run(run=stale)
    assert result.status == SweepRun.Status.RUNNING and result.due == 0 and result.anonymised == 0
    candidate.refresh_from_db()
    assert not candidate.is_anonymised
