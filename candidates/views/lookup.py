"""The candidate picker's lookup (core.widgets.RecordPicker): JSON, through the visibility rules."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from candidates.selectors import candidate_pick_list
from core.http import request_user
from core.widgets import pick_query, pick_response


@login_required
@require_POST
def candidate_lookup(request: HttpRequest) -> JsonResponse:
    """POST, not GET: the names typed must never end up in URLs (and so in access logs)."""
    q = pick_query(request)
    found = candidate_pick_list(user=request_user(request), q=q) if q else []
    return pick_response(
        (c.pk, c.full_name, " · ".join(filter(None, [c.current_title, c.town, f"#{c.pk}"]))) for c in found
    )
