"""The complaints register: list (overdue in red), CSV export, log, and the procedure's steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.exports import csv_response
from core.http import request_user
from core.permissions import get_object_for_user_or_404
from core.services import access_log_record
from engagement.forms import CloseForm, ComplaintForm, FollowUpForm, ImprovementForm
from engagement.models import Complaint
from engagement.selectors.complaints import complaint_list
from engagement.services import complaints as service
from engagement.views.common import require


@login_required
def complaint_index(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(user, "engagement.view_complaint")
    show = request.GET.get("show", "open")
    complaints = complaint_list(user=user, show=show)
    return render(
        request,
        "engagement/complaints.html",
        {"complaints": complaints, "show": show, "today": timezone.localdate()},
    )


@login_required
def complaint_export(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(user, "engagement.view_complaint")
    complaints = complaint_list(user=user, show="all")
    # core.exports neutralises formula-like cells (CSV injection) and sets the download headers.
    response = csv_response(
        filename="complaints.csv",
        header=[
            "reference", "received_at", "complainant_type", "complainant", "channel", "category", "severity",
            "owner", "acknowledge_by", "acknowledged_at", "escalated_at", "escalated_to", "resolution",
            "closed_at", "overdue",
        ],
        rows=(
            [
                c.reference, c.received_at.isoformat(), c.complainant_type, c.complainant_label,
                c.channel, c.category, c.severity, c.owner.username, c.acknowledge_by.isoformat(),
                _iso(c.acknowledged_at), _iso(c.escalated_at),
                c.escalated_to.username if c.escalated_to else "",
                c.resolution, _iso(c.closed_at), "yes" if c.is_overdue else "no",
            ]
            for c in complaints
        ),
    )  # fmt: skip
    access_log_record(
        user=user, action="export", object_type="engagement.complaint", details={"rows": len(complaints)}
    )
    return response


def _iso(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else ""


@login_required
def complaint_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(user, "engagement.add_complaint")
    initial = {"complainant_type": "other", "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
    form = ComplaintForm(request.POST if request.method == "POST" else None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "") or k == "complainant_name"}
        try:
            complaint = service.complaint_create(actor=user, **data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Complaint {complaint.reference} logged.")
            return redirect("engagement:complaint", pk=complaint.pk)
    return render(
        request, "engagement/complaint_form.html", {"form": form}, status=422 if form.errors else 200
    )


def _complaint(request: HttpRequest, pk: int, action: str = "view") -> Complaint:
    return get_object_for_user_or_404(request_user(request), Complaint, action, pk=pk)


@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request, pk)
    return render(
        request,
        "engagement/complaint_detail.html",
        {
            "complaint": complaint,
            "follow_up_form": FollowUpForm(initial={"summary": complaint.follow_up_summary}),
            "close_form": CloseForm(),
            "improvement_form": ImprovementForm(user=request_user(request)),
            "improvements": complaint.improvements.all(),
        },
    )


@login_required
@require_POST
def complaint_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = request_user(request)
    complaint = _complaint(request, pk, "change")
    try:
        if step == "acknowledge":
            service.complaint_acknowledge(actor=user, complaint=complaint)
            messages.success(request, "Acknowledged.")
        elif step == "escalate":
            service.complaint_escalate(complaint=complaint, reason="manual", actor=user)
            messages.success(request, "Escalated to the manager.")
        elif step == "follow-up":
            form = FollowUpForm(request.POST)
            if not form.is_valid():
                raise ValidationError({"summary": "Write the follow-up summary."})
            service.complaint_follow_up(
                actor=user,
                complaint=complaint,
                summary=form.cleaned_data["summary"],
                send=form.cleaned_data["send"],
            )
            messages.success(request, "Follow-up summary recorded.")
        elif step == "close":
            service.complaint_close(
                actor=user, complaint=complaint, resolution=request.POST.get("resolution", "")
            )
            messages.success(request, "Resolved and closed.")
        elif step == "improvement":
            require(user, "engagement.add_improvement")
            improvement_form = ImprovementForm(request.POST, user=user)
            if not improvement_form.is_valid():
                raise ValidationError("Say what the complainant said and what we did.")
            service.improvement_create(actor=user, complaints=[complaint], **improvement_form.cleaned_data)
            messages.success(request, "Improvement added to “You said, we did”.")
        else:
            return HttpResponse(status=404)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    return redirect("engagement:complaint", pk=complaint.pk)
