"""Dismissing a false duplicate from the candidate page's warning (issue 16)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from candidates.forms import NotDuplicateForm
from candidates.models import Candidate
from candidates.services.duplicates import candidate_not_duplicate_record
from core.http import request_user
from core.permissions import get_object_for_user_or_404


@login_required
@require_POST
def not_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    candidate = get_object_for_user_or_404(user, Candidate.objects.live(), "change", pk=pk)
    form = NotDuplicateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the record that is not the same person.")
        return redirect("candidates:detail", pk=pk)
    other = get_object_for_user_or_404(user, Candidate.objects.live(), pk=form.cleaned_data["other"])
    try:
        candidate_not_duplicate_record(actor=user, candidate=candidate, other=other)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"Recorded: #{other.pk} is not the same person. The pair won't be flagged again."
        )
    return redirect("candidates:detail", pk=pk)
