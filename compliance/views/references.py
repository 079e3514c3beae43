"""Reference requests (issue 18): the recruiter asks a referee by email; the referee answers a
public form reached only through the signed link (portal/views/references.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from compliance import services
from compliance.forms import ReferenceRequestForm
from compliance.services.references import ADD_PERM
from compliance.views.pages import candidate_for
from compliance.views.records import _require_record, apply_errors
from core.http import request_user, safe_next


@login_required
@require_http_methods(["GET", "POST"])
def reference_request_new(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Request a reference": who the referee is; the app emails them the form. A refusal by the
    contact rule (an anonymised candidate, a suppressed address) shows its reason; nothing is sent."""
    user = request_user(request)
    candidate = candidate_for(request, pk)
    _require_record(user, candidate, ADD_PERM)
    form = ReferenceRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                sent = services.reference_request_send(actor=user, candidate=candidate, **form.cleaned_data)
            except ValidationError as exc:
                if getattr(exc, "api_code", None):
                    form.add_error(None, exc.messages)
                    status = 409
                else:
                    apply_errors(form, exc)
            else:
                messages.success(
                    request, f"Reference request emailed to {sent.referee_name}: it is on the way."
                )
                return redirect(safe_next(request, reverse("compliance:candidate", args=[candidate.pk])))
    context: dict[str, Any] = {
        "candidate": candidate,
        "form": form,
        "title": "Request a reference",
        "intro": "The referee gets an email with a link to a short form (no account, works once, "
        "for 21 days). Their answer is recorded here as a received reference, for a compliance "
        "officer to verify.",
        "submit_label": "Send the request",
        "next": request.POST.get("next") or request.GET.get("next") or "",
    }
    return render(request, "compliance/record_form.html", context, status=status)
