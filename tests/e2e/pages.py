"""Every main page of the app, derived from the URLconf, with the demo user who should open it.

Used by the phone-width test (test_phones.py) and the README screenshots. Two kinds of page:

* every GET page whose URL takes no arguments (the URLconf is walked, so a new page is covered the
  day it is added), opened by the first persona the permission matrix lets in, in the order
  recruiter, manager, compliance officer, admin; public pages (no account needed) anonymously;
  the dashboard once for each role, since each role's home is different;
* one page for each main kind of object (and its board, edit form and review pages), filled from
  `seed_demo`'s named records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from tests.permissions.matrix import MATRIX, OK
from tests.permissions.test_url_matrix import url_patterns

# The matrix's personas, as the demo's users (core/management/commands/seed_demo.py).
DEMO_LOGIN = {
    "recruiter": "rachel",
    "manager": "maya",
    "compliance_officer": "colin",
    "admin_user": "ada",
}
ANONYMOUS = ""
# Not pages a person reads: the API, its schema and docs (Swagger UI's own layout), the Django admin.
NOT_PAGES = ("api/", "admin/")
# htmx fragments swapped into a page (a <select>'s options), not pages of their own.
FRAGMENTS = ("clients:contact_options",)


@dataclass(frozen=True)
class Page:
    name: str  # the URL name, as `reverse` takes it
    url: str
    username: str  # the demo user who opens it; "" for anonymous

    @property
    def slug(self) -> str:
        who = self.username or "anonymous"
        return f"{self.name.replace(':', '-').replace('_', '-')}--{who}"


def _opener(name: str) -> str | None:
    """Who opens an argument-free page: None when no persona may GET it (POST only, logout)."""
    gets = [check for check in MATRIX.get(name, []) if check.method == "get" and not check.args]
    if not gets:
        return None
    check = gets[0]
    if check.rule["anonymous"] == OK and name != "login":
        # A public page that sends everyone elsewhere (the candidate portal before its own
        # sign-in) is measured where it lands, not here.
        return ANONYMOUS if 200 in check.ok_for.get("anonymous", check.ok) else None
    for persona, username in DEMO_LOGIN.items():
        if check.rule[persona] == OK and 200 in check.ok_for.get(persona, check.ok):
            return username
    return ANONYMOUS if check.rule["anonymous"] == OK else None


def argument_free_pages() -> list[Page]:
    pages = []
    for route, name, _callback in url_patterns():
        if "<" in route or route.startswith(NOT_PAGES) or route.endswith((".csv", ".json", ".xml")):
            continue
        if name in FRAGMENTS:
            continue
        username = _opener(name)
        if username is None:
            continue
        if name == "dashboard":
            pages += [Page(name, reverse(name), login) for login in DEMO_LOGIN.values()]
            continue
        pages.append(Page(name, reverse(name), username))
    return pages


def _demo(model: Any, **lookup: Any) -> Any:
    return model.objects.filter(**lookup).order_by("pk").first()


def _client_review_token() -> str:
    from core.models import User
    from vacancies.models import Shortlist
    from vacancies.services.shortlists import shortlist_share

    shortlist = _demo(Shortlist, vacancy__title="Senior Python Developer", status="approved")
    _, token = shortlist_share(actor=User.objects.get(username="maya"), shortlist=shortlist)
    return token


def _unsubscribe_token() -> str:
    from candidates.models import Candidate
    from engagement.services.bulk import unsubscribe_token

    return unsubscribe_token(candidate_id=_demo(Candidate, last_name="Okonkwo").pk)


def _reference_token() -> str:
    """A referee's link (issue 18), made as reference_request_send makes it, without the email."""
    import datetime

    from django.utils import timezone

    from candidates.models import Candidate
    from compliance.models import ReferenceRequest
    from compliance.selectors.references import REFERENCE_PURPOSE
    from core.models import User
    from core.signing import signed_link_create

    request = ReferenceRequest.objects.create(
        candidate=_demo(Candidate, last_name="Okonkwo"),
        referee_name="Grace Hopper",
        referee_email="grace@example.test",
        relationship="Line manager",
        organisation="Harbour Care Ltd",
        requested_by=User.objects.get(username="rachel"),
        expires_at=timezone.now() + datetime.timedelta(days=21),
    )
    _, token = signed_link_create(
        purpose=REFERENCE_PURPOSE, obj=request, expires_in=datetime.timedelta(days=21), max_uses=1
    )
    return token


