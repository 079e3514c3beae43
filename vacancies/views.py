from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from core.views import section_placeholder


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return section_placeholder(
        request,
        title="Vacancies",
        lead="Vacancies, the pipeline, shortlists and placements.",
    )
