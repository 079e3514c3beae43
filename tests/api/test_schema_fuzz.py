"""schemathesis against the schema the server itself serves at /api/schema/ (issue 9, API robustness).

Every operation, as an admin and as a recruiter (token auth), with inputs both valid and invalid for
the schema: no 500 for any input, every status code documented, every response body and
content type as the schema says. Run in-process (WSGI) against the demo world of `seed_demo`, so
path ids often name real objects (see `real_ids`).

Bounded and deterministic: MAX_EXAMPLES per operation, hypothesis derandomized, every request in a
savepoint rolled back afterwards, so each example sees the same world. Marked `schema_fuzz`; .ci/run
runs it as its own step and `make test` leaves it out (see docs/security.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.urls import resolve
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from recruitcrm.wsgi import application

pytestmark = [pytest.mark.schema_fuzz, pytest.mark.django_db]

MAX_EXAMPLES = 10
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 9,
        "generation": {"mode": "all", "deterministic": True, "max-examples": MAX_EXAMPLES},
        "phases": {"coverage": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)

# Path parameter -> id of a real object, per persona (filled by the `world` fixture).
REAL_IDS: dict[str, dict[str, int]] = {}
CURRENT: dict[str, str] = {}


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, str]]:
    """A small world, in a transaction rolled back when the module ends (nothing leaks out)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            users = seed_world()
            tokens = {}
            for persona, user in users.items():
                tokens[persona] = Token.objects.get_or_create(user=user)[0].key
                REAL_IDS[persona] = real_ids(user)
            yield tokens
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def seed_world() -> dict[str, Any]:
    """One of each kind of record the API serves, owned by the recruiter's team."""
    from candidates.services import consent_record
    from tests.factories.candidates import CandidateFactory
    from tests.factories.clients import ContactFactory
    from tests.factories.compliance import DBSCheckFactory, ReferenceCheckFactory, RightToWorkCheckFactory
    from tests.factories.core import TeamFactory, UserFactory
    from tests.factories.engagement import CommunicationFactory, ComplaintFactory
    from tests.factories.pipeline import ApplicationFactory
    from tests.factories.vacancies import VacancyFactory
    from vacancies.models import Shortlist, ShortlistEntry

    team = TeamFactory(name="Fuzz Team")
    recruiter = UserFactory(username="fuzz-recruiter", role="recruiter", team=team)
    admin = UserFactory(username="fuzz-admin", role="admin", team=None)
    compliance = UserFactory(username="fuzz-compliance", role="compliance", team=team)
    candidate = CandidateFactory(owner=recruiter, first_name="Sam", last_name="Fuzz")
    consent_record(
        actor=recruiter,
        candidate=candidate,
        purpose="marketing",
        lawful_basis="consent",
        method="phone",
        wording_version="v1",
    )
    contact = ContactFactory(client__owner=recruiter)
    vacancy = VacancyFactory(client=contact.client, contact=contact)
    application = ApplicationFactory(vacancy=vacancy, candidate=candidate)
    shortlist = Shortlist.objects.create(vacancy=vacancy, owner=recruiter, team=team)
    ShortlistEntry.objects.create(shortlist=shortlist, candidate=candidate, rank=1)
    RightToWorkCheckFactory(candidate=candidate)
    DBSCheckFactory(candidate=candidate, actor=compliance)
    ReferenceCheckFactory(candidate=candidate)
    CommunicationFactory(candidate=candidate)
    ComplaintFactory(actor=recruiter, complainant_type="candidate", candidate=candidate)
    assert application.pk
    return {"admin": admin, "recruiter": recruiter}


def real_ids(user: Any) -> dict[str, int]:
    """For each `/api/v1/<resource>/{id}/` route, the id of an object the user can see."""
    ids: dict[str, int] = {}
    for path in schema.raw_schema["paths"]:
        if "{id}" not in path:
            continue
        prefix = path.split("{id}")[0]
        match = resolve(prefix + "1/")
        view_cls = getattr(match.func, "cls", None)
        queryset = getattr(view_cls, "queryset", None)
        if queryset is None:
            continue
        visible = queryset.model.objects.all()
        if hasattr(visible, "visible_to"):
            visible = visible.visible_to(user, "view")
        pk = visible.order_by("pk").values_list("pk", flat=True).first()
        if pk is not None:
            ids[prefix] = pk
    return ids


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
    """Three times in four, the `{id}` of the path names a real object the caller can see."""
    prefix = context.operation.path.split("{id}")[0]
    real = REAL_IDS.get(CURRENT.get("persona", ""), {}).get(prefix)
    if not path_parameters or "id" not in path_parameters or real is None:
        return st.just(path_parameters)
    return st.sampled_from([{**path_parameters, "id": real}] * 3 + [path_parameters])


@pytest.fixture
def in_process_requests() -> Iterator[None]:
    """As Django's test client does: a request must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def call_and_check(case: Any, token: str) -> None:
    with transaction.atomic():
        try:
            response = case.call(headers={"Authorization": f"Token {token}"})
        finally:
            transaction.set_rollback(True)
    case.validate_response(response, checks=CHECKS)


FUZZ_SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    # No shrinking: a failure is reported with the example that found it (and a curl line to
    # reproduce it), and the run stays bounded even when something fails.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def admin_token(world: dict[str, str], in_process_requests: None) -> str:
    CURRENT["persona"] = "admin"  # before hypothesis draws the first case
    return world["admin"]


@pytest.fixture
def recruiter_token(world: dict[str, str], in_process_requests: None) -> str:
    CURRENT["persona"] = "recruiter"
    return world["recruiter"]


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_as_admin(case: Any, admin_token: str) -> None:
    call_and_check(case, admin_token)


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_as_recruiter(case: Any, recruiter_token: str) -> None:
    call_and_check(case, recruiter_token)
