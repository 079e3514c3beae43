"""Candidate pages: list (search, filters, saved searches, bulk tag), detail, create, edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from candidates import privacy_seam, services
from candidates.filtersets import ORDERING_LABELS, CandidateFilterSet
from candidates.forms import (
    AvailabilityForm,
    CandidateForm,
    ConsentForm,
    DocumentForm,
    PrivacyNoticeForm,
    QualificationFormSet,
    WorkHistoryFormSet,
    candidate_rows,
    formset_rows,
    row_formset,
)
from candidates.models import Candidate, SavedSearch
from candidates.normalise import format_phone, normalise_phone, normalise_postcode
from candidates.selectors import (
    candidate_attention_list,
    candidate_duplicate_list,
    candidate_email_duplicate_get,
    candidate_get,
    candidate_list_queryset,
    candidate_near_duplicate_list,
    duplicate_reference,
)
from candidates.services import results_cache
from candidates.views.pagination import CappedPaginator
from core.http import parse_id, request_user
from core.models import User
from core.permissions import check_action, get_object_for_user_or_404
from core.versioning import StaleRecord

PAGE_SIZE = 50
FILTER_NAMES = (
    "skills",
    "postcode_area",
    "available_before",
    "employment_type",
    "right_to_work",
    "tag",
    "source",
    "status",
    "owner",
    "ordering",
)


@login_required
def candidate_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not (user.has_perm("candidates.view_candidate") or user.is_admin):
        raise PermissionDenied
    # The whole page, when this session asked for exactly this since the last write (the
    # generation is read before anything on the page is).
    # Read once: the page's key and its results' key carry the same generation. None: no cache.
    generation = results_cache.results_generation_get() if results_cache.results_cache_seconds() else None
    page_key = (
        results_cache.results_page_cache_key(request, generation=generation)
        if generation is not None
        else None
    )
    page_html = results_cache.results_cache_get(page_key) if page_key else None
    if page_html is not None:
        return HttpResponse(page_html)
    response, valid = _candidate_list_page(request, user, generation)
    # An invalid search shows its errors and is never cached (like its results, below).
    if page_key is not None and valid and response.status_code == 200:
        results_cache.results_cache_set(page_key, response.content.decode())
    return response


def _candidate_list_page(
    request: HttpRequest, user: User, generation: int | None
) -> tuple[HttpResponse, bool]:
    # Validated without a queryset: the candidates are read only when the results are not cached.
    filterset = CandidateFilterSet(request.GET, queryset=Candidate.objects.none())
    valid = filterset.is_valid()
    query_string = request.GET.copy()
    query_string.pop("page", None)
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "searching": valid and bool(filterset.form.cleaned_data.get("q")),
        "query_string": query_string.urlencode(),
        "has_filters": any(request.GET.get(name) for name in ("q", *FILTER_NAMES)),
    }
    # An invalid search shows its errors (never cached) and no results.
    context["results"] = _results(request, filterset, context, generation) if valid else None
    context.update(
        saved_searches=list(SavedSearch.objects.visible_to(user)),
        orderings=ORDERING_LABELS,
        owners=User.objects.visible_to(user).filter(is_active=True).order_by("first_name", "username"),
        can_export=user.has_perm("candidates.export_candidate") or user.is_admin,
        can_add=user.has_perm("candidates.add_candidate") or user.is_admin,
    )
    template = "candidates/_results.html" if request.htmx else "candidates/list.html"  # type: ignore[attr-defined]
    return render(request, template, context), valid


def _results(
    request: HttpRequest, filterset: CandidateFilterSet, context: dict[str, Any], generation: int | None
) -> dict[str, str]:
    """The rendered results (count heading, rows, pagination, empty state), from the cache when
    this user ran this exact query string since the last write (candidates/services/results_cache.py).
    `generation` was read before any candidate query (None: no cache)."""
    user = request_user(request)
    key = None
    if generation is not None:
        key = results_cache.results_cache_key(generation=generation, user_id=user.pk, params=request.GET)
        cached = results_cache.results_cache_get(key)
        if cached is not None:
            return {name: mark_safe(html) for name, html in cached.items()}  # noqa: S308 - our own render
    filterset.queryset = candidate_list_queryset(user=user)
    # Capped: never an unbounded COUNT(*) or a deep OFFSET over a million candidates (issue 10).
    page = CappedPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # Rendered without the request: no context processor, so no CSRF token or session data can
    # get into what is cached.
    fragment = {
        "page": page,
        "searching": context["searching"],
        "query_string": context["query_string"],
        "has_filters": context["has_filters"],
    }
    rendered: dict[str, str] = {
        "heading": render_to_string("candidates/_results_count.html", fragment),
        "rows": render_to_string("candidates/_results_rows.html", fragment),
    }
    if key is not None:
        results_cache.results_cache_set(key, {name: str(html) for name, html in rendered.items()})
    return rendered


@login_required
def candidate_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    candidate = candidate_get(user=user, pk=pk)
    if candidate.merged_into_id:
        messages.info(request, "That record was merged into this one.")
        return redirect("candidates:detail", pk=candidate.merged_into_id)
    return render(request, "candidates/detail.html", _detail_context(request, candidate))


def _detail_context(request: HttpRequest, candidate: Candidate, **extra: Any) -> dict[str, Any]:
    user = request_user(request)
    can_change = True
    try:
        check_action(user, candidate, "change")
    except PermissionDenied:
        can_change = False
    context = {
        "candidate": candidate,
        "phone_display": format_phone(candidate.phone),
        "skills": [link.skill.name for link in candidate.skill_links.all()],
        "duplicates": candidate_duplicate_list(user=user, candidate=candidate),
        "can_change": can_change,
        "document_form": DocumentForm(),
        "consent_form": ConsentForm(),
        "availability_form": AvailabilityForm(initial={"available_from": candidate.available_from}),
        "notice_form": PrivacyNoticeForm(),
        "can_record_diversity": user.has_perm("candidates.add_diversityrecord") or user.is_admin,
        "record_notices": privacy_seam.record_notice_list(candidate=candidate, user=user),
    }
    context.update(extra)
    return context


def _candidate_form_page(request: HttpRequest, candidate: Candidate | None) -> HttpResponse:
    user = request_user(request)
    if request.method == "POST":
        form = CandidateForm(request.POST, instance=candidate or Candidate())
        history = WorkHistoryFormSet(request.POST, prefix="history")
        quals = QualificationFormSet(request.POST, prefix="quals")
        if form.is_valid() and history.is_valid() and quals.is_valid():
            fields = form.service_fields()
            kwargs = {
                "skills": fields.pop("skills"),
                "work_history": formset_rows(history, "employer"),
                "qualifications": formset_rows(quals, "name"),
            }
            try:
                with transaction.atomic():
                    if candidate is None:
                        reason = form.cleaned_data.get("suppression_reason") or ""
                        saved = services.candidate_create(
                            actor=user, suppression_reason=reason, **fields, **kwargs
                        )
                    else:  # only what this person changed, at the version they read
                        rows = {
                            "work_history": kwargs["work_history"],
                            "qualifications": kwargs["qualifications"],
                        }
                        saved = services.candidate_update(
                            actor=user,
                            candidate=candidate,
                            expected_updated_at=form.read_version(),
                            **form.edits(rows),
                        )
            except StaleRecord as exc:
                return _render_conflict(request, form, history, quals, exc.current)  # type: ignore[arg-type]
            except services.DuplicateCandidate as exc:
                form.add_error("email", "A candidate with this email address already exists.")
                ref = duplicate_reference(user=user, existing_id=exc.existing_id)
                return _render_form(
                    request,
                    candidate,
                    form,
                    history,
                    quals,
                    status=400,
                    duplicate_of=ref["existing"],
                    duplicate_elsewhere=ref["held_by_another_team"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, "Candidate saved.")
                return redirect("candidates:detail", pk=saved.pk)
        return _render_form(request, candidate, form, history, quals, status=400)
    form = CandidateForm(instance=candidate or Candidate())
    history = row_formset(WorkHistoryFormSet, prefix="history", initial=_rows(candidate, "work_history"))
    quals = row_formset(QualificationFormSet, prefix="quals", initial=_rows(candidate, "qualifications"))
    return _render_form(request, candidate, form, history, quals)


def _rows(candidate: Candidate | None, relation: str) -> list[dict[str, Any]]:
    return candidate_rows(candidate, relation)


def _render_conflict(
    request: HttpRequest, form: CandidateForm, history: Any, quals: Any, current: Candidate
) -> HttpResponse:
    """A stale save (core.versioning): the record as it is now, with this person's changes kept."""
    fresh = form.conflict_form(current)
    posted = {
        "work_history": formset_rows(history, "employer"),
        "qualifications": formset_rows(quals, "name"),
    }
    sets: dict[str, Any] = {}
    choices: dict[str, tuple[Any, str, Any]] = {
        "work_history": (WorkHistoryFormSet, "history", history),
        "qualifications": (QualificationFormSet, "quals", quals),
    }
    for relation, (formset_class, prefix, bound) in choices.items():
        mine = form.rows_changed(relation, posted[relation])
        sets[relation] = bound if mine else formset_class(prefix=prefix, initial=_rows(current, relation))
    return _render_form(request, current, fresh, sets["work_history"], sets["qualifications"], status=409)


