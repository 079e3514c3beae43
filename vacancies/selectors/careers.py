"""Reads for the careers site: which vacancies the public may see, and why one may not be published.

A vacancy is on the careers site when a recruiter has marked it for publishing AND it is open, its
Conduct Regs reg 18 information is complete and its closing date has not passed. Publishing is
refused up front while any of that is untrue (`vacancy_publish_problems`, the service's gate), and
the public queries check it again in SQL, so a vacancy that is later put on hold, closed or passes
its closing date simply drops off the site.
"""

from __future__ import annotations

import datetime
import re

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from vacancies.models import Vacancy
from vacancies.models.vacancy import REG18_FIELDS, REG18_PERM_FIELDS, reg18_message
from vacancies.selectors.places import location_areas

_TEXT = r"\S"  # a text field counts as written when it has something other than spaces


def _written(field: str) -> Q:
    internal = Vacancy._meta.get_field(field).get_internal_type()
    if internal in ("CharField", "TextField"):
        return Q(**{f"{field}__regex": _TEXT})
    return Q(**{f"{field}__isnull": False})


def reg18_complete_q() -> Q:
    """Conduct Regs reg 18 complete, in SQL: the same rule as `vacancy.reg18_missing_fields`
    (vacancies.models.vacancy.reg18_missing), which a test holds them to."""
    q = Q()
    for field, _ in REG18_FIELDS:
        if field == "postcode":
            q &= Q(remote=Vacancy.Remote.REMOTE) | _written("postcode")
        else:
            q &= _written(field)
    perm = Q()
    for field, _ in REG18_PERM_FIELDS:
        if field == "salary_min":
            perm &= Q(salary_min__isnull=False) | Q(salary_max__isnull=False)
        else:
            perm &= _written(field)
    return q & (~Q(employment_type=Vacancy.EmploymentType.PERM) | perm)


def vacancy_publish_problems(vacancy: Vacancy, *, today: datetime.date | None = None) -> list[str]:
    """Why this vacancy cannot be on the careers site, in words for the recruiter ([] when it can)."""
    today = today or timezone.localdate()
    problems = []
    if vacancy.status != Vacancy.Status.OPEN:
        problems.append(
            f"The vacancy is {vacancy.get_status_display().lower()}: only an open vacancy is published."
        )
    missing = vacancy.reg18_missing_fields
    if missing:
        problems.append(reg18_message(missing).replace("before opening this vacancy", "before publishing"))
    if not (vacancy.advert or "").strip():
        problems.append("Write the advert: the text candidates read on the careers site.")
    if vacancy.closes_on is None:
        problems.append("Give a closing date.")
    elif vacancy.closes_on < today:
        problems.append("The closing date has passed: give a date from today on.")
    return problems


def vacancy_public_queryset(*, today: datetime.date | None = None) -> QuerySet[Vacancy]:
    """Every vacancy the public may see now (with its client, to name it or not)."""
    today = today or timezone.localdate()
    return (
        Vacancy.objects.filter(is_published=True, status=Vacancy.Status.OPEN, closes_on__gte=today)
        .filter(reg18_complete_q())
        .exclude(advert__regex=r"^\s*$")
        .select_related("client")
    )


def vacancy_public_list(
    *, q: str = "", location: str = "", employment_type: str = "", today: datetime.date | None = None
) -> QuerySet[Vacancy]:
    """The careers site's list: keyword in the title or advert (every word), location as a town,
    postcode area or district (or "remote"), and employment type; newest first."""
    jobs = vacancy_public_queryset(today=today)
    for word in re.findall(r"\w[\w+#.-]*", q)[:10]:
        jobs = jobs.filter(Q(title__icontains=word) | Q(advert__icontains=word))
    location = " ".join(location.split())[:60]
    if location:
        if location.casefold() in ("remote", "home", "work from home"):
            jobs = jobs.filter(remote__in=[Vacancy.Remote.REMOTE, Vacancy.Remote.HYBRID])
        else:
            district, areas = location_areas(location)
            if district:
                jobs = jobs.filter(postcode__iregex=rf"^{re.escape(district)}(\s|$)")
            elif areas:
                jobs = jobs.filter(postcode__iregex=r"^(" + "|".join(areas) + r")\d")
            else:
                jobs = jobs.none()
    if employment_type in Vacancy.EmploymentType.values:
        jobs = jobs.filter(employment_type=employment_type)
    return jobs.order_by("-opened_at", "-pk")


def vacancy_public_get(*, pk: int, today: datetime.date | None = None) -> Vacancy:
    """One published job, or Vacancy.DoesNotExist (a 404: unpublished looks like never existed)."""
    return vacancy_public_queryset(today=today).get(pk=pk)


def job_slug(vacancy: Vacancy) -> str:
    """The words in a job's public address (/jobs/<id>/<slug>/), from its title."""
    slug = slugify(vacancy.title)[:80] or "job"
    # Never a word the job's own routes use (/jobs/<id>/apply/, /jobs/<id>/applied/).
    return f"{slug}-job" if slug in ("apply", "applied") else slug


def vacancy_public_path(vacancy: Vacancy) -> str:
    """The job's page on the careers site (the portal app's route, named as a string: floor 6)."""
    return reverse("portal:job", args=[vacancy.pk, job_slug(vacancy)])
