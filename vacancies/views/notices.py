"""The signed-in user's notices (shortlists to review, reviews done, client answers)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.http import request_user
from vacancies.selectors.notices import notice_list
from vacancies.services.notices import notice_mark_all_read


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    items = notice_list(user=user)
    notice_mark_all_read(user=user)
    return render(request, "vacancies/notices.html", {"items": items})
