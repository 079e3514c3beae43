"""Vacancy screens: list, page (with the reg 18 checklist and the advert check), forms, status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clients.models import Client
from core.permissions import get_object_for_user_or_404
from vacancies import selectors, services
from vacancies.forms import VacancyForm
from vacancies.inclusive_language import highlight
from vacancies.models import Vacancy
from vacancies.pipeline_selectors import placement_list
from vacancies.reg18 import REG18_FIELDS, REG18_PERM_FIELDS, reg18_message, reg18_missing_for
from vacancies.views.common import allowed, apply_errors, request_user, require_perm

PAGE_SIZE = 50


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    q = request.GET.get("q", "")[:100]
    status = request.GET.get("status", "")
    status = status if status in Vacancy.Status.values else ""
    employment_type = request.GET.get("employment_type", "")
    employment_type = employment_type if employment_type in Vacancy.EmploymentType.values else ""
    vacancies = selectors.with_pipeline_counts(
        selectors.vacancy_list(user=user, q=q, status=status, employment_type=employment_type)
    )
    page = Paginator(vacancies, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "status": status,
        "employment_type": employment_type,
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
    if request.GET.get("client", "").isdigit():
        client = Client.objects.visible_to(user).filter(pk=int(request.GET["client"])).first()
    form = VacancyForm(request.POST or None, user=user, client=client)
    if request.method == "POST" and form.is_valid():
        client = form.cleaned_data["client"]
        try:
            vacancy = services.vacancy_create(actor=user, client=client, **form.vacancy_data())
        except services.Reg18Incomplete as exc:
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
    vacancy = selectors.vacancy_get(user=user, pk=pk)
    missing = reg18_missing_for(vacancy)
    fields = REG18_FIELDS + (REG18_PERM_FIELDS if vacancy.is_perm else [])
    checklist = [{"field": f, "label": label, "done": f not in missing} for f, label in fields]
    context = {
        "vacancy": vacancy,
        "checklist": checklist,
        "missing": missing,
        "reg18_message": reg18_message(missing) if missing else "",
        "inclusive": selectors.vacancy_inclusive_language(vacancy=vacancy),
        "highlighted_title": highlight(vacancy.title),
        "highlighted_description": highlight(vacancy.description),
        "can_change": allowed(user, vacancy, "change"),
        "placements_section": {"placements": placement_list(user=user, vacancy=vacancy)[:20]},
        "next_statuses": [
            (s, Vacancy.Status(s).label) for s in sorted(services.TRANSITIONS.get(vacancy.status, set()))
        ],
    }
    return render(request, "vacancies/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = get_object_for_user_or_404(user, selectors.vacancy_list(user=user), "change", pk=pk)
    form = VacancyForm(request.POST or None, instance=vacancy, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.vacancy_data()
        vacancy.refresh_from_db()  # the form wrote to the instance; the service compares and saves
        try:
            services.vacancy_update(actor=user, vacancy=vacancy, **data)
        except services.Reg18Incomplete as exc:
            form.add_reg18_errors(exc.missing)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Vacancy saved.")
            return redirect("vacancies:detail", pk=vacancy.pk)
    return render(request, "vacancies/vacancy_form.html", {"form": form, "vacancy": vacancy})


@login_required
@require_POST
def vacancy_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = get_object_for_user_or_404(user, selectors.vacancy_list(user=user), "change", pk=pk)
    status = request.POST.get("status", "")
    if status not in Vacancy.Status.values:
        messages.error(request, "Choose a status.")
        return redirect("vacancies:detail", pk=vacancy.pk)
    try:
        services.vacancy_set_status(actor=user, vacancy=vacancy, status=status)
    except services.Reg18Incomplete as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Vacancy is now {Vacancy.Status(status).label.lower()}.")
    return redirect("vacancies:detail", pk=vacancy.pk)
