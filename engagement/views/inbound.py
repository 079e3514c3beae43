"""Mail that comes back (issue 18): the unmatched inbox, one message (file it, discard it, its
attachments), and the hosted providers' webhooks (django-anymail)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core import files
from core.http import request_user
from engagement.forms import FileInboundForm
from engagement.models import InboundEmail
from engagement.selectors.inbound import dropbox_address, inbound_get, inbound_list
from engagement.services.inbound import inbound_email_discard, inbound_email_file
from engagement.views.common import require

INBOX_LIMIT = 200


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(user, "engagement.view_inboundemail")
    rows = list(inbound_list(user=user)[:INBOX_LIMIT])
    return render(
        request,
        "engagement/inbox.html",
        {"rows": rows, "dropbox": dropbox_address(user=user), "limit": INBOX_LIMIT},
    )


def _inbound(request: HttpRequest, pk: int) -> InboundEmail:
    found = inbound_get(user=request_user(request), pk=pk)
    if found is None:
        raise Http404
    return found


@login_required
def inbound_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require(user, "engagement.view_inboundemail")
    inbound = _inbound(request, pk)
    return render(
        request,
        "engagement/inbound_detail.html",
        {"inbound": inbound, "form": FileInboundForm(user=user), "attachments": list(inbound.files.all())},
    )


@login_required
@require_POST
def inbound_file(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    inbound = _inbound(request, pk)
    require(user, "engagement.change_inboundemail")
    form = FileInboundForm(request.POST, user=user)
    if form.is_valid():
        try:
            inbound_email_file(
                actor=user,
                inbound=inbound,
                candidate=form.cleaned_data["candidate"],
                contact=form.cleaned_data["contact"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "Filed on their timeline.")
            return redirect("engagement:inbound", pk=inbound.pk)
    return render(
        request,
        "engagement/inbound_detail.html",
        {"inbound": inbound, "form": form, "attachments": list(inbound.files.all())},
        status=422,
    )


@login_required
@require_POST
def inbound_discard(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    inbound = _inbound(request, pk)
    require(user, "engagement.change_inboundemail")
    try:
        inbound_email_discard(actor=user, inbound=inbound)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("engagement:inbound", pk=inbound.pk)
    messages.success(request, "Discarded.")
    return redirect("engagement:inbox")


@login_required
def inbound_attachment(request: HttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
    user = request_user(request)
    require(user, "engagement.view_inboundemail")
    inbound = _inbound(request, pk)
    attachment = inbound.files.filter(pk=file_pk).first()
    if attachment is None or not attachment.file:
        raise Http404
    return files.attachment_response(
        attachment.file.open("rb"), filename=attachment.filename, content_type=attachment.content_type
    )


@csrf_exempt  # a provider's server posts here: it has no session; HTTP basic auth is the check
def anymail_webhook(request: HttpRequest, rest: str) -> HttpResponseBase:
    """django-anymail's inbound and tracking webhooks, `/mail/anymail/<esp>/<inbound|tracking>/`
    (e.g. postmark/inbound/): the provider's own view, which checks ANYMAIL_WEBHOOK_SECRET as HTTP
    basic auth (400 without it) and sends the `inbound`/`tracking` signal engagement.seams answers.
    Not there at all (404) until a secret is set: an open webhook would let anyone post mail."""
    if not (settings.ANYMAIL or {}).get("WEBHOOK_SECRET"):
        raise Http404
    try:
        match = resolve("/" + rest, urlconf="anymail.urls")
    except Resolver404:
        raise Http404 from None
    response: HttpResponseBase = match.func(request, *match.args, **match.kwargs)
    return response
