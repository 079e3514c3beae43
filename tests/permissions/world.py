"""One of every kind of object, owned by the recruiter's team, so every URL kwarg can be filled.

Built through the services and tests/factories (real derived values, audit and links), once per
module of the URL matrix (test_url_matrix.py keeps it in a transaction rolled back at the module's
end). `personas_build` makes the six users as tests/conftest.py's persona fixtures do (those are
per test, so they can't stand in a module's world). `world_build` returns a dict: object keys for
pks (`candidate`, `vacancy`, …), plain values for tokens (`review_token`, …) and `markers`: strings
that appear only in the team's records, so a list answered to the outsider can be searched for them.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from candidates import services as candidate_services
from candidates.models import DiversityRecord, ImportJob, SavedSearch
from clients.services import terms_create
from compliance import services as compliance_services
from compliance.models import ComplianceTask
from compliance.requirements import Requirements
from compliance.selectors.references import REFERENCE_PURPOSE
from compliance.services import reference_request_send
from core.models import User
from core.signing import signed_link_create
from engagement.models import BulkEmail, FeedbackRequest, OutboundEmail, StageMessage
from engagement.selectors.feedback import SURVEY_PURPOSE
from engagement.services.bulk import unsubscribe_token
from engagement.services.communications import email_template_get_or_create
from engagement.services.complaints import improvement_create
from engagement.services.interview_invites import interview_confirm_link_create
from engagement.services.todos import todo_create
from privacy.models import RetentionPolicy
from privacy.services.erasure import erasure_create
from privacy.services.policies import policy_defaults_ensure
from privacy.services.retention_notices import KEEP_MY_DATA
from privacy.services.subject_access import sar_create
from privacy.services.sweep import sweep_request
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory, ContactFactory
from tests.factories.compliance import (
    DBSCheckFactory,
    IdentityCheckFactory,
    ReferenceCheckFactory,
    RightToWorkCheckFactory,
)
from tests.factories.core import TeamFactory, UserFactory
from tests.factories.engagement import CommunicationFactory, ComplaintFactory
from tests.factories.matching import approved_entry
from tests.factories.pipeline import ApplicationFactory, submit_application
from tests.factories.vacancies import VacancyFactory
from vacancies.models import FollowUp
from vacancies.services.consents import consent_link_create
from vacancies.services.interviews import interview_create
from vacancies.services.offers import offer_create
from vacancies.services.pipeline import application_move
from vacancies.services.placements import placement_create
from vacancies.services.shortlists import (
    shortlist_create,
    shortlist_entry_add,
    shortlist_share,
    shortlist_submit,
)
from vacancies.services.vacancies import vacancy_open

# Appear only in the team's records: an outsider's list page or endpoint must never contain them.
MARKERS = ("Matrixperson", "Matrix Widgets Ltd", "Matrixvacancy")


def _inbound_mail(recruiter: User) -> Any:
    """Unmatched mail that came through the recruiter's drop-box, with a file (issue 18)."""
    from email.message import EmailMessage

    from engagement.selectors.inbound import dropbox_address
    from engagement.services.inbound import inbound_email_receive

    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = (
        "r@agency.test",
        "x@nowhere.test",
        "Matrixperson mail",
    )
    message.set_content("About Matrixperson.")
    message.add_attachment(b"Plain notes", maintype="text", subtype="plain", filename="notes.txt")
    return inbound_email_receive(raw=message.as_bytes(), recipients=[dropbox_address(user=recruiter)])


def _yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def personas_build() -> dict[str, User]:
    """The recruiter, teammate, outsider, manager (the team's lead), compliance officer and admin,
    with the names and teams tests/conftest.py gives them."""
    team = TeamFactory(name="Leeds Technology")
    users = {
        "recruiter": UserFactory(username="alice", role=User.Role.RECRUITER, team=team),
        "teammate": UserFactory(username="bob", role=User.Role.RECRUITER, team=team),
        "outsider": UserFactory(
            username="charlie", role=User.Role.RECRUITER, team=TeamFactory(name="London Finance")
        ),
        "manager": UserFactory(username="maya", role=User.Role.MANAGER, team=team),
        "compliance_officer": UserFactory(username="colin", role=User.Role.COMPLIANCE, team=team),
        "admin_user": UserFactory(username="ada", role=User.Role.ADMIN, team=None),
    }
    team.lead = users["manager"]
    team.save()
    return users


