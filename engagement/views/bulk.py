"""Bulk mail pages (issue 18): the composer (from a selection on the candidate list or a saved
search) showing who will receive it and who is skipped and why before anything is sent; a send's
progress page (htmx polling until done); the list of past sends. The public one-click unsubscribe
page (RFC 8058) is the portal's (portal/views/your_data.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from candidates.models import Candidate, SavedSearch
from core.http import parse_id, request_user
from core.permissions import get_object_for_user_or_404
from engagement.forms import BulkEmailForm
from engagement.selectors.bulk import (
    bulk_candidates_searched,
    bulk_candidates_selected,
    bulk_email_get,
    bulk_email_list,
    bulk_email_max_recipients,
    bulk_email_plan,
    bulk_email_progress,
    bulk_email_skipped_rows,
)
from engagement.services.bulk import (
    bulk_email_cancel,
    bulk_email_create,
    bulk_email_render,
    bulk_email_text_check,
)
from engagement.services.emails import EmailRefused
from engagement.views.common import require

# The composer's steps: shown (from the list or a saved search), previewed, sent.
STEPS = ("preview", "send")


def _people(request: HttpRequest, data: Any) -> tuple[list[Candidate], SavedSearch | None]:
    """The people chosen: a saved search (`saved_search`) or the ticked rows (`ids`)."""
    user = request_user(request)
    if data.get("saved_search"):
        search = get_object_for_user_or_404(user, SavedSearch, pk=parse_id(data.get("saved_search")) or 0)
        return bulk_candidates_searched(user=user, search=search), search
    ids = [parse_id(value) for value in data.getlist("ids")]
    if any(pk is None for pk in ids):
        raise Http404("No such candidate.")
    return bulk_candidates_selected(user=user, ids=[pk for pk in ids if pk is not None]), None


@login_required
@require_http_methods(["GET", "POST"])
def bulk_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(user, "engagement.add_bulkemail")
    data = request.POST if request.method == "POST" else request.GET
    try:
        people, search = _people(request, data)
    except ValidationError as exc:
        return render(
            request,
            "engagement/bulk_compose.html",
            {"selection_error": " ".join(exc.messages), "max_recipients": bulk_email_max_recipients()},
            status=400,
        )
    plan = bulk_email_plan(candidates=people)
    step = data.get("step")
    form = BulkEmailForm(data if step in STEPS else None)
    preview = None
    if form.is_bound and form.is_valid():
        try:
            subject, body = bulk_email_text_check(**form.cleaned_data)
            if step == "send":
                bulk = bulk_email_create(actor=user, subject=subject, body=body, candidates=people)
                messages.success(
                    request, f"Sending to {bulk.recipients} {'person' if bulk.recipients == 1 else 'people'}."
                )
                return redirect("engagement:bulk", pk=bulk.pk)
        except EmailRefused as exc:
            form.add_error(None, exc.messages[0])
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            if plan.recipients:
                preview = bulk_email_render(
                    subject=subject, body=body, candidate=plan.recipients[0], actor=user
                )
    context = {
        "form": form,
        "plan": plan,
        "search": search,
        "ids": [c.pk for c in people] if search is None else [],
        "preview": preview,
        "max_recipients": bulk_email_max_recipients(),
    }
    return render(request, "engagement/bulk_compose.html", context, status=422 if form.errors else 200)


@login_required
def bulk_index(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(user, "engagement.view_bulkemail")
    return render(request, "engagement/bulk_list.html", {"sends": list(bulk_email_list(user=user))})


def _detail_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = request_user(request)
    require(user, "engagement.view_bulkemail")
    bulk = bulk_email_get(user=user, pk=pk)
    return {"bulk": bulk, "progress": bulk_email_progress(bulk=bulk)}


@login_required
def bulk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = _detail_context(request, pk)
    context["skipped"] = bulk_email_skipped_rows(user=request_user(request), bulk=context["bulk"])
    return render(request, "engagement/bulk_detail.html", context)


@login_required
def bulk_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress panel alone: what the page polls (htmx) until the send is done."""
    return render(request, "engagement/_bulk_progress.html", _detail_context(request, pk))


@login_required
@require_POST
def bulk_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require(user, "engagement.add_bulkemail")
    bulk = bulk_email_get(user=user, pk=pk)
    bulk = bulk_email_cancel(actor=user, bulk=bulk)
    messages.success(request, "Stopped: nothing more of this bulk mail will be sent.")
    return redirect("engagement:bulk", pk=bulk.pk)
