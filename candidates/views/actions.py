"""Actions on candidates from the pages: uploads, consents, merge, bulk tag, saved searches, export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from candidates import services
from candidates.filtersets import CandidateFilterSet
from candidates.forms import (
    AvailabilityForm,
    BulkTagForm,
    ConsentForm,
    DocumentForm,
    PrivacyNoticeForm,
    SavedSearchForm,
)
from candidates.models import Candidate, Consent, SavedSearch
from candidates.models.fields import EXPORT_COLUMNS, MERGE_FIELDS
from candidates.selectors import candidate_get, candidate_merge_default_choices, saved_search_params
from candidates.views.pages import FILTER_NAMES, _detail_context
from core.exports import csv_streaming_response
from core.http import request_user, safe_next
from core.models import User
from core.permissions import check_action, get_object_for_user_or_404
from core.services import access_log_record


def _changeable(request: HttpRequest, pk: int, perm: str | None = None) -> Candidate:
    return get_object_for_user_or_404(
        request_user(request), Candidate.objects.live(), "change", perm=perm, pk=pk
    )


def _detail_with_errors(request: HttpRequest, pk: int, **forms: Any) -> HttpResponse:
    candidate = candidate_get(user=request_user(request), pk=pk)
    return render(request, "candidates/detail.html", _detail_context(request, candidate, **forms), status=400)


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_object_for_user_or_404(request_user(request), Candidate.objects.live(), pk=pk)
    check_action(request_user(request), candidate, "change", perm="candidates.add_document")
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.document_upload(
                actor=request_user(request),
                candidate=candidate,
                upload=upload,
                filename=upload.name,
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Document uploaded. Its text will be searchable in a moment.")
            return redirect(reverse("candidates:detail", args=[pk]) + "#documents")
    return _detail_with_errors(request, pk, document_form=form)


@login_required
@require_POST
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _changeable(request, pk, perm="candidates.add_consent")
    form = ConsentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_vacancy_check(actor=request_user(request), vacancy_id=data.get("vacancy"))
            services.consent_record(
                actor=request_user(request),
                candidate=candidate,
                purpose=data["purpose"],
                lawful_basis=data["lawful_basis"],
                method=data["method"],
                vacancy_id=data.get("vacancy"),
                wording_version=data.get("wording_version") or "",
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Consent recorded.")
            return redirect(reverse("candidates:detail", args=[pk]) + "#consents")
    return _detail_with_errors(request, pk, consent_form=form)


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    candidate = _changeable(request, pk, perm="candidates.change_consent")
    consent = get_object_for_user_or_404(
        request_user(request), Consent.objects.filter(candidate=candidate), pk=consent_pk
    )
    services.consent_withdraw(actor=request_user(request), consent=consent)
    messages.success(request, "Consent withdrawn. It no longer counts, from now.")
    return redirect(reverse("candidates:detail", args=[pk]) + "#consents")


@login_required
@require_POST
def confirm_availability(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _changeable(request, pk)
    form = AvailabilityForm(request.POST)
    if not form.is_valid():
        return _detail_with_errors(request, pk, availability_form=form)
    services.candidate_confirm_availability(
        actor=request_user(request), candidate=candidate, available_from=form.cleaned_data["available_from"]
    )
    messages.success(request, "Availability confirmed today.")
    return redirect("candidates:detail", pk=pk)


@login_required
@require_POST
def record_privacy_notice(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _changeable(request, pk)
    form = PrivacyNoticeForm(request.POST)
    if not form.is_valid():
        return _detail_with_errors(request, pk, notice_form=form)
    services.candidate_record_privacy_notice(
        actor=request_user(request), candidate=candidate, sent_on=form.cleaned_data["sent_on"]
    )
    messages.success(request, "Privacy notice recorded.")
    return redirect("candidates:detail", pk=pk)


@login_required
@require_POST
def bulk_tag(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = BulkTagForm(request.POST)
    back = safe_next(request, reverse("candidates:index"))
    if not form.is_valid() or not form.cleaned_data["ids"]:
        messages.error(request, "Choose at least one candidate and enter a tag.")
        return redirect(back)
    candidates = Candidate.objects.live().visible_to(user, "change").filter(pk__in=form.cleaned_data["ids"])
    allowed = []
    for candidate in candidates:
        try:
            check_action(user, candidate, "change")
        except PermissionDenied:
            continue
        allowed.append(candidate)
    count = services.candidate_bulk_tag(actor=user, candidates=allowed, tag=form.cleaned_data["tag"])
    messages.success(request, f"Tagged {count} candidate{'s' if count != 1 else ''}.")
    return redirect(back)


@login_required
@require_POST
def saved_search_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = SavedSearchForm(request.POST)
    params = QueryDict(request.POST.get("query_string", ""))
    if not form.is_valid():
        messages.error(request, "Give the search a name.")
        return redirect(reverse("candidates:index") + "?" + params.urlencode())
    filters = {name: params.get(name) for name in FILTER_NAMES if params.get(name)}
    SavedSearch.objects.update_or_create(
        user=user,
        name=form.cleaned_data["name"],
        defaults={"query": (params.get("q") or "")[:500], "filters": filters},
    )
    messages.success(request, "Search saved.")
    return redirect(reverse("candidates:index") + "?" + params.urlencode())


@login_required
def saved_search_run(request: HttpRequest, search_pk: int) -> HttpResponse:
    search = get_object_for_user_or_404(request_user(request), SavedSearch, pk=search_pk)
    params = saved_search_params(search)
    return redirect(reverse("candidates:index") + "?" + params.urlencode())


@login_required
@require_POST
def saved_search_delete(request: HttpRequest, search_pk: int) -> HttpResponse:
    search = get_object_for_user_or_404(request_user(request), SavedSearch, pk=search_pk)
    search.delete()
    messages.success(request, "Saved search removed.")
    return redirect("candidates:index")


@login_required
def export_csv(request: HttpRequest) -> HttpResponseBase:
    """The filtered list as CSV, for users with the export permission; logged every time."""
    user = request_user(request)
    if not (user.has_perm("candidates.export_candidate") or user.is_admin):
        raise PermissionDenied("You may not export candidates.")
    from candidates.selectors import candidate_export_queryset

    # rank_pool=None: an export has every match, not the first 1,000 a results page ranks.
    filterset = CandidateFilterSet(request.GET, queryset=candidate_export_queryset(user=user), rank_pool=None)
    if not filterset.is_valid():
        messages.error(request, "Fix the search before exporting.")
        return redirect("candidates:index")
    queryset = filterset.qs
    count = queryset.count()
    access_log_record(
        user=user,
        action="export",
        object_type="candidates.candidate",
        details={"rows": count, "filters": sorted(k for k in request.GET if k in ("q", *FILTER_NAMES))},
    )

    rows = (
        [_export_value(candidate, column) for column in EXPORT_COLUMNS]
        for candidate in queryset.iterator(chunk_size=500)
    )
    # core.exports neutralises formula-like cells (CSV injection) and sets the download headers.
    return csv_streaming_response(filename="candidates.csv", header=EXPORT_COLUMNS, rows=rows)


def _export_value(candidate: Candidate, column: str) -> str:
    if column == "skills":
        return "; ".join(link.skill.name for link in candidate.skill_links.all())
    if column in ("tags", "employment_types"):
        return "; ".join(getattr(candidate, column))
    if column == "owner":
        return candidate.owner.username
    value = getattr(candidate, column)
    return "" if value is None else str(value)


@login_required
def merge_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    survivor = _changeable(request, pk)
    duplicate_id = request.POST.get("duplicate") or request.GET.get("duplicate") or ""
    duplicate = get_object_for_user_or_404(user, Candidate.objects.live(), "change", pk=duplicate_id)
    if request.method == "POST":
        choices = {
            name: request.POST[f"pick_{name}"] for name in MERGE_FIELDS if f"pick_{name}" in request.POST
        }
        try:
            merged = services.candidate_merge(
                actor=user, survivor=survivor, duplicate=duplicate, choices=choices
            )
        except services.DuplicateCandidate:
            messages.error(request, "The chosen email belongs to another live candidate.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Merged record #{duplicate.pk} into this one.")
            return redirect("candidates:detail", pk=merged.pk)
    defaults = candidate_merge_default_choices(survivor, duplicate)
    rows = [
        {
            "name": name,
            "label": str(getattr(Candidate._meta.get_field(name), "verbose_name", name)),
            "survivor": _display(survivor, name),
            "duplicate": _display(duplicate, name),
            "pick": defaults[name],
            "differs": getattr(survivor, name) != getattr(duplicate, name),
        }
        for name in MERGE_FIELDS
    ]
    return render(
        request, "candidates/merge.html", {"survivor": survivor, "duplicate": duplicate, "rows": rows}
    )


def _display(candidate: Candidate, name: str) -> str:
    if name == "owner":
        owner: User = candidate.owner
        return owner.display_name
    display = getattr(candidate, f"get_{name}_display", None)
    value = display() if display else getattr(candidate, name)
    return "" if value is None else str(value)
