"""Reference requests (issue 18): the recruiter asks a referee by email; the referee answers a
public form reached only through the signed link (core.link_pages frames it: rate limits, no-store,
a plain page when the link does not work, CSRF on the form)."""

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
from compliance.forms import ReferenceAnswerForm, ReferenceRequestForm
from compliance.selectors.references import reference_request_for_token
from compliance.services.references import ADD_PERM
from compliance.views.pages import candidate_for
from compliance.views.records import _require_record, apply_errors
from core.http import request_user, safe_next
from core.link_pages import signed_link_page
from core.selectors import agency_get


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


@signed_link_page
def reference_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The referee's form: no login, the signed link is the key; one answer per link."""
    reference_request = reference_request_for_token(token=token)
    initial = {
        "employed_from": reference_request.employed_from,
        "employed_to": reference_request.employed_to,
    }
    form = ReferenceAnswerForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.answer()
        try:
            services.reference_request_answer(token=token, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return render(request, "compliance/reference_answer.html", {"done": True, "agency": agency_get()})
    return render(
        request,
        "compliance/reference_answer.html",
        {"form": form, "reference_request": reference_request, "agency": agency_get()},
        status=422 if form.errors else 200,
    )
