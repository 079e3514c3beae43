"""A person with every kind of personal data the anonymisers cover, each field holding a marker:
the marker proof (test_marker_proof.py) and the two-forms test (test_anonymiser_forms.py) share it.

When an app gains an anonymiser, add a row of its kind here: test_anonymiser_forms.py fails for an
anonymiser that finds nothing to change about this person.
"""

from __future__ import annotations

import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from candidates.models import Candidate, DiversityRecord
from candidates.services import consent_record, document_extract_text, document_upload
from clients.models import Contact
from compliance.models import ReferenceRequest
from compliance.services import gap_explanation_record, vetting_note_record
from compliance.services.rtw import rtw_share_code_submit
from core.models import User
from core.signing import signed_link_create
from engagement.models import (
    Complaint,
    FeedbackRequest,
    FeedbackResponse,
    InboundAttachment,
    InboundEmail,
    OutboundAttachment,
    OutboundEmail,
    ToDo,
)
from privacy.models import SuppressionOverride
from privacy.services.holds import owner_hold_place
from privacy.services.subject_access import sar_build_export, sar_create
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory, ContactFactory
from tests.factories.compliance import DBSCheckFactory, ReferenceCheckFactory, RightToWorkCheckFactory
from tests.factories.engagement import CommunicationFactory, ComplaintFactory
from tests.factories.matching import approved_entry
from tests.factories.pipeline import ApplicationFactory, submit_application
from tests.factories.vacancies import VacancyFactory
from vacancies.models import ClientFeedback, FollowUp, Placement
from vacancies.services.interviews import interview_create
from vacancies.services.offers import offer_create
from vacancies.services.pipeline import application_move

PHONE = "+447700900987"


def _made_file(email: OutboundEmail, m: str) -> None:
    """A file the app made for the message (a pack, an invitation), named for the person."""
    attachment = OutboundAttachment(
        email=email, filename=f"{m} pack.pdf", content_type="application/pdf", size=9
    )
    attachment.file.save("pack.pdf", ContentFile(f"{m} pack".encode()), save=False)
    attachment.save()


def _inbound(m: str, **person: object) -> None:
    """Mail that came back from them, filed on their timeline, with a file it carried."""
    email = InboundEmail.objects.create(
        from_email=f"{m.lower()}.inbound@example.test",
        from_name=f"{m} sender",
        subject=f"{m} reply subject",
        body=f"{m} reply body",
        reply_text=f"{m} reply",
        message_id=f"<{m.lower()}@example.test>",
        status=InboundEmail.Status.FILED,
        **person,  # type: ignore[arg-type]
    )
    attachment = InboundAttachment(
        email=email, filename=f"{m} letter.pdf", content_type="application/pdf", size=9
    )
    attachment.file.save("letter.pdf", ContentFile(f"{m} letter".encode()), save=False)
    attachment.save()


