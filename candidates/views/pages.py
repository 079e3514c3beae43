from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from core.views import section_placeholder


@login_required
def candidate_list(request: HttpRequest) -> HttpResponse:
    return section_placeholder(request, title="Candidates", lead="Coming.")
