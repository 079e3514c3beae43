"""Writes for data protection (STYLE.md services): policies, holds, requests, notices, sweeps.

The deleting itself lives in privacy.engine; these services decide when to call it and record
what happened (audit events carry ids and codes only).
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from clients.models import Contact
from core.models import User
from core.services import access_log_record, audit_record
from core.signing import signed_link_create
from privacy import engine
from privacy.models import (
    ErasureRequest,
    LegalHold,
    RetentionPolicy,
    RetentionReview,
    SubjectAccessRequest,
    SweepRun,
)

KEEP_MY_DATA = "keep_my_data"


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: ["Give a reason."]})
    if len(reason) > 500:
        raise ValidationError({field: ["Keep the reason under 500 characters."]})
    return reason


# --- Policies


def policies_ensure_defaults() -> list[RetentionPolicy]:
    RetentionPolicy.ensure_defaults()
    return list(RetentionPolicy.objects.all())


def policy_update(*, actor: User, policy: RetentionPolicy, **fields: Any) -> RetentionPolicy:
    for name in ("keep_for_days", "notify_before_days", "is_active"):
        if name in fields:
            setattr(policy, name, fields[name])
    policy.full_clean()
    policy.save()
    audit_record(
        actor=actor, action="privacy.policy_changed", obj=policy, details={"category": policy.category}
    )
    return policy


# --- Sweeps


def sweep_request(*, actor: User | None, dry_run: bool, trigger: str = "manual") -> SweepRun:
    """Queue a sweep for the worker (on commit: the task finds the committed row)."""
    from privacy.tasks import run_sweep

    run = SweepRun.objects.create(dry_run=dry_run, requested_by=actor, trigger=trigger)
    audit_record(actor=actor, action="privacy.sweep_requested", obj=run, details={"dry_run": dry_run})
    transaction.on_commit(lambda: run_sweep.delay(run.pk))
    return run


# --- Legal holds


def legal_hold_place(
    *, actor: User, reason: str, candidate: Candidate | None = None, contact: Contact | None = None
) -> LegalHold:
    reason = _reason(reason)
    subject = {"candidate": candidate} if candidate is not None else {"contact": contact}
    existing = LegalHold.objects.filter(released_at__isnull=True, **subject).first()
    if existing is not None:
        return existing
    hold = LegalHold.objects.create(placed_by=actor, reason=reason, **subject)
    audit_record(actor=actor, action="privacy.legal_hold_placed", obj=candidate or contact)
    return hold


def legal_hold_release(
    *, actor: User, candidate: Candidate | None = None, contact: Contact | None = None
) -> int:
    subject = {"candidate": candidate} if candidate is not None else {"contact": contact}
    released = LegalHold.objects.filter(released_at__isnull=True, **subject).update(
        released_at=timezone.now(), released_by=actor
    )
    if released:
        audit_record(actor=actor, action="privacy.legal_hold_released", obj=candidate or contact)
    return released


# --- Keep my data? (30 days ahead) and the owners' digest (7 days ahead)


def _notice_days() -> int:
    policy = RetentionPolicy.objects.filter(is_active=True).order_by("-notify_before_days").first()
    return policy.notify_before_days if policy else 30


def retention_notices_send() -> dict[str, int]:
    """Daily: ask candidates due in 30 days whether to keep their data; tell owners about 7 days.

    Idempotent: each review row remembers what was sent and when.
    """
    today = timezone.localdate()
    sent = {"candidates": 0, "owners": 0}
    soon = engine.due_candidates(on=today + datetime.timedelta(days=_notice_days()))
    for candidate in soon.exclude(email="").select_related("owner"):
        review, _ = RetentionReview.objects.get_or_create(candidate=candidate)
        if (
            review.candidate_notified_on is not None
            and review.candidate_notified_on > today - datetime.timedelta(days=60)
        ):
            continue
        _, token = signed_link_create(
            purpose=KEEP_MY_DATA, obj=candidate, expires_in=datetime.timedelta(days=30), max_uses=1
        )
        url = settings.SITE_URL + reverse("privacy:keep_my_data", args=[token])
        send_mail(
            "Shall we keep your details?",
            "We hold your details from when you looked for work with us. Unless you tell us to keep "
            f"them, we will remove them in 30 days.\n\nKeep them or remove them now: {url}\n",
            settings.DEFAULT_FROM_EMAIL,
            [candidate.email],
        )
        RetentionReview.objects.filter(pk=review.pk).update(candidate_notified_on=today)
        sent["candidates"] += 1
    week = engine.due_candidates(on=today + datetime.timedelta(days=7)).select_related("owner")
    by_owner: dict[int, list[Candidate]] = {}
    for candidate in week:
        review, _ = RetentionReview.objects.get_or_create(candidate=candidate)
        if review.owner_notified_on is not None and review.owner_notified_on > today - datetime.timedelta(
            days=30
        ):
            continue
        by_owner.setdefault(candidate.owner_id, []).append(candidate)
        RetentionReview.objects.filter(pk=review.pk).update(owner_notified_on=today)
    for candidates in by_owner.values():
        owner = candidates[0].owner
        if not owner.email:
            continue
        lines = "\n".join(settings.SITE_URL + reverse("privacy:hold", args=[c.pk]) for c in candidates)
        send_mail(
            f"{len(candidates)} candidate record(s) will be anonymised in 7 days",
            "These records reach the end of their retention period in 7 days. To keep one, open it "
            f"and place a hold with a reason:\n\n{lines}\n",
            settings.DEFAULT_FROM_EMAIL,
            [owner.email],
        )
        sent["owners"] += 1
    return sent


def _policy_days() -> int:
    policy = RetentionPolicy.objects.filter(is_active=True).order_by("-keep_for_days").first()
    return policy.keep_for_days if policy else 365


def keep_my_data_answer(*, candidate: Candidate, keep: bool) -> None:
    """Yes extends by the policy length; no opens an erasure request (DOMAIN.md)."""
    today = timezone.localdate()
    if keep:
        RetentionReview.objects.update_or_create(
            candidate=candidate, defaults={"keep_until": today + datetime.timedelta(days=_policy_days())}
        )
        audit_record(actor=None, action="privacy.keep_my_data_yes", obj=candidate)
        return
    if not ErasureRequest.objects.filter(candidate=candidate, status__in=["open", "paused"]).exists():
        ErasureRequest.objects.create(
            candidate=candidate, received_on=today, created_by=candidate.owner, source=KEEP_MY_DATA
        )
    audit_record(actor=None, action="privacy.keep_my_data_no", obj=candidate)


def owner_hold(*, actor: User, candidate: Candidate, reason: str) -> RetentionReview:
    """The owner keeps a record past its due date, with a reason (kept on the review, not the audit)."""
    reason = _reason(reason)
    review, _ = RetentionReview.objects.update_or_create(
        candidate=candidate,
        defaults={
            "keep_until": timezone.localdate() + datetime.timedelta(days=_policy_days()),
            "hold_reason": reason,
        },
    )
    audit_record(actor=actor, action="privacy.owner_hold", obj=candidate)
    return review


# --- Requests


def sar_create(*, actor: User, candidate: Candidate, received_on: datetime.date) -> SubjectAccessRequest:
    sar = SubjectAccessRequest.objects.create(candidate=candidate, received_on=received_on, created_by=actor)
    audit_record(actor=actor, action="privacy.sar_received", obj=sar, details={"candidate": candidate.pk})
    return sar


def erasure_create(*, actor: User, candidate: Candidate, received_on: datetime.date) -> ErasureRequest:
    request = ErasureRequest.objects.create(candidate=candidate, received_on=received_on, created_by=actor)
    audit_record(
        actor=actor, action="privacy.erasure_received", obj=request, details={"candidate": candidate.pk}
    )
    return request


def request_pause(*, actor: User, request: SubjectAccessRequest | ErasureRequest) -> None:
    """Identity or scope being confirmed: the clock stops (ICO guidance on the time limit)."""
    if request.status != request.Status.OPEN:
        raise ValidationError("Only an open request can be paused.")
    request.status, request.paused_on = request.Status.PAUSED, timezone.localdate()
    request.save(update_fields=["status", "paused_on"])
    audit_record(actor=actor, action="privacy.request_paused", obj=request)


def request_resume(*, actor: User, request: SubjectAccessRequest | ErasureRequest) -> None:
    if request.status != request.Status.PAUSED or request.paused_on is None:
        raise ValidationError("Only a paused request can be resumed.")
    request.paused_days += (timezone.localdate() - request.paused_on).days
    request.status, request.paused_on = request.Status.OPEN, None
    request.save(update_fields=["status", "paused_on", "paused_days"])
    audit_record(actor=actor, action="privacy.request_resumed", obj=request)


def sar_extend(*, actor: User, sar: SubjectAccessRequest, reason: str) -> None:
    """UK GDPR art. 12(3): once, by two months, with the reason logged."""
    reason = _reason(reason)
    if sar.extended_at is not None:
        raise ValidationError({"reason": ["This request has already been extended once."]})
    sar.extended_at, sar.extended_reason = timezone.now(), reason
    sar.save(update_fields=["extended_at", "extended_reason"])
    audit_record(actor=actor, action="privacy.sar_extended", obj=sar)


def sar_build_export(*, sar_id: int) -> SubjectAccessRequest:
    """The ZIP: data.json with everything held, plus the person's files (Celery task calls this)."""
    sar = SubjectAccessRequest.objects.select_related("candidate").get(pk=sar_id)
    data = engine.export_candidate(sar.candidate)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, default=str))
        for document in sar.candidate.documents.all():
            if document.file and document.file.name and document.file.storage.exists(document.file.name):
                with document.file.open("rb") as handle:
                    archive.writestr(f"documents/{document.pk}-{document.filename}", handle.read())
    if sar.export_file:
        sar.export_file.delete(save=False)
    sar.export_file.save(f"sar-{sar.pk}.zip", ContentFile(buffer.getvalue()), save=False)
    sar.export_status = SubjectAccessRequest.ExportStatus.READY
    sar.save(update_fields=["export_file", "export_status"])
    audit_record(actor=None, action="privacy.sar_export_built", obj=sar)
    return sar


