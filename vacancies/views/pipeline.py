"""The pipeline screens: the kanban board, moves (drag and drop or the keyboard menu), bulk reject,
adding candidates, and the application page with its history, interviews, offers and placement."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from candidates.models import Candidate
from compliance.requirements import LABELS
from core.permissions import get_object_for_user_or_404
from vacancies import compliance_gate, pipeline, selectors, submissions
from vacancies import pipeline_selectors as ps
from vacancies.models import Application, FollowUp, Interview, Stage
from vacancies.pipeline_forms import (
    BulkRejectForm,
    InterviewForm,
    InterviewOutcomeForm,
    MoveForm,
    OfferForm,
    PlacementForm,
)
from vacancies.views.common import allowed, apply_errors, request_user, require_perm
from vacancies.views.matching import application_context, duplicate_text


def _board_context(request: HttpRequest, vacancy: object, **extra: object) -> dict[str, object]:
    user = request_user(request)
    columns = ps.board(user=user, vacancy=vacancy)  # type: ignore[arg-type]
    # Each card's compliance panel, judged on the vacancy's start date (or today if sooner).
    start_on = getattr(vacancy, "start_on", None)
    today = timezone.localdate()
    compliance_gate.attach_statuses(
        user=user,
        vacancy=vacancy,  # type: ignore[arg-type]
        applications=[card for column in columns for card in column["cards"]],
        on_date=max(start_on, today) if start_on else today,
    )
    return {
        "vacancy": vacancy,
        "columns": columns,
        "reasons": list(ps.rejection_reasons()),
        "movable": [(s.value, s.label) for s in ps.BOARD_STAGES if s != Stage.PLACED],
        "can_change": allowed(user, vacancy, "change"),
        **extra,
    }


def _render_board(request: HttpRequest, vacancy: object, **extra: object) -> HttpResponse:
    return render(request, "vacancies/_board.html", _board_context(request, vacancy, **extra))


def _error_text(exc: Exception) -> str:
    if isinstance(exc, pipeline.PipelineRefused):
        return exc.detail
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


@login_required
def board(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = selectors.vacancy_get(user=user, pk=pk)
    return render(request, "vacancies/board.html", _board_context(request, vacancy))


@login_required
@require_POST
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    """The board's move (drag and drop and the keyboard menu both post here): one service call."""
    user = request_user(request)
    application = ps.application_get(user=user, pk=pk, action="change")
    form = MoveForm(request.POST)
    error = notice = ""
    if not form.is_valid():
        error = "Choose a stage" + (" and a reason." if "rejection_reason" in form.errors else ".")
    else:
        try:
            pipeline.application_move(
                actor=user, application=application, stage=form.cleaned_data["stage"], reason=form.reason()
            )
        except (pipeline.PipelineRefused, ValidationError) as exc:
            error = _error_text(exc)
        else:
            if form.cleaned_data["stage"] == Stage.SUBMITTED:  # ownership disputes: who and when
                recent = submissions.recent_submissions_elsewhere(application)
                notice = " ".join(duplicate_text(w) for w in recent)
    if request.htmx:  # type: ignore[attr-defined]
        return _render_board(
            request, application.vacancy, board_error=error, board_warning=notice, moved=application.pk
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "Moved.")
        if notice:
            messages.warning(request, notice)
    if request.POST.get("next") == "application":
        return redirect("vacancies:application", pk=application.pk)
    return redirect("vacancies:board", pk=application.vacancy_id)


