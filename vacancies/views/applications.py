"""The application page: its history, interviews, offers, placement and follow-ups (the consent and
submission panels come from views/submissions.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from compliance.requirements import LABELS
from core.http import request_user
from core.permissions import check_action, get_object_for_user_or_404
from vacancies.forms.pipeline import (
    InterviewForm,
    InterviewOutcomeForm,
    OfferForm,
    PlacementDaysForm,
    PlacementForm,
)
from vacancies.models import Application, FollowUp, Interview, Offer, Placement, Stage
from vacancies.selectors.pipeline import BOARD_STAGES, application_get, rejection_reason_list
from vacancies.services.interviews import (
    interview_cancel,
    interview_change,
    interview_create,
    interview_record_outcome,
)
from vacancies.services.offers import offer_create, offer_respond
from vacancies.services.pipeline import PipelineRefused
from vacancies.services.placements import (
    follow_up_complete,
    placement_create,
    placement_expected_days_set,
)
from vacancies.views.common import allowed, apply_errors, error_text, require_perm
from vacancies.views.submissions import application_context


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    application = application_get(user=user, pk=pk)
    vacancy = application.vacancy
    can_change = allowed(user, application, "change")
    placement = getattr(application, "placement", None) if application.stage == Stage.PLACED else None
    # Booking an interview or recording an offer moves the application on, which needs it to have
    # been submitted to the client: until then the page says so instead of offering the forms.
    was_submitted = any(c.stage == Stage.SUBMITTED for c in application.stage_changes.all())
    can_progress = can_change and not application.is_closed and was_submitted
    context = {
        "application": application,
        "vacancy": vacancy,
        "history": application.stage_changes.select_related("by", "rejection_reason"),
        "interviews": _interviews_with_forms(application, can_change=can_change),
        "offers": application.offers.all(),
        "placement": placement,
        "follow_ups": placement.follow_ups.select_related("assigned_to") if placement else [],
        "days_form": PlacementDaysForm(prefix="days", initial={"expected_days": placement.expected_days})
        if placement
        and placement.margin is not None
        and can_change
        and user.has_perm("vacancies.add_placement")
        else None,
        "can_change": can_change,
        "reasons": list(rejection_reason_list()),
        "movable": [(s.value, s.label) for s in BOARD_STAGES if s != Stage.PLACED],
        "interview_form": InterviewForm(prefix="interview") if can_progress else None,
        "offer_form": OfferForm(prefix="offer") if can_progress else None,
        "awaiting_submission": can_change and not application.is_closed and not was_submitted,
        "placement_form": PlacementForm(prefix="placement", is_perm=vacancy.is_perm)
        if can_change and application.stage == Stage.OFFER
        else None,
        # Issue 5: consent for this vacancy, submissions, reg 21 tasks and client feedback.
        **application_context(request, application),
    }
    return render(request, "vacancies/application.html", context)


def _label(name: str) -> str:
    """A placement gate's `missing` entry in words ("References (awaiting verification)")."""
    base, _, rest = name.partition(" (")
    return LABELS.get(base, base) + (f" ({rest}" if rest else "")


def _application_for_change(request: HttpRequest, pk: int) -> Application:
    return application_get(user=request_user(request), pk=pk, action="change")


@login_required
@require_POST
def interview_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for_change(request, pk)
    form = InterviewForm(request.POST, prefix="interview")
    if form.is_valid():
        try:
            interview = interview_create(
                actor=request_user(request), application=application, **form.cleaned_data
            )
        except PipelineRefused as exc:  # booking moves the application to interview
            form.add_error(None, exc.detail)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Interview booked. The application is at Interview.")
            _invite_messages(request, interview, "Invitations sent.")
            return redirect("vacancies:application", pk=application.pk)
    return _form_refused(request, form, application, title="Book an interview")


def _interviews_with_forms(application: Application, *, can_change: bool) -> list[Interview]:
    """The application's interviews, each still to come with its reschedule form (for the team)."""
    interviews = list(application.interviews.all())
    for interview in interviews:
        editable = (
            can_change and not interview.is_cancelled and interview.outcome == Interview.Outcome.PENDING
        )
        interview.change_form = (  # type: ignore[attr-defined]
            InterviewForm(instance=interview, prefix=f"interview-{interview.pk}") if editable else None
        )
    return interviews


def _invite_messages(request: HttpRequest, interview: Interview, sent: str) -> None:
    """What the invitations did: sent, and any the contact rule refused (with its reason)."""
    refusals = getattr(interview, "invite_refusals", [])
    if interview.invited_at is not None:
        messages.info(request, sent)
    for refusal in refusals:
        messages.warning(request, f"Not sent. {refusal}")


def _interview_for_change(request: HttpRequest, pk: int, interview_pk: int) -> tuple[Application, Interview]:
    application = _application_for_change(request, pk)
    interview = Interview.objects.filter(application=application, pk=interview_pk).first()
    if interview is None:
        raise Http404
    return application, interview


