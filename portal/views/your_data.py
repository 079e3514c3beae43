"""A person's say over what the agency does with their details, through the links in its mail (no
account; core.link_pages.signed_link_page frames each): the one-click unsubscribe from marketing
mail (RFC 8058) and the retention cycle's "Shall we keep your details?". The rules live in
engagement (services/bulk.py) and privacy (services/keep_links.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from core.link_pages import signed_link_page
from engagement.selectors.bulk import marketing_subscribed
from engagement.services.bulk import marketing_unsubscribe, unsubscribe_token_read
from portal.views.base import render_public
from privacy.selectors.keep_links import keep_my_data_candidate_get
from privacy.services.keep_links import keep_my_data_link_answer

UNSUBSCRIBE = "portal/links/unsubscribe.html"
KEEP = "portal/links/keep_my_data.html"


@csrf_exempt
@signed_link_page
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button and changes nothing (mail scanners open links); a POST with the body
    `List-Unsubscribe=One-Click` (RFC 8058: what a mail client's unsubscribe button sends, and
    what the button here sends) withdraws the marketing consent at once. Exempt from CSRF
    because a mail client posts it with no session or token (docs/security.md); any other POST
    changes nothing."""
    candidate_id, purpose = unsubscribe_token_read(token)  # a tampered token: the 404 link page
    if request.method == "POST":
        if request.POST.get("List-Unsubscribe") != "One-Click":
            return render_public(request, UNSUBSCRIBE, {"bad_request": True}, status=400)
        marketing_unsubscribe(token=token)
        return render_public(request, UNSUBSCRIBE, {"done": True})
    subscribed = marketing_subscribed(candidate_id=candidate_id, purpose=purpose)
    return render_public(request, UNSUBSCRIBE, {"subscribed": subscribed})


@signed_link_page
def keep_my_data(request: HttpRequest, token: str) -> HttpResponse:
    """The candidate's "keep my data?" link (single use)."""
    keep_my_data_candidate_get(token=token)  # the link and a live record, or the link page says why
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer not in ("keep", "remove"):
            return render_public(request, KEEP, {"ask": True, "invalid": True}, status=400)
        keep_my_data_link_answer(token=token, keep=answer == "keep")
        return render_public(request, KEEP, {"done": answer})
    return render_public(request, KEEP, {"ask": True})
