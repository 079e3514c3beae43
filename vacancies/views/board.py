"""The kanban board: the columns, moves (drag and drop or the keyboard menu), bulk reject, and
finding and adding candidates to the pipeline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from candidates.models import Candidate
from core.http import parse_id, request_user
from core.permissions import get_object_for_user_or_404
from core.versioning import StaleRecord, last_change_get, version_parse
from vacancies.forms.pipeline import BulkRejectForm, MoveForm
from vacancies.models import Application, Stage, Vacancy
from vacancies.selectors.compliance import application_compliance_attach
from vacancies.selectors.pipeline import (
    BOARD_STAGES,
    application_get,
    application_list,
    board_get,
    rejection_reason_list,
)
from vacancies.selectors.submissions import submission_elsewhere_list
from vacancies.selectors.vacancies import vacancy_get, vacancy_list
from vacancies.services import pipeline as pipeline_services
from vacancies.services.pipeline import PipelineRefused, application_bulk_reject, application_create
from vacancies.views.common import allowed, error_text, require_perm
from vacancies.views.submissions import duplicate_text


def _board_context(request: HttpRequest, vacancy: Vacancy, **extra: object) -> dict[str, object]:
    user = request_user(request)
    columns = board_get(user=user, vacancy=vacancy)
    # Each card's compliance panel, judged on the vacancy's start date (or today if sooner).
    start_on = vacancy.start_on
    today = timezone.localdate()
    application_compliance_attach(
        user=user,
        vacancy=vacancy,
        applications=[card for column in columns for card in column["cards"]],
        on_date=max(start_on, today) if start_on else today,
    )
    return {
        "vacancy": vacancy,
        "columns": columns,
        "reasons": list(rejection_reason_list()),
        "movable": [(s.value, s.label) for s in BOARD_STAGES if s != Stage.PLACED],
        "can_change": allowed(user, vacancy, "change"),
        **extra,
    }


def _render_board(request: HttpRequest, vacancy: Vacancy, **extra: object) -> HttpResponse:
    return render(request, "vacancies/_board.html", _board_context(request, vacancy, **extra))


def stale_move_text(current: Application) -> str:
    who, when = last_change_get(current)
    at = f" at {timezone.localtime(when):%H:%M}" if when else ""
    stage = Stage(current.stage).label
    return (
        f"{who} changed this application{at} while you had the page open; it is now at {stage}."
        " Nothing was moved: check where it stands, then move it again if you still want to."
    )


@login_required
def board(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = vacancy_get(user=user, pk=pk)
    return render(request, "vacancies/board.html", _board_context(request, vacancy))


@login_required
@require_POST
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    """The board's move (drag and drop and the keyboard menu both post here): one service call."""
    user = request_user(request)
    application = application_get(user=user, pk=pk, action="change")
    form = MoveForm(request.POST)
    error = notice = ""
    if not form.is_valid():
        error = "Choose a stage" + (" and a reason." if "rejection_reason" in form.errors else ".")
    else:
        try:
            pipeline_services.application_move(
                actor=user,
                application=application,
                stage=form.cleaned_data["stage"],
                reason=form.reason(),
                expected_updated_at=version_parse(form.cleaned_data.get("updated_at")),
            )
        except StaleRecord as exc:
            error = stale_move_text(exc.current)  # type: ignore[arg-type]
        except (PipelineRefused, ValidationError) as exc:
            error = error_text(exc)
        else:
            if form.cleaned_data["stage"] == Stage.SUBMITTED:  # ownership disputes: who and when
                recent = submission_elsewhere_list(application)
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
    vacancy = get_object_for_user_or_404(user, vacancy_list(user=user), "change", pk=pk)
    visible = application_list(user=user, vacancy=vacancy)
    form = BulkRejectForm(request.POST, application_ids=list(visible.values_list("pk", flat=True)))
    error = ""
    if form.is_valid():
        chosen = visible.filter(pk__in=form.cleaned_data["applications"])
        count = application_bulk_reject(
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
    vacancy = vacancy_get(user=user, pk=pk)
    q = request.POST.get("q", "").strip()[:100]
    results: list[Candidate] = []
    if len(q) >= 2:
        term = Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(email__iexact=q)
        if parse_id(q) is not None:
            term |= Q(pk=parse_id(q))
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
    vacancy = get_object_for_user_or_404(user, vacancy_list(user=user), "change", pk=pk)
    candidate_id = parse_id(request.POST.get("candidate"))
    candidate = (
        Candidate.objects.live().visible_to(user).filter(pk=candidate_id).first()
        if candidate_id is not None
        else None
    )
    error = notice = ""
    if candidate is None:
        error = "Choose a candidate."
    else:
        try:
            application_create(actor=user, vacancy=vacancy, candidate=candidate)
            notice = "Added to the pipeline."
        except (PipelineRefused, ValidationError) as exc:
            error = error_text(exc)
    if request.htmx:  # type: ignore[attr-defined]
        return _render_board(request, vacancy, board_error=error, board_notice=notice)
    if error:
        messages.error(request, error)
    return redirect("vacancies:board", pk=vacancy.pk)