@login_required
@require_POST
def interview_edit(request: HttpRequest, pk: int, interview_pk: int) -> HttpResponse:
    """Reschedule or change an interview: the invitees are sent the updated invitation."""
    application, interview = _interview_for_change(request, pk, interview_pk)
    form = InterviewForm(request.POST, instance=interview, prefix=f"interview-{interview.pk}")
    if form.is_valid():
        interview.refresh_from_db()
        try:
            interview = interview_change(
                actor=request_user(request), interview=interview, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Interview changed.")
            _invite_messages(request, interview, "Updated invitations sent.")
            return redirect("vacancies:application", pk=application.pk)
    return _form_refused(request, form, application, title="Change the interview")


@login_required
@require_POST
def interview_cancel_view(request: HttpRequest, pk: int, interview_pk: int) -> HttpResponse:
    application, interview = _interview_for_change(request, pk, interview_pk)
    interview = interview_cancel(actor=request_user(request), interview=interview)
    messages.success(request, "Interview cancelled.")
    _invite_messages(request, interview, "Cancellations sent to the invitees.")
    return redirect("vacancies:application", pk=application.pk)


@login_required
@require_http_methods(["POST"])
def interview_outcome(request: HttpRequest, pk: int, interview_pk: int) -> HttpResponse:
    application = _application_for_change(request, pk)
    interview = Interview.objects.filter(application=application, pk=interview_pk).first()
    if interview is None:
        raise Http404
    form = InterviewOutcomeForm(request.POST, instance=interview)
    if form.is_valid():
        interview.refresh_from_db()
        interview_record_outcome(actor=request_user(request), interview=interview, **form.cleaned_data)
        messages.success(request, "Interview outcome recorded.")
    else:
        messages.error(request, "Choose an outcome.")
    return redirect("vacancies:application", pk=application.pk)


@login_required
@require_POST
def offer_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for_change(request, pk)
    form = OfferForm(request.POST, prefix="offer")
    if form.is_valid():
        try:
            offer_create(actor=request_user(request), application=application, **form.cleaned_data)
        except PipelineRefused as exc:  # recording an offer moves the application to offer
            form.add_error(None, exc.detail)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Offer recorded. The application is at Offer.")
            return redirect("vacancies:application", pk=application.pk)
    return _form_refused(request, form, application, title="Record an offer")


@login_required
@require_POST
def offer_answer(request: HttpRequest, pk: int, offer_pk: int) -> HttpResponse:
    """The candidate's answer to an offer (accepted or declined), from the application page."""
    application = _application_for_change(request, pk)
    offer = Offer.objects.filter(application=application, pk=offer_pk).first()
    if offer is None:
        raise Http404
    status = request.POST.get("status", "")
    try:
        offer_respond(actor=request_user(request), offer=offer, status=status)
    except PipelineRefused as exc:
        messages.error(request, exc.detail)
    except ValidationError:
        messages.error(request, "Choose accepted or declined.")
    else:
        if status == Offer.Status.ACCEPTED:
            messages.success(request, "Offer accepted. Record the placement when the start is agreed.")
        else:
            messages.success(request, "Offer declined. Record a new offer, or move the application on.")
    return redirect("vacancies:application", pk=application.pk)


@login_required
@require_POST
def placement_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "vacancies.add_placement")
    application = _application_for_change(request, pk)
    form = PlacementForm(request.POST, prefix="placement", is_perm=application.vacancy.is_perm)
    if form.is_valid():
        try:
            placement_create(actor=user, application=application, **form.cleaned_data)
        except PipelineRefused as exc:
            missing = exc.extra.get("missing", []) if exc.code == "compliance_incomplete" else []
            form.add_error(
                None, exc.detail + (" Missing: " + "; ".join(map(_label, missing)) + "." if missing else "")
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Placed. Follow-ups are on your dashboard.")
            return redirect("vacancies:application", pk=application.pk)
    return _form_refused(request, form, application, title="Record the placement")


@login_required
@require_POST
def placement_expected_days(request: HttpRequest, pk: int) -> HttpResponse:
    """Contract and temp: give or correct the expected days (what the margin counts in fees)."""
    user = request_user(request)
    require_perm(user, "vacancies.add_placement")
    placement = get_object_for_user_or_404(user, Placement.objects.select_related("application"), pk=pk)
    check_action(user, placement.application, "change")
    form = PlacementDaysForm(request.POST, prefix="days")
    if not form.is_valid():
        messages.error(request, "Give the expected working days, a whole number from 1.")
    else:
        try:
            placement = placement_expected_days_set(
                actor=user, placement=placement, expected_days=form.cleaned_data["expected_days"]
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, f"Expected days saved: the placement counts £{placement.fee_value:,}.")
    return redirect("vacancies:application", pk=placement.application_id)


@login_required
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    follow_up = FollowUp.objects.visible_to(user).filter(pk=pk).select_related("placement").first()
    if follow_up is None:
        raise Http404
    if follow_up.assigned_to_id != user.pk and not user.is_admin:
        raise PermissionDenied  # someone else's task
    follow_up_complete(actor=user, follow_up=follow_up, note=request.POST.get("note", ""))
    messages.success(request, "Follow-up done.")
    if request.POST.get("next") == "application":
        return redirect("vacancies:application", pk=follow_up.placement.application_id)
    return redirect("dashboard")


def _form_refused(
    request: HttpRequest, form: forms.BaseForm, application: Application, *, title: str
) -> HttpResponse:
    """The interview, offer or placement form again, with its errors (400)."""
    context = {"form": form, "application": application, "title": title, "action": request.path}
    return render(request, "vacancies/pipeline_form.html", context, status=400)