def _document() -> dict[str, Any]:
    """The demo has no files: a short CV, uploaded as a recruiter would, to preview."""
    from io import BytesIO

    from candidates.models import Candidate
    from candidates.services.documents import document_extract_text, document_upload
    from core.models import User

    candidate = _demo(Candidate, last_name="Okonkwo")
    cv = BytesIO(b"Amara Okonkwo\nPython Developer\n\nSix years of Django and PostgreSQL in Leeds.\n")
    document = document_upload(
        actor=User.objects.get(username="rachel"), candidate=candidate, upload=cv, filename="Amara CV.txt"
    )
    document_extract_text(document_id=document.pk)  # what the worker does next: the text to show
    return {"pk": candidate.pk, "document_pk": document.pk}


def _object_pages() -> list[tuple[str, str, Callable[[], dict[str, Any]]]]:
    from candidates.models import Candidate
    from clients.models import Client, Contact
    from engagement.models import Complaint, EmailTemplate
    from vacancies.models import Application, Shortlist, Vacancy

    def candidate() -> dict[str, Any]:
        return {"pk": _demo(Candidate, last_name="Okonkwo").pk}

    def client() -> dict[str, Any]:
        return {"pk": _demo(Client).pk}

    def vacancy() -> dict[str, Any]:
        return {"pk": _demo(Vacancy, title="Senior Python Developer").pk}

    def contact() -> dict[str, Any]:
        row = _demo(Contact)
        return {"pk": row.client_id, "contact_pk": row.pk}

    def application() -> dict[str, Any]:
        return {"pk": _demo(Application, stage="placed").pk}

    def shortlist() -> dict[str, Any]:
        return {"pk": _demo(Shortlist, vacancy__title="Senior Python Developer").pk}

    return [
        # (URL name, demo user, how to fill the URL)
        ("candidates:detail", "rachel", candidate),
        ("candidates:edit", "rachel", candidate),
        ("candidates:document-preview", "rachel", _document),
        ("clients:detail", "rachel", client),
        ("clients:edit", "rachel", client),
        ("clients:contact_edit", "rachel", contact),
        ("vacancies:detail", "rachel", vacancy),
        ("vacancies:edit", "rachel", vacancy),
        ("vacancies:board", "rachel", vacancy),
        ("vacancies:matches", "rachel", vacancy),
        ("vacancies:application", "rachel", application),
        ("engagement:submission_pack", "rachel", application),
        ("vacancies:shortlist", "rachel", shortlist),
        ("vacancies:shortlist", "maya", shortlist),
        ("compliance:candidate", "colin", candidate),
        ("compliance:reference-request-new", "rachel", candidate),
        ("portal:reference-answer", ANONYMOUS, lambda: {"token": _reference_token()}),
        ("privacy:candidate", "ada", candidate),
        ("engagement:complaint", "rachel", lambda: {"pk": _demo(Complaint).pk}),
        ("engagement:template-edit", "maya", lambda: {"pk": _demo(EmailTemplate).pk}),
        ("portal:client_review", ANONYMOUS, lambda: {"token": _client_review_token()}),
        ("portal:unsubscribe", ANONYMOUS, lambda: {"token": _unsubscribe_token()}),
    ]


def object_pages() -> list[Page]:
    """Needs the demo data (`seed_demo`)."""
    return [Page(name, reverse(name, kwargs=fill()), username) for name, username, fill in _object_pages()]


def main_pages() -> list[Page]:
    return argument_free_pages() + object_pages()
