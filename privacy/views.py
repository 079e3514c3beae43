"""The Privacy area (admins only) and the owner's hold page of the retention cycle. The candidate's
"keep my data?" page is the portal's (portal/views/your_data.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from candidates.models import Candidate
from core import files
from core.http import request_user
from core.models import User
from core.permissions import get_object_for_user_or_404, is_admin
from privacy.forms import ExemptionForm, PolicyForm, ReasonForm, RequestForm
from privacy.models import ErasureRequest, RetentionPolicy, SubjectAccessRequest
from privacy.selectors.due import (
    candidate_exclusion_reasons,
    statutory_exclusion_list,
    statutory_floor_ends_on,
)
from privacy.selectors.holds import legal_hold_live_get
from privacy.selectors.overview import privacy_overview_get
from privacy.selectors.person import candidate_cv_client_list
from privacy.services import holds, subject_access
from privacy.services.erasure import (
    AnonymisationRefused,
    candidate_anonymise,
    erasure_complete,
    erasure_create,
    erasure_record_exemption,
)
from privacy.services.policies import policy_defaults_ensure, policy_update
from privacy.services.requests import privacy_request_pause, privacy_request_resume
from privacy.services.sweep import sweep_request


def _admin(request: HttpRequest) -> User:
    user = request_user(request)
    if not is_admin(user):
        raise PermissionDenied("Only admins may open the Privacy area.")
    return user


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _admin(request)
    policy_defaults_ensure()
    policies = list(RetentionPolicy.objects.all())
    context: dict[str, Any] = privacy_overview_get()
    context["policy_forms"] = [(p, PolicyForm(instance=p, prefix=f"p{p.pk}")) for p in policies]
    context["request_form"] = RequestForm()
    return render(request, "privacy/index.html", context)


@login_required
@require_POST
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _admin(request)
    policy = get_object_for_user_or_404(user, RetentionPolicy, pk=pk)
    form = PolicyForm(
        request.POST, instance=RetentionPolicy.objects.get(pk=policy.pk), prefix=f"p{policy.pk}"
    )
    if not form.is_valid():
        messages.error(
            request, f"{policy}: " + " ".join(str(e) for errs in form.errors.values() for e in errs)
        )
        return redirect("privacy:index")
    policy_update(actor=user, policy=policy, **form.cleaned_data)
    messages.success(request, f"{policy}: saved.")
    return redirect("privacy:index")


@login_required
@require_POST
def sweep(request: HttpRequest) -> HttpResponse:
    user = _admin(request)
    dry_run = request.POST.get("dry_run") == "1"
    run = sweep_request(actor=user, dry_run=dry_run)
    messages.success(request, f"Sweep #{run.pk} {'(dry run) ' if dry_run else ''}queued.")
    return redirect("privacy:index")


@login_required
@require_POST
def request_create(request: HttpRequest, kind: str) -> HttpResponse:
    user = _admin(request)
    form = RequestForm(request.POST)
    if form.is_valid():
        candidate = Candidate.objects.filter(pk=form.cleaned_data["candidate"], is_anonymised=False).first()
        if candidate is None:
            form.add_error("candidate", "No live candidate has this number.")
        else:
            create = subject_access.sar_create if kind == "sar" else erasure_create
            made = create(actor=user, candidate=candidate, received_on=form.cleaned_data["received_on"])
            return redirect(f"privacy:{kind}", pk=made.pk)
    context: dict[str, Any] = privacy_overview_get()
    context["policy_forms"] = [
        (p, PolicyForm(instance=p, prefix=f"p{p.pk}")) for p in RetentionPolicy.objects.all()
    ]
    context["request_form"] = form
    return render(request, "privacy/index.html", context, status=400)


@login_required
def sar_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _admin(request)
    sar = get_object_for_user_or_404(user, SubjectAccessRequest.objects.select_related("candidate"), pk=pk)
    form = ReasonForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "pause":
                privacy_request_pause(actor=user, request=sar)
            elif action == "resume":
                privacy_request_resume(actor=user, request=sar)
            elif action == "extend":
                form = ReasonForm(request.POST)
                if not form.is_valid():
                    return render(request, "privacy/sar.html", {"sar": sar, "form": form}, status=400)
                subject_access.sar_extend(actor=user, sar=sar, reason=form.cleaned_data["reason"])
            elif action == "export":
                subject_access.sar_queue_export(actor=user, sar=sar)
            elif action == "complete":
                subject_access.sar_complete(actor=user, sar=sar)
            else:
                return render(request, "privacy/sar.html", {"sar": sar, "form": form}, status=400)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("privacy:sar", pk=sar.pk)
    return render(request, "privacy/sar.html", {"sar": sar, "form": form})


@login_required
def sar_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _admin(request)
    sar = get_object_for_user_or_404(user, SubjectAccessRequest, pk=pk)
    if not sar.export_file:
        raise Http404("The export has not been built yet.")
    subject_access.sar_download_log(actor=user, sar=sar)
    return files.attachment_response(
        sar.export_file.open("rb"), filename=f"subject-access-{sar.pk}.zip", content_type="application/zip"
    )


@login_required
def erasure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _admin(request)
    erasure = get_object_for_user_or_404(user, ErasureRequest.objects.select_related("candidate"), pk=pk)
    form = ExemptionForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "complete":
                erasure_complete(actor=user, request=erasure)
                if erasure.status == ErasureRequest.Status.RESTRICTED:
                    messages.success(
                        request,
                        "Restricted: the candidate is out of every list and message, and will be "
                        "anonymised completely when the legal floor ends.",
                    )
                else:
                    messages.success(request, "Erasure complete: the candidate has been anonymised.")
                return redirect("privacy:erasure", pk=erasure.pk)
            if action in ("pause", "resume"):
                (privacy_request_pause if action == "pause" else privacy_request_resume)(
                    actor=user, request=erasure
                )
                return redirect("privacy:erasure", pk=erasure.pk)
            form = ExemptionForm(request.POST)
            if form.is_valid():
                erasure_record_exemption(actor=user, request=erasure, **form.cleaned_data)
                return redirect("privacy:erasure", pk=erasure.pk)
            status = 400
        except AnonymisationRefused as exc:
            messages.error(request, exc.message)
            return redirect("privacy:erasure", pk=erasure.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("privacy:erasure", pk=erasure.pk)
    inside_floor, floor_ends_on = (
        statutory_floor_ends_on(candidate=erasure.candidate) if erasure.is_open else (False, None)
    )
    blocked = candidate_exclusion_reasons(candidate=erasure.candidate) if erasure.is_open else []
    statutory = {e.reason for e in statutory_exclusion_list()}
    context = {
        "erasure": erasure,
        "form": form,
        "clients": candidate_cv_client_list(candidate=erasure.candidate),
        "blocked": blocked,
        "inside_floor": inside_floor,
        "floor_ends_on": floor_ends_on,
        "floor_reasons": [reason for reason in blocked if reason in statutory],
    }
    return render(request, "privacy/erasure.html", context, status=status)


@login_required
def candidate_privacy(request: HttpRequest, pk: int) -> HttpResponse:
    """One candidate's data protection state: legal hold (place / release), why not swept, anonymise."""
    user = _admin(request)
    candidate = get_object_for_user_or_404(user, Candidate, pk=pk)
    form = ReasonForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "hold":
            form = ReasonForm(request.POST)
            if form.is_valid():
                holds.legal_hold_place(actor=user, candidate=candidate, reason=form.cleaned_data["reason"])
                return redirect("privacy:candidate", pk=pk)
            status = 400
        elif action == "release":
            holds.legal_hold_release(actor=user, candidate=candidate)
            return redirect("privacy:candidate", pk=pk)
        elif action == "anonymise":
            try:
                candidate_anonymise(candidate=candidate, actor=user)
                messages.success(request, "Anonymised.")
            except AnonymisationRefused as exc:
                messages.error(request, exc.message)
            return redirect("privacy:candidate", pk=pk)
    context = {
        "candidate": candidate,
        "form": form,
        "hold": legal_hold_live_get(candidate=candidate),
        "reasons": candidate_exclusion_reasons(candidate=candidate),
    }
    return render(request, "privacy/candidate.html", context, status=status)


@login_required
def owner_hold(request: HttpRequest, pk: int) -> HttpResponse:
    """The owner's digest links here: keep a record past its due date, with a reason."""
    user = request_user(request)
    candidate = get_object_for_user_or_404(user, Candidate, "change", pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        holds.owner_hold_place(actor=user, candidate=candidate, reason=form.cleaned_data["reason"])
        messages.success(request, "Held: this record will not be swept for another retention period.")
        return redirect("candidates:detail", pk=candidate.pk)
    return render(
        request,
        "privacy/owner_hold.html",
        {"candidate": candidate, "form": form},
        status=400 if form.errors else 200,
    )