def world_build(
    *,
    recruiter: User,
    teammate: User,
    outsider: User,
    manager: User,
    compliance_officer: User,
    admin_user: User,
) -> dict[str, Any]:
    w: dict[str, Any] = {"team": recruiter.team, "user": teammate}
    # The outsider's own candidate: the other side of "an id from another team" checks.
    w["outsider_candidate"] = CandidateFactory(owner=outsider, last_name="Elsewhere")

    # Candidates: the main one (with a CV, a consent, vetting), a duplicate to merge.
    candidate = CandidateFactory(owner=recruiter, first_name="Morgan", last_name="Matrixperson")
    w["candidate"] = candidate
    w["duplicate"] = CandidateFactory(owner=recruiter, first_name="Morgan", last_name="Matrixperson-Two")
    w["document"] = candidate_services.document_upload(
        actor=recruiter,
        candidate=candidate,
        upload=SimpleUploadedFile("cv.txt", b"Morgan Matrixperson, Python developer", "text/plain"),
        filename="cv.txt",
        kind="cv",
    )
    w["consent"] = candidate_services.consent_record(
        actor=recruiter, candidate=candidate, purpose="marketing", method="email", wording_version="v1"
    )
    w["saved_search"] = SavedSearch.objects.create(user=recruiter, name="Python in Leeds", query="python")
    job = ImportJob(owner=recruiter, team=recruiter.team, status=ImportJob.Status.CHECKED, total_rows=0)
    job.file.save("import", ContentFile(b"first_name,last_name,email\n"), save=False)
    job.save()
    w["import_job"] = job
    DiversityRecord.objects.create(candidate=candidate)

    # Clients, contacts, terms.
    client = ClientFactory(owner=recruiter, name="Matrix Widgets Ltd")
    contact = ContactFactory(client=client, last_name="Matrixperson")
    w.update(client=client, contact=contact)
    w["terms"] = terms_create(
        actor=recruiter,
        client=client,
        fee_percent=Decimal("20"),
        document=SimpleUploadedFile("terms.pdf", b"%PDF-1.4 terms"),
    )

    # Vetting: right to work (with evidence), DBS (with an image and the Update Service), the rest.
    w["rtw"] = RightToWorkCheckFactory(
        candidate=candidate, evidence=io.BytesIO(b"%PDF-1.4\n"), evidence_filename="passport.pdf"
    )
    w["dbs"] = DBSCheckFactory(
        candidate=candidate,
        actor=compliance_officer,
        decision_on=_yesterday(),
        update_service=True,
        update_service_consent_on=_yesterday(),
        certificate_image=io.BytesIO(b"\x89PNG\r\n\x1a\n0000"),
        requirements=Requirements(dbs_level="basic"),
    )
    w["reference"] = ReferenceCheckFactory(candidate=candidate)
    # Conduct Regs reg 19: an identity check the owner recorded, waiting for compliance (four eyes).
    w["identity"] = IdentityCheckFactory(candidate=candidate, verified=False)
    w["gap"] = compliance_services.gap_explanation_record(
        actor=recruiter,
        candidate=candidate,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 6, 30),
        explanation="Travelling",
    )
    w["note"] = compliance_services.vetting_note_record(
        actor=recruiter,
        candidate=candidate,
        covers="references",
        steps_taken="Asked the previous employer twice by email and phone; no answer.",
    )
    compliance_services.dbs_recheck_reminders_create(today=_yesterday().replace(year=_yesterday().year + 3))
    w["dbs_task"] = ComplianceTask.objects.filter(dbs_check=w["dbs"]).first()
    w["rtw_task"] = ComplianceTask.objects.create(
        kind=ComplianceTask.Kind.RTW_FOLLOW_UP,
        candidate=candidate,
        rtw_check=w["rtw"],
        due_on=timezone.localdate() + datetime.timedelta(days=28),
        owner=recruiter,
        team=recruiter.team,
    )

    # The pipeline: an open vacancy, an application at every step the routes need.
    vacancy = vacancy_open(
        actor=recruiter,
        vacancy=VacancyFactory(client=client, contact=contact, title="Matrixvacancy", headcount=5),
    )
    w["vacancy"] = vacancy
    # Submitted to the client, so an interview can be booked and an offer recorded (each moves it on).
    application = submit_application(ApplicationFactory(vacancy=vacancy, candidate=candidate), recruiter)
    w["application"] = application
    # A submission pack sent by email (issue 18): the exact PDF kept with its submission.
    from engagement.services.submission_packs import submission_pack_send

    w["pack_submission"] = submission_pack_send(
        actor=recruiter, application=application, subject="Matrix pack", message="Dear contact"
    )
    w["interview"] = interview_create(
        actor=recruiter, application=application, starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    w["offer"] = offer_create(actor=recruiter, application=application, salary=60000)

    # A placed candidate (placement, follow-ups, a verbal submission's reg 21 confirmation task).
    placed = ApplicationFactory(vacancy=vacancy)
    RightToWorkCheckFactory(candidate=placed.candidate)
    approved = approved_entry(vacancy=vacancy, candidate=placed.candidate)
    candidate_services.consent_record(
        actor=recruiter,
        candidate=placed.candidate,
        purpose="submission",
        vacancy_id=vacancy.pk,
        method="phone",
        wording_version="v1",
    )
    for stage in ("screening", "shortlisted"):
        placed = application_move(actor=recruiter, application=placed, stage=stage)
    placed = application_move(actor=recruiter, application=placed, stage="submitted", channel="verbal")
    for stage in ("interview", "offer"):
        placed = application_move(actor=recruiter, application=placed, stage=stage)
    w["placement"] = placement_create(
        actor=recruiter, application=placed, start_on=timezone.localdate(), salary=60000
    )
    w["follow_up"] = FollowUp.objects.filter(placement=w["placement"]).first()
    w["confirmation"] = placed.confirmation_tasks.first()

    # Shortlists: a draft, one in review, the approved one shared with the client.
    draft = shortlist_create(actor=recruiter, vacancy=vacancy)
    w["entry"] = shortlist_entry_add(actor=recruiter, shortlist=draft, candidate=candidate)
    w["shortlist"] = draft
    in_review = shortlist_create(actor=recruiter, vacancy=vacancy)
    shortlist_entry_add(actor=recruiter, shortlist=in_review, candidate=w["duplicate"])
    w["in_review"] = shortlist_submit(actor=recruiter, shortlist=in_review)
    w["approved"] = approved.shortlist
    w["approved_entry"] = approved
    w["link"], w["review_token"] = shortlist_share(actor=recruiter, shortlist=approved.shortlist)
    _, w["consent_token"] = consent_link_create(actor=recruiter, application=application)
    _, w["interview_token"] = interview_confirm_link_create(interview=w["interview"], actor=recruiter)
    # A reference request (issue 18) and its referee's link.
    w["reference_request"] = reference_request_send(
        actor=recruiter,
        candidate=candidate,
        referee_name="Matrixperson Referee",
        referee_email="referee@example.test",
        relationship="Line manager",
    )
    _, w["reference_token"] = signed_link_create(
        purpose=REFERENCE_PURPOSE,
        obj=w["reference_request"],
        expires_in=datetime.timedelta(days=7),
        max_uses=1,
    )

    # Customer service.
    w["communication"] = CommunicationFactory(candidate=candidate, actor=recruiter)
    w["outbound_email"] = OutboundEmail.objects.create(
        candidate=candidate, subject="Hello", body="Hi", owner=recruiter, team=recruiter.team
    )
    # Bulk mail (issue 18): a send of the team's, and the unsubscribe link its messages carry.
    w["bulk_email"] = BulkEmail.objects.create(
        subject="Matrixperson news", body="Hi", owner=recruiter, team=recruiter.team, recipients=1
    )
    w["unsubscribe_token"] = unsubscribe_token(candidate_id=candidate.pk)
    # Issue 19: a message to the candidate about their application, waiting to send.
    w["stage_message"] = StageMessage.objects.create(
        application=application,
        candidate=application.candidate,
        vacancy=application.vacancy,
        event="shortlisted",
        subject="Matrixperson news",
        body="Hi",
        due_at=timezone.now() + datetime.timedelta(hours=1),
        owner=recruiter,
        team=recruiter.team,
    )
    w["complaint"] = ComplaintFactory(actor=recruiter, complainant_name="Matrixperson")
    w["todo"] = todo_create(
        actor=recruiter,
        title="Call Matrixperson back",
        due_at=timezone.now() + datetime.timedelta(hours=3),
        candidate=candidate,
    )
    w["improvement"] = improvement_create(
        actor=recruiter, you_said="Matrixperson said", we_did="Called back", complaints=[w["complaint"]]
    )
    w["template"] = email_template_get_or_create(code="general")
    w["inbound"] = _inbound_mail(recruiter)
    w["inbound_file"] = w["inbound"].files.get()
    survey = FeedbackRequest.objects.create(
        application=placed,
        stage="placement",
        respondent="candidate",
        client_id=client.pk,
        owner_id=placed.owner_id,
        team_id=placed.team_id,
    )
    _, w["survey_token"] = signed_link_create(
        purpose=SURVEY_PURPOSE, obj=survey, expires_in=datetime.timedelta(days=7), max_uses=1
    )

    # Data protection.
    policy_defaults_ensure()
    w["policy"] = RetentionPolicy.objects.order_by("pk").first()
    w["sar"] = sar_create(actor=admin_user, candidate=candidate, received_on=_yesterday())
    w["erasure"] = erasure_create(actor=admin_user, candidate=w["duplicate"], received_on=_yesterday())
    w["sweep"] = sweep_request(actor=admin_user, dry_run=True)
    _, w["keep_token"] = signed_link_create(
        purpose=KEEP_MY_DATA,
        obj=candidate,
        expires_in=datetime.timedelta(days=30),
        max_uses=1,
    )

    # Password reset: a real uid and token for someone who is not logging in during the test (a
    # login changes last_login, which voids the token).
    from django.contrib.auth.tokens import default_token_generator

    forgetful = UserFactory(username="forgetful", team=recruiter.team)
    w["reset_uid"] = urlsafe_base64_encode(force_bytes(forgetful.pk))
    w["reset_token"] = default_token_generator.make_token(forgetful)
    w["markers"] = MARKERS
    missing = [key for key, value in w.items() if value is None]
    assert not missing, f"the world lacks {missing}"
    return w