def sar_queue_export(*, actor: User, sar: SubjectAccessRequest) -> None:
    from privacy.tasks import build_sar_export

    SubjectAccessRequest.objects.filter(pk=sar.pk).update(
        export_status=SubjectAccessRequest.ExportStatus.BUILDING
    )
    transaction.on_commit(lambda: build_sar_export.delay(sar.pk))
    audit_record(actor=actor, action="privacy.sar_export_requested", obj=sar)


def sar_download_logged(*, actor: User, sar: SubjectAccessRequest) -> None:
    access_log_record(user=actor, action="download", obj=sar, details={"candidate": sar.candidate_id})


def sar_complete(*, actor: User, sar: SubjectAccessRequest) -> None:
    sar.status, sar.completed_at = sar.Status.COMPLETED, timezone.now()
    sar.save(update_fields=["status", "completed_at"])
    audit_record(actor=actor, action="privacy.sar_completed", obj=sar)


def erasure_record_exemption(*, actor: User, request: ErasureRequest, exemption: str, reason: str) -> None:
    if exemption not in (ErasureRequest.Exemption.LEGAL_OBLIGATION, ErasureRequest.Exemption.LEGAL_CLAIMS):
        raise ValidationError({"exemption": ["Choose legal obligation or legal claims."]})
    request.exemption, request.exemption_reason = exemption, _reason(reason)
    request.status, request.completed_at = request.Status.REFUSED, timezone.now()
    request.save(update_fields=["exemption", "exemption_reason", "status", "completed_at"])
    audit_record(actor=actor, action="privacy.erasure_exempt", obj=request, details={"exemption": exemption})


def erasure_complete(*, actor: User, request: ErasureRequest) -> None:
    """Runs the anonymisers (refused on a legal hold or statutory floor: engine.AnonymisationRefused)."""
    engine.candidate_anonymise(candidate=request.candidate, actor=actor, reason="erasure_request")
    request.status, request.completed_at = request.Status.COMPLETED, timezone.now()
    request.save(update_fields=["status", "completed_at"])
    audit_record(actor=actor, action="privacy.erasure_completed", obj=request)


def clients_who_received_cv(candidate: Candidate) -> list[Any]:
    """Clients this person was put forward to (applications past the shortlist), to tell them."""
    from clients.models import Client

    # Conduct Regs reg 28: a CV goes to a client on submission; the stage history says whether it did.
    return list(
        Client.objects.filter(
            vacancies__applications__candidate=candidate,
            vacancies__applications__stage_changes__stage="submitted",
        )
        .distinct()
        .order_by("name")
    )