@login_required
@require_POST
def bulk_reject(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = get_object_for_user_or_404(user, selectors.vacancy_list(user=user), "change", pk=pk)
    visible = ps.application_list(user=user, vacancy=vacancy)
    form = BulkRejectForm(request.POST, application_ids=list(visible.values_list("pk", flat=True)))
    error = ""
    if form.is_valid():
        chosen = visible.filter(pk__in=form.cleaned_data["applications"])
        count = pipeline.application_bulk_reject(
            actor=user, applications=chosen, reason=form.cleaned_data["rejection_reason"]
        )
        notice = f"Rejected {count} candidate{'s' if count != 1 else ''}."
    else:
        error = "Tick the candidates to reject and choose a reason."
        notice = ""
    if request.htmx:  # type: ignore[attr-defined]
        return _render_board(request, vacancy, board_error=error, board_notice=notice)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect("vacancies:board", pk=vacancy.pk)


@login_required
@require_POST
def candidate_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Candidates to add to the pipeline (htmx): visible, live, not already on this vacancy.

    A POST, so the names typed never appear in URLs or access logs (personal data).
    """
    user = request_user(request)
    vacancy = selectors.vacancy_get(user=user, pk=pk)
    q = request.POST.get("q", "").strip()[:100]
    results: list[Candidate] = []
    if len(q) >= 2:
        term = Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(email__iexact=q)
        if q.isdigit():
            term |= Q(pk=int(q))
        results = list(
            Candidate.objects.live()
            .visible_to(user)
            .filter(term)
            .exclude(applications__vacancy=vacancy)
            .order_by("last_name", "first_name", "pk")[:10]
        )
    return render(
        request, "vacancies/_candidate_results.html", {"vacancy": vacancy, "results": results, "q": q}
    )


@login_required
@require_POST
def application_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "vacancies.add_application")
    vacancy = get_object_for_user_or_404(user, selectors.vacancy_list(user=user), "change", pk=pk)
    candidate_id = request.POST.get("candidate", "")
    candidate = (
        Candidate.objects.live().visible_to(user).filter(pk=int(candidate_id)).first()
        if candidate_id.isdigit()
        else None
    )
    error = notice = ""
    if candidate is None:
        error = "Choose a candidate."
    else:
        try:
            pipeline.application_create(actor=user, vacancy=vacancy, candidate=candidate)
            notice = "Added to the pipeline."
        except (pipeline.PipelineRefused, ValidationError) as exc:
            error = _error_text(exc)
    if request.htmx:  # type: ignore[attr-defined]
        return _render_board(request, vacancy, board_error=error, board_notice=notice)
    if error:
        messages.error(request, error)
    return redirect("vacancies:board", pk=vacancy.pk)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    application = ps.application_get(user=user, pk=pk)
    vacancy = application.vacancy
    can_change = allowed(user, application, "change")
    placement = getattr(application, "placement", None) if application.stage == Stage.PLACED else None
    context = {
        "application": application,
        "vacancy": vacancy,
        "history": application.stage_changes.select_related("by", "rejection_reason"),
        "interviews": application.interviews.all(),
        "offers": application.offers.all(),
        "placement": placement,
        "follow_ups": placement.follow_ups.select_related("assigned_to") if placement else [],
        "can_change": can_change,
        "reasons": list(ps.rejection_reasons()),
        "movable": [(s.value, s.label) for s in ps.BOARD_STAGES if s != Stage.PLACED],
        "interview_form": InterviewForm(prefix="interview")
        if can_change and not application.is_closed
        else None,
        "offer_form": OfferForm(prefix="offer") if can_change and not application.is_closed else None,
        "placement_form": PlacementForm(prefix="placement", is_perm=vacancy.is_perm)
        if can_change and application.stage == Stage.OFFER
        else None,
        # Issue 5: consent for this vacancy, submissions, reg 21 tasks and client feedback.
        **application_context(request, application),
    }
    return render(request, "vacancies/application.html", context)


def _application_for_change(request: HttpRequest, pk: int) -> Application:
    return ps.application_get(user=request_user(request), pk=pk, action="change")


@login_required
@require_POST
def interview_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for_change(request, pk)
    form = InterviewForm(request.POST, prefix="interview")
    if form.is_valid():
        try:
            pipeline.interview_create(
                actor=request_user(request), application=application, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Interview booked.")
            return redirect("vacancies:application", pk=application.pk)
    return _form_refused(request, form, application, title="Book an interview")


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
        pipeline.interview_record_outcome(
            actor=request_user(request), interview=interview, **form.cleaned_data
        )
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
            pipeline.offer_create(actor=request_user(request), application=application, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Offer recorded.")
            return redirect("vacancies:application", pk=application.pk)
    return _form_refused(request, form, application, title="Record an offer")


@login_required
@require_POST
def placement_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "vacancies.add_placement")
    application = _application_for_change(request, pk)
    form = PlacementForm(request.POST, prefix="placement", is_perm=application.vacancy.is_perm)
    if form.is_valid():
        try:
            pipeline.placement_create(actor=user, application=application, **form.cleaned_data)
        except pipeline.PipelineRefused as exc:
            missing = [LABELS.get(name, name) for name in exc.extra.get("missing", [])]
            form.add_error(None, exc.detail + (" Missing: " + "; ".join(missing) + "." if missing else ""))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Placed. Follow-ups are on your dashboard.")
            return redirect("vacancies:application", pk=application.pk)
    return _form_refused(request, form, application, title="Record the placement")


@login_required
@require_POST
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    follow_up = FollowUp.objects.visible_to(user).filter(pk=pk).select_related("placement").first()
    if follow_up is None:
        raise Http404
    if follow_up.assigned_to_id != user.pk and not user.is_admin:
        raise PermissionDenied  # someone else's task
    pipeline.follow_up_complete(actor=user, follow_up=follow_up, note=request.POST.get("note", ""))
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