def _add_errors(form: CandidateForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _render_form(
    request: HttpRequest,
    candidate: Candidate | None,
    form: Any,
    history: Any,
    quals: Any,
    *,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = {"form": form, "history": history, "quals": quals, "candidate": candidate, **extra}
    return render(request, "candidates/form.html", context, status=status)


@login_required
def candidate_create_page(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not (user.has_perm("candidates.add_candidate") or user.is_admin) or user.team_id is None:
        raise PermissionDenied("You may not add candidates.")
    return _candidate_form_page(request, None)


@login_required
def candidate_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_object_for_user_or_404(
        request_user(request),
        Candidate.objects.live().prefetch_related("skill_links__skill"),
        "change",
        pk=pk,
    )
    return _candidate_form_page(request, candidate)


@login_required
@require_POST
def duplicate_check(request: HttpRequest) -> HttpResponse:
    """htmx: the create form's warning, shown before anything is saved.

    POST, not GET: names, emails and phones must never end up in URLs (and so in access logs).
    """
    user = request_user(request)
    email = (request.POST.get("email") or "").strip()
    try:
        phone = normalise_phone(request.POST.get("phone") or "")
    except ValidationError:
        phone = ""
    try:
        postcode = normalise_postcode(request.POST.get("postcode") or "")
    except ValidationError:
        postcode = ""
    exclude = request.POST.get("candidate")
    exclude_id = parse_id(exclude)
    exact = candidate_email_duplicate_get(email, exclude_id=exclude_id) if "@" in email else None
    near = candidate_near_duplicate_list(
        user=user,
        phone=phone,
        first_name=request.POST.get("first_name") or "",
        last_name=request.POST.get("last_name") or "",
        postcode=postcode,
        exclude_id=exclude_id,
    )
    near_list = [c for c in near if c.pk != exclude_id and (exact is None or c.pk != exact.pk)]
    exact_visible = exact is not None and Candidate.objects.visible_to(user).filter(pk=exact.pk).exists()
    return render(
        request,
        "candidates/_duplicate_warning.html",
        {"exact": exact, "exact_visible": exact_visible, "near": near_list},
    )


@login_required
def attention_page(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    rows = list(candidate_attention_list(user=user)[:200])
    return render(request, "candidates/attention.html", {"rows": rows})
