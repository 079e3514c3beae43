"""The careers site (API.md "The public face"): the jobs list, a job with its Apply form, the
application itself, the thank-you page and the aggregators' XML feed. No account; nothing here
shows personal data, and applying puts none in a URL.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from core.ratelimits import over_limit, too_many_requests
from core.selectors import agency_get, privacy_notice_current
from portal.forms import CHOOSE_AGAIN, ApplyForm, JobSearchForm
from portal.selectors.jobs import job_posting_data, job_slug, jobs_feed_xml, json_ld, public_job
from portal.services.applications import AlreadyApplied, CareersApplication, careers_application_submit
from portal.views.base import render_public
from vacancies.models import Vacancy
from vacancies.selectors.careers import vacancy_public_get, vacancy_public_list

PAGE_SIZE = 20


def apply_form_errors(form: ApplyForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


FEED_LIMIT = 1000


@require_GET
def jobs(request: HttpRequest) -> HttpResponse:
    form = JobSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = vacancy_public_list(
        q=filters.get("q", ""),
        location=filters.get("location", ""),
        employment_type=filters.get("employment_type", ""),
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "jobs": [public_job(v) for v in page.object_list],
        "searched": any(filters.get(k) for k in ("q", "location", "employment_type")),
        "query": query.urlencode(),
    }
    return render_public(request, "portal/jobs.html", context, section="jobs")


def _published(pk: int) -> Vacancy:
    try:
        return vacancy_public_get(pk=pk)
    except Vacancy.DoesNotExist:
        raise Http404("No such job.") from None


def _job_page(request: HttpRequest, vacancy: Vacancy, form: ApplyForm, *, status: int = 200) -> HttpResponse:
    agency = agency_get()
    job = public_job(vacancy)
    context = {
        "job": job,
        "form": form,
        "json_ld": json_ld(job_posting_data(job, agency=agency)),
        "notice": privacy_notice_current(),
    }
    return render_public(request, "portal/job.html", context, section="jobs", status=status)


@require_GET
def job(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    vacancy = _published(pk)
    if slug != job_slug(vacancy):
        return redirect("portal:job", pk=vacancy.pk, slug=job_slug(vacancy), permanent=True)
    form = ApplyForm(notice_version=privacy_notice_current().version)
    return _job_page(request, vacancy, form)


def _over_apply_limits(request: HttpRequest) -> bool:
    from django.conf import settings

    minute = over_limit(request, group="careers-apply", rate=settings.RATE_LIMIT_CAREERS_APPLY)
    day = over_limit(request, group="careers-apply-day", rate=settings.RATE_LIMIT_CAREERS_APPLY_DAY)
    return minute or day


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = _published(pk)
    if request.method == "GET":  # the form lives on the job page
        return redirect("portal:job", pk=vacancy.pk, slug=job_slug(vacancy))
    if _over_apply_limits(request):
        return too_many_requests(request)
    notice = privacy_notice_current()
    form = ApplyForm(request.POST, request.FILES, notice_version=notice.version)
    if form.is_spam:
        # A bot filled the hidden field: it sees the usual thank-you, and nothing is saved.
        return redirect("portal:job-applied", pk=vacancy.pk)
    if not form.is_valid():
        response = _job_page(request, vacancy, form)
        add_never_cache_headers(response)
        return response
    data = form.cleaned_data
    details = CareersApplication(
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=data["email"],
        phone=data["phone"],
        right_to_work=data["right_to_work"],
        needs_adjustments=data["needs_adjustments"],
        talent_pool=data["talent_pool"],
        cv_name=getattr(data["cv"], "name", "cv"),
        cv_data=form.cv_data,
    )
    try:
        careers_application_submit(vacancy=vacancy, notice=notice, details=details)
    except ValidationError as exc:  # a rule the form could not see (the record's own checks)
        apply_form_errors(form, exc)
        form.add_error("cv", CHOOSE_AGAIN)
        response = _job_page(request, vacancy, form)
        add_never_cache_headers(response)
        return response
    except AlreadyApplied:
        response = render_public(
            request, "portal/applied.html", {"job": public_job(vacancy), "already": True}, section="jobs"
        )
        add_never_cache_headers(response)
        return response
    return redirect("portal:job-applied", pk=vacancy.pk)


@require_GET
def applied(request: HttpRequest, pk: int) -> HttpResponse:
    """Thank you, and what happens next. The URL names the job only, never the person."""
    vacancy = Vacancy.objects.select_related("client").filter(pk=pk, is_published=True).first()
    if vacancy is None or vacancy.closes_on is None:
        raise Http404("No such job.")
    return render_public(request, "portal/applied.html", {"job": public_job(vacancy)}, section="jobs")


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    """GET /jobs/feed.xml: every published job for job aggregators (newest first)."""
    found = [public_job(v) for v in vacancy_public_list()[:FEED_LIMIT]]
    response = HttpResponse(
        jobs_feed_xml(found, agency=agency_get()), content_type="application/xml; charset=utf-8"
    )
    patch_cache_control(response, public=True, max_age=900)
    return response
