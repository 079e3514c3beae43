"""Vacancy screens: list, page (with the reg 18 checklist and the advert check), forms, status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from clients.models import Client
from core.http import parse_id, request_user
from core.permissions import get_object_for_user_or_404
from core.versioning import StaleRecord
from core.widgets import pick_query, pick_response
from vacancies.filtersets import VacancyFilterSet
from vacancies.forms.vacancies import VacancyForm
from vacancies.models import Vacancy
from vacancies.models.vacancy import REG18_FIELDS, REG18_PERM_FIELDS, reg18_message
from vacancies.selectors import vacancies as vacancy_selectors
from vacancies.selectors.careers import vacancy_public_path, vacancy_publish_problems
from vacancies.selectors.inclusive_language import inclusive_language_analyse, inclusive_language_highlight
from vacancies.selectors.pipeline import placement_list
from vacancies.selectors.shortlists import shortlist_list
from vacancies.services import vacancies as vacancy_services
from vacancies.views.common import allowed, apply_errors, require_perm

PAGE_SIZE = 50


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    # The API's FilterSet: a value it cannot read is left out of the filtering, never a 500.
    filterset = VacancyFilterSet(
        request.GET,
        queryset=vacancy_selectors.vacancy_pipeline_counts_annotate(
            vacancy_selectors.vacancy_list(user=user)
        ),
    )
    filterset.is_valid()  # cleans the form: cleaned_data keeps the values that could be read
    filters = filterset.form.cleaned_data
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": filters.get("q") or "",
        "status": filters.get("status") or "",
        "employment_type": filters.get("employment_type") or "",
        "statuses": Vacancy.Status.choices,
        "employment_types": Vacancy.EmploymentType.choices,
        "can_add": user.is_admin or user.has_perm("vacancies.add_vacancy"),
    }
    template = "vacancies/_vacancy_rows.html" if request.htmx else "vacancies/index.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require_perm(user, "vacancies.add_vacancy")
    client = None
    client_id = parse_id(request.GET.get("client"))
    if client_id is not None:
        client = Client.objects.visible_to(user).filter(pk=client_id).first()
    form = VacancyForm(request.POST or None, user=user, client=client)
    if request.method == "POST" and form.is_valid():
        client = form.cleaned_data["client"]
        try:
            vacancy = vacancy_services.vacancy_create(actor=user, client=client, **form.vacancy_data())
        except vacancy_services.Reg18Incomplete as exc:
            form.add_reg18_errors(exc.missing)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Vacancy added.")
            return redirect("vacancies:detail", pk=vacancy.pk)
    return render(request, "vacancies/vacancy_form.html", {"form": form, "vacancy": None})


@login_required
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = vacancy_selectors.vacancy_get(user=user, pk=pk)
    missing = vacancy.reg18_missing_fields
    fields = REG18_FIELDS + (REG18_PERM_FIELDS if vacancy.is_perm else [])
    checklist = [{"field": f, "label": label, "done": f not in missing} for f, label in fields]
    shortlists = list(shortlist_list(user=user, vacancy=vacancy))
    context = {
        "vacancy": vacancy,
        "checklist": checklist,
        "missing": missing,
        "reg18_message": reg18_message(missing) if missing else "",
        "inclusive": vacancy_selectors.vacancy_inclusive_language(vacancy=vacancy),
        "highlighted_title": inclusive_language_highlight(vacancy.title),
        "highlighted_description": inclusive_language_highlight(vacancy.description),
        "can_change": allowed(user, vacancy, "change"),
        "shortlists": shortlists[:5],
        "shortlist_total": len(shortlists),
        "placements_section": {"placements": placement_list(user=user, vacancy=vacancy)[:20]},
        "check_wording": request.GET.get("check_wording") == "1",
        # The careers site: live there, or why not (vacancies.selectors.careers).
        "careers": {
            "problems": vacancy_publish_problems(vacancy),
            "url": vacancy_public_path(vacancy),
        },
        "next_statuses": [
            (s, Vacancy.Status(s).label)
            for s in sorted(vacancy_services.TRANSITIONS.get(vacancy.status, set()))
        ],
    }
    return render(request, "vacancies/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = get_object_for_user_or_404(user, vacancy_selectors.vacancy_list(user=user), "change", pk=pk)
    form = VacancyForm(request.POST or None, instance=vacancy, user=user)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.vacancy_edits()  # only what this person changed, at the version they read
        try:
            vacancy_services.vacancy_update(
                actor=user, vacancy=vacancy, expected_updated_at=form.read_version(), **data
            )
        except StaleRecord as exc:
            form, status = form.conflict_form(exc.current, user=user), 409
        except vacancy_services.Reg18Incomplete as exc:
            form.add_reg18_errors(exc.missing)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Vacancy saved.")
            return redirect("vacancies:detail", pk=vacancy.pk)
    context = {"form": form, "vacancy": vacancy}
    return render(request, "vacancies/vacancy_form.html", context, status=status)


@login_required
@require_POST
def vacancy_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = get_object_for_user_or_404(user, vacancy_selectors.vacancy_list(user=user), "change", pk=pk)
    status = request.POST.get("status", "")
    if status not in Vacancy.Status.values:
        messages.error(request, "Choose a status.")
        return redirect("vacancies:detail", pk=vacancy.pk)
    flagged = vacancy_selectors.vacancy_inclusive_language(vacancy=vacancy)["flagged_phrases"]
    # Reg 18 refuses first (the service says what is missing); then the wording is checked.
    ready = not vacancy.reg18_missing_fields
    if status == Vacancy.Status.OPEN and ready and flagged and not request.POST.get("wording_checked"):
        # The advert check runs before a vacancy opens: the recruiter sees the wording once more.
        quoted = ", ".join(f"“{p}”" for p in flagged)
        messages.warning(
            request, f"Check the advert before opening: {quoted} may put people off or exclude them."
        )
        return redirect(f"{reverse('vacancies:detail', args=[vacancy.pk])}?check_wording=1")
    try:
        vacancy_services.vacancy_set_status(actor=user, vacancy=vacancy, status=status)
    except vacancy_services.Reg18Incomplete as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Vacancy is now {Vacancy.Status(status).label.lower()}.")
    return redirect("vacancies:detail", pk=vacancy.pk)


@login_required
@require_POST
def vacancy_lookup(request: HttpRequest) -> JsonResponse:
    """The vacancy picker (core.widgets.RecordPicker): visible vacancies, JSON; POST like the others."""
    q = pick_query(request)
    found = vacancy_selectors.vacancy_pick_list(user=request_user(request), q=q) if q else []
    return pick_response(
        (v.pk, f"{v.title} ({v.client.name})", f"{v.get_status_display()} · #{v.pk}") for v in found
    )


@login_required
@require_POST
def language_check(request: HttpRequest) -> HttpResponse:
    """htmx: the advert check as the title and description are typed (the vacancy form's live hints)."""
    title = str(request.POST.get("title", ""))[:300]
    description = str(request.POST.get("description", ""))[:20_000]
    result = inclusive_language_analyse(f"{title}\n{description}")
    return render(request, "vacancies/_language_hints.html", {"inclusive": result})