def candidate_with_everything(*, owner: User, admin: User, mark: str) -> tuple[Candidate, list[str]]:
    """A candidate with a row of every kind, `mark` in every personal field; and their stored files."""
    m = mark
    candidate = CandidateFactory(
        owner=owner,
        first_name=f"{m.title()}first",
        last_name=f"{m.title()}last",
        email=f"{m}.email@example.test",
        phone=PHONE,
        postcode="ZE2 9QQ",
        town=f"{m}town",
        current_title=f"{m} title",
        summary=f"{m} summary of a career",
        source_detail=f"{m} board",
        referrer=f"{m} referrer",
        tags=[f"{m}tag"],
        skills=["Python"],
        work_history=[{"employer": f"{m} employer", "title": f"{m} role", "summary": f"{m} did things"}],
        qualifications=[{"name": f"{m} degree", "institution": f"{m} university"}],
    )
    document = document_upload(
        actor=owner,
        candidate=candidate,
        upload=SimpleUploadedFile(f"{m}-cv.txt", f"{m} curriculum vitae text".encode()),
        filename=f"{m}-cv.txt",
    )
    document_extract_text(document_id=document.pk)
    consent_record(
        actor=owner, candidate=candidate, purpose="marketing", method="email", evidence=f"{m} evidence"
    )
    DiversityRecord.objects.create(
        candidate=candidate, sex=f"{m}sex", ethnicity=f"{m}eth", religion=f"{m}rel"
    )
    client = ClientFactory(owner=owner)
    application = submit_application(
        ApplicationFactory(vacancy=VacancyFactory(client=client), candidate=candidate), owner
    )
    # The submission pack that went to the client contact (issue 18): its covering email, the PDF and
    # the entry on the contact's timeline are about the candidate.
    pack_contact = ContactFactory(client=client)
    pack_email = OutboundEmail.objects.create(
        contact=pack_contact,
        vacancy=application.vacancy,
        kind="submission_pack",
        subject=f"{m} pack subject",
        body=f"{m} covering message",
        owner=owner,
        team=owner.team,
        communication=CommunicationFactory(
            candidate=None,
            contact=pack_contact,
            actor=owner,
            summary=f"{m} pack sent",
            subject=f"{m} pack subject",
        ),
    )
    _made_file(pack_email, m)
    application.submissions.update(email=pack_email)
    interview_create(
        actor=owner, application=application, starts_at=timezone.now(), feedback=f"{m} interview feedback"
    )
    offer_create(actor=owner, application=application, counter_offer_note=f"{m} counter offer")
    application_move(actor=owner, application=application, stage="withdrawn", reason=f"{m} withdrew")
    RightToWorkCheckFactory(
        candidate=candidate,
        evidence=io.BytesIO(f"%PDF-1.4 {m} passport".encode()),
        evidence_filename=f"{m}-pp.pdf",
    )
    # The share code they gave in the candidate portal: a task for the compliance officer.
    rtw_share_code_submit(candidate=candidate, share_code="W12345678")
    # Images are not kept by default (DBS code of practice); the number is the personal part.
    DBSCheckFactory(candidate=candidate, certificate_number="001234567890")
    ReferenceCheckFactory(
        candidate=candidate,
        referee_name=f"{m} referee",
        referee_email=f"{m}.ref@example.test",
        organisation=f"{m} org",
    )
    today = datetime.date.today()
    gap_explanation_record(
        actor=owner,
        candidate=candidate,
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=300),
        explanation=f"{m} travelling",
    )
    vetting_note_record(
        actor=owner,
        candidate=candidate,
        covers="references",
        steps_taken=f"{m} phoned the previous employer and confirmed dates",
    )
    # An email written to them (its full text is theirs too).
    email = OutboundEmail.objects.create(
        candidate=candidate,
        subject=f"{m} email subject",
        body=f"{m} email body",
        owner=owner,
        team=owner.team,
    )
    _made_file(email, m)
    _inbound(m, candidate=candidate)
    # A referee asked about them, and the referee's answer.
    ReferenceRequest.objects.create(
        candidate=candidate,
        referee_name=f"{m} referee",
        referee_email=f"{m.lower()}.referee@example.test",
        relationship=f"{m} line manager",
        organisation=f"{m} employer",
        requested_by=owner,
        expires_at=timezone.now() + datetime.timedelta(days=21),
        answered_at=timezone.now(),
        answer_role=f"{m} role",
        comments=f"{m} reference comments",
    )
    # A to-do about them (its title can say something about them).
    ToDo.objects.create(
        candidate=candidate,
        title=f"Call {m} back",
        due_at=timezone.now(),
        assignee=owner,
        owner=owner,
        team=owner.team,
    )
    # Customer service: a call, a complaint, a survey answer.
    CommunicationFactory(candidate=candidate, actor=owner, summary=f"{m} call notes", subject=f"{m} subject")
    complaint = ComplaintFactory(
        actor=owner,
        complainant_type=Complaint.ComplainantType.CANDIDATE,
        candidate=candidate,
        complainant_name=f"{m} complainant",
        description=f"{m} complaint",
    )
    Complaint.objects.filter(pk=complaint.pk).update(
        follow_up_summary=f"{m} followed up", resolution=f"{m} resolved"
    )
    survey = FeedbackRequest.objects.create(
        application=application,
        stage=FeedbackRequest.Stage.PLACEMENT,
        respondent=FeedbackRequest.Respondent.CANDIDATE,
        client=client,
        owner=application.owner,
        team=application.team,
    )
    FeedbackResponse.objects.create(
        request=survey,
        score=7,
        comment=f"{m} survey comment",
        stage=survey.stage,
        client=client,
        owner=application.owner,
        team=application.team,
    )
    # Shortlisting: why they went forward, the manager's comment, the client's feedback.
    entry = approved_entry(vacancy=application.vacancy, candidate=candidate)
    entry.rationale, entry.decision_comment = f"{m} rationale", f"{m} decision"
    entry.match_rationale = {"note": f"{m} match"}
    entry.save(update_fields=["rationale", "decision_comment", "match_rationale"])
    link, _ = signed_link_create(
        purpose="review_shortlist", obj=entry.shortlist, expires_in=datetime.timedelta(days=1)
    )
    ClientFeedback.objects.create(entry=entry, link=link, decision="maybe", comment=f"{m} client comment")
    # A placement's follow-up note (an earlier job with the same client).
    placed = ApplicationFactory(vacancy=VacancyFactory(client=client), candidate=candidate)
    placement = Placement.objects.create(
        application=placed, start_on=today - datetime.timedelta(days=500), created_by=owner
    )
    FollowUp.objects.create(
        placement=placement,
        kind=FollowUp.Kind.choices[0][0],
        due_on=today,
        assigned_to=owner,
        note=f"{m} follow-up note",
    )
    SuppressionOverride.objects.create(candidate=candidate, by=owner, reason=f"{m} override reason")
    owner_hold_place(actor=owner, candidate=candidate, reason=f"{m} hold reason")
    sar = sar_create(actor=admin, candidate=candidate, received_on=today)
    sar = sar_build_export(sar_id=sar.pk)
    return candidate, [sar.export_file.path]


def contact_with_everything(*, owner: User, mark: str) -> Contact:
    """A client contact with a row of every kind their anonymisers cover, `mark` in every field."""
    m = mark
    contact = ContactFactory(
        client=ClientFactory(owner=owner),
        first_name=f"{m.title()}first",
        last_name=f"{m.title()}last",
        email=f"{m}.contact@example.test",
        phone="+447700900988",
        job_title=f"{m} buyer",
    )
    CommunicationFactory(candidate=None, contact=contact, actor=owner, summary=f"{m} contact call")
    _made_file(
        OutboundEmail.objects.create(
            contact=contact,
            subject=f"{m} contact subject",
            body=f"{m} contact body",
            owner=owner,
            team=owner.team,
        ),
        f"{m} contact",
    )
    _inbound(f"{m} contact", contact=contact)
    ToDo.objects.create(
        contact=contact,
        title=f"Call {m} at the client",
        due_at=timezone.now(),
        assignee=owner,
        owner=owner,
        team=owner.team,
    )
    ComplaintFactory(
        actor=owner,
        complainant_type=Complaint.ComplainantType.CLIENT_CONTACT,
        contact=contact,
        complainant_name=f"{m} contact complainant",
        description=f"{m} contact complaint",
    )
    return contact
