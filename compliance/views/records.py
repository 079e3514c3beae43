"""Recording checks from the browser: thin views around the services (field errors on the form)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from compliance import services
from compliance.forms import (
    DBSForm,
    DBSStatusForm,
    EmploymentEndForm,
    GapExplanationForm,
    HoldsForm,
    IdentityCheckForm,
    ReferenceForm,
    RightToWorkForm,
    VettingNoteForm,
)
from compliance.models import DBSCheck, RightToWorkCheck
from compliance.querysets import can_record
from compliance.requirements import RequirementsInvalid, requirements_resolve, vacancy_choices
from compliance.selectors.records import rtw_warning_list
from compliance.services.identity import VERIFIABLE
from compliance.views.pages import candidate_for
from core.http import parse_id, request_user, safe_next
from core.permissions import get_object_for_user_or_404


def _require_record(user: Any, candidate: Any, perm: str) -> None:
    if not can_record(user, candidate, perm):
        raise PermissionDenied("You may not record this check for this candidate.")


def apply_errors(form: Any, exc: ValidationError) -> None:
    aliases = {"list": "document_list", "supersedes": None, "non_field_errors": None, "vacancy": "vacancy"}
    for name, errors in exc.message_dict.items():
        target = aliases.get(name, name)
        form.add_error(target if target in form.fields else None, errors)


def _back(candidate_pk: int, request: HttpRequest) -> str:
    # Only our own pages: never an open redirect.
    return safe_next(request, reverse("compliance:candidate", args=[candidate_pk]))


def _form_page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.setdefault("next", request.POST.get("next") or request.GET.get("next") or "")
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def rtw_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    candidate = candidate_for(request, pk)
    _require_record(user, candidate, "compliance.add_righttoworkcheck")
    holds = request.POST.get("holds") or request.GET.get("holds") or ""
    if holds not in RightToWorkCheck.Holds.values:
        # Step 1: what the candidate holds decides the routes offered.
        holds_form = HoldsForm(request.GET) if "holds" in request.GET else HoldsForm()
        return _form_page(request, "compliance/rtw_holds.html", {"candidate": candidate, "form": holds_form})
    holds_label = RightToWorkCheck.Holds(holds).label
    if request.method == "POST":
        form = RightToWorkForm(request.POST, request.FILES, holds=holds)
        if form.is_valid():
            data = dict(form.cleaned_data)
            evidence = data.pop("evidence", None)
            try:
                check = services.rtw_check_record(
                    actor=user,
                    candidate=candidate,
                    holds=holds,
                    evidence=evidence,
                    evidence_filename=getattr(evidence, "name", "") or "",
                    **{key: value if value is not None else _blank(key) for key, value in data.items()},
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, "Right-to-work check recorded.")
                for warning in rtw_warning_list(check):
                    messages.warning(request, warning)
                return redirect(_back(candidate.pk, request))
        status = 400
    else:
        form = RightToWorkForm(holds=holds)
        status = 200
    context = {"candidate": candidate, "form": form, "holds": holds, "holds_label": holds_label}
    return _form_page(request, "compliance/rtw_form.html", context, status)


def _blank(key: str) -> Any:
    return "" if key in ("share_code", "document_type") else None


@login_required
@require_http_methods(["GET", "POST"])
def dbs_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    candidate = candidate_for(request, pk)
    _require_record(user, candidate, "compliance.add_dbscheck")
    vacancies = vacancy_choices(user=user, candidate_id=candidate.pk)
    form = DBSForm(request.POST or None, vacancies=vacancies)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = dict(form.cleaned_data)
        vacancy_id = data.pop("vacancy")
        try:
            requirements = requirements_resolve(user=user, vacancy_id=vacancy_id) if vacancy_id else None
        except RequirementsInvalid:
            requirements = None
        values: dict[str, Any] = {
            key: value if value is not None or key.endswith("_on") else "" for key, value in data.items()
        }
        try:
            services.dbs_check_record(
                actor=user,
                candidate=candidate,
                requirements=requirements,
                **values,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "DBS check recorded.")
            return redirect(_back(candidate.pk, request))
    status = 400 if request.method == "POST" else 200
    return _form_page(
        request, "compliance/record_form.html", _ctx(candidate, form, "Record a DBS check"), status
    )


def _ctx(candidate: Any, form: Any, title: str, **extra: Any) -> dict[str, Any]:
    return {"candidate": candidate, "form": form, "title": title, **extra}


@login_required
@require_http_methods(["GET", "POST"])
def dbs_status_new(request: HttpRequest, pk: int, dbs_pk: int) -> HttpResponse:
    user = request_user(request)
    candidate = candidate_for(request, pk)
    check = get_object_for_user_or_404(user, DBSCheck.objects.filter(candidate=candidate), pk=dbs_pk)
    _require_record(user, candidate, "compliance.add_dbsstatuscheck")
    form = DBSStatusForm(request.POST or None, initial={"workforce": check.workforce})
    if request.method == "POST" and form.is_valid():
        try:
            services.dbs_status_check_record(actor=user, dbs_check=check, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Update Service status check recorded.")
            return redirect(_back(candidate.pk, request))
    status = 400 if request.method == "POST" else 200
    title = "Record an Update Service status check"
    return _form_page(request, "compliance/record_form.html", _ctx(candidate, form, title), status)


@login_required
@require_http_methods(["GET", "POST"])
def reference_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    candidate = candidate_for(request, pk)
    _require_record(user, candidate, "compliance.add_referencecheck")
    form = ReferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = {
            key: ("" if value is None and key == "referee_email" else value)
            for key, value in form.cleaned_data.items()
        }
        try:
            services.reference_check_record(actor=user, candidate=candidate, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Reference recorded.")
            return redirect(_back(candidate.pk, request))
    status = 400 if request.method == "POST" else 200
    return _form_page(
        request, "compliance/record_form.html", _ctx(candidate, form, "Record a reference"), status
    )


@login_required
@require_POST
def gap_explain(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    candidate = candidate_for(request, pk)
    _require_record(user, candidate, "compliance.add_gapexplanation")
    prefix = request.POST.get("prefix", "")
    if not prefix.startswith("gap-") or parse_id(prefix[4:]) is None:
        raise Http404
    form = GapExplanationForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            services.gap_explanation_record(actor=user, candidate=candidate, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Gap explained.")
    else:
        messages.error(request, "Write what the candidate was doing during the gap.")
    return redirect(_back(candidate.pk, request))


def _record_page(
    request: HttpRequest, pk: int, *, perm: str, form_class: Any, record: Any, done: str, title: str
) -> HttpResponse:
    """A one-form record page (reg 22 note, identity check): the form, the service, back on success."""
    user = request_user(request)
    candidate = candidate_for(request, pk)
    _require_record(user, candidate, perm)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record(actor=user, candidate=candidate, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(_back(candidate.pk, request))
    status = 400 if request.method == "POST" else 200
    return _form_page(request, "compliance/record_form.html", _ctx(candidate, form, title), status)


@login_required
@require_http_methods(["GET", "POST"])
def note_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_page(
        request,
        pk,
        perm="compliance.add_vettingnote",
        form_class=VettingNoteForm,
        record=services.vetting_note_record,
        done="Reg 22 note recorded.",
        title="Record the steps taken (Conduct Regs reg 22)",
    )


@login_required
@require_POST
def employment_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    candidate = candidate_for(request, pk)
    _require_record(user, candidate, "compliance.add_employmentend")
    form = EmploymentEndForm(request.POST)
    if form.is_valid() and form.cleaned_data["ended_on"] <= timezone.localdate():
        services.employment_end_record(
            actor=user, candidate=candidate, ended_on=form.cleaned_data["ended_on"]
        )
        messages.success(request, "End of employment recorded.")
    else:
        messages.error(request, "Give the date the employment ended (not in the future).")
    return redirect(_back(candidate.pk, request))


@login_required
@require_http_methods(["GET", "POST"])
def identity_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Conduct Regs reg 19(a): record how the candidate's identity was confirmed."""
    return _record_page(
        request,
        pk,
        perm="compliance.add_identitycheck",
        form_class=IdentityCheckForm,
        record=services.identity_check_record,
        done="Identity check recorded.",
        title="Record an identity check (Conduct Regs reg 19)",
    )


@login_required
@require_POST
def check_verify(request: HttpRequest, pk: int, kind: str, check_pk: int) -> HttpResponse:
    """Four eyes: a compliance officer verifies a check someone else recorded."""
    user = request_user(request)
    candidate = candidate_for(request, pk)
    model = VERIFIABLE.get(kind)
    if model is None:
        raise Http404
    check = get_object_for_user_or_404(user, model.objects.filter(candidate=candidate), pk=check_pk)
    try:
        services.check_verify(actor=user, check=check)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Check verified.")
    return redirect(_back(candidate.pk, request))
