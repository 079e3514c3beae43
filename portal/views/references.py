"""The referee's form (issue 18): no account, the signed link is the key, one answer per link
(core.link_pages.signed_link_page frames it). The answer is recorded by compliance's service as a
received reference, for a compliance officer to verify."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse

from compliance import services
from compliance.selectors.references import reference_request_for_token
from core.link_pages import signed_link_page
from portal.forms import ReferenceAnswerForm
from portal.views.base import render_public


@signed_link_page
def reference_answer(request: HttpRequest, token: str) -> HttpResponse:
    reference_request = reference_request_for_token(token=token)
    initial = {
        "employed_from": reference_request.employed_from,
        "employed_to": reference_request.employed_to,
    }
    form = ReferenceAnswerForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.reference_request_answer(token=token, **form.answer())
        except ValidationError as exc:
            by_field = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            for name, errors in by_field.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            return render_public(request, "portal/links/reference_answer.html", {"done": True})
    return render_public(
        request,
        "portal/links/reference_answer.html",
        {"form": form, "reference_request": reference_request},
        status=422 if form.errors else 200,
    )
