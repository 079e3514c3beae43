"""The app's own templates for messages at every step (issue 19): one per stage that matters to the
candidate, and the privacy notice sent to sourced candidates (UK GDPR art. 14).

Seeded by migration 0010 and protected like the other system templates (they are part of
`communications.DEFAULT_TEMPLATES`, so they can be edited but not deleted). Written for a person:
kind, specific, never a bare "no". A "no" and a closed vacancy never name the client ({{ client }}
is "our client" for a confidential one anyway)."""

from __future__ import annotations

# code: (name, subject, body)
STAGE_TEMPLATES: dict[str, tuple[str, str, str]] = {
    "stage_shortlisted": (
        "Stage: shortlisted",
        "Good news about the {{ vacancy }} role",
        "Dear {{ first_name }},\n\n"
        "Thank you for your interest in the {{ vacancy }} role. I'm pleased to tell you that you are on "
        "our shortlist. The next step is for me to talk the role through with you and, with your "
        "agreement, put your details forward to the employer. I won't send your CV anywhere without "
        "asking you first.\n\n"
        "I'll be in touch within the next few working days. If anything has changed in the meantime — "
        "your availability, or how you feel about the role — just reply to this email.\n\n"
        "Best wishes,\n{{ sender }}",
    ),
    "stage_submitted": (
        "Stage: put forward to the client",
        "Your application for {{ vacancy }} is with the employer",
        "Dear {{ first_name }},\n\n"
        "As we agreed, I have now put your application for the {{ vacancy }} role forward to the "
        "employer. They usually take a week or two to review applications; I'll let you know as soon "
        "as I hear, whatever their answer.\n\n"
        "If you are offered or accept another role in the meantime, please tell me so I can keep the "
        "employer up to date.\n\n"
        "Best wishes,\n{{ sender }}",
    ),
    "stage_interview": (
        "Stage: interview booked",
        "Your interview for {{ vacancy }}",
        "Dear {{ first_name }},\n\n"
        "Congratulations — the employer would like to meet you for the {{ vacancy }} role. The "
        "calendar invitation with the date, time and place comes separately; please confirm it from "
        "the link in that email, or reply to this one if the time does not suit you.\n\n"
        "If you need any adjustments for the interview, tell me and I will arrange them. I'm happy "
        "to help you prepare: reply and we'll find a time to talk.\n\n"
        "Good luck,\n{{ sender }}",
    ),
    "stage_offer": (
        "Stage: offer",
        "An offer for the {{ vacancy }} role",
        "Dear {{ first_name }},\n\n"
        "I'm delighted to tell you that the employer wants to offer you the {{ vacancy }} role. I'll "
        "call you to go through the details — salary, start date and anything else you want to "
        "ask — before you decide. Please don't feel rushed: take the time you need and ask me "
        "anything.\n\n"
        "Congratulations,\n{{ sender }}",
    ),
    "stage_rejected": (
        "Stage: unsuccessful",
        "Your application for {{ vacancy }}",
        "Dear {{ first_name }},\n\n"
        "Thank you for the time and interest you have given to the {{ vacancy }} role. I'm sorry to "
        "tell you that on this occasion your application will not be going further. This was not an "
        "easy decision, and it is not a judgement of you: it reflects how closely each person's "
        "experience matched what this particular role needs.\n\n"
        "If you would like feedback, reply to this email and I'll tell you what I can. Unless you tell "
        "us otherwise, we'll keep your details and let you know about roles that suit you better.\n\n"
        "Thank you again, and best wishes,\n{{ sender }}",
    ),
    "stage_vacancy_closed": (
        "Stage: vacancy closed",
        "An update on the {{ vacancy }} role",
        "Dear {{ first_name }},\n\n"
        "I wanted to let you know that the {{ vacancy }} role has now closed, so your application for "
        "it will not go further. I'm sorry not to have better news, and thank you "
        "for the interest you showed.\n\n"
        "This is not the end of the road with us: unless you tell us otherwise, we'll keep your "
        "details and let you know about roles that suit you. Reply any time if you would like to "
        "talk about what you are looking for.\n\n"
        "Best wishes,\n{{ sender }}",
    ),
}

PRIVACY_NOTICE_TEMPLATE: dict[str, tuple[str, str, str]] = {
    "privacy_notice": (
        "Privacy notice (sourced candidates)",
        "How we use your details",
        "Dear {{ first_name }},\n\n"
        "We are a recruitment agency and we hold some of your details because we think you may be "
        "interested in roles we are recruiting for. The law (UK GDPR article 14) says we must tell "
        "you where your details came from, what we do with them and what your rights are. Our "
        "privacy notice (version {{ notice_version }}) follows.\n\n"
        "{{ notice }}\n\n"
        "If you would rather we did not hold your details, reply to this email and we will remove "
        "them.\n\n"
        "Best wishes,\n{{ sender }}",
    ),
}

# The stage each event's template answers (StageMessage.Event).
EVENT_TEMPLATES = {
    "shortlisted": "stage_shortlisted",
    "submitted": "stage_submitted",
    "interview": "stage_interview",
    "offer": "stage_offer",
    "rejected": "stage_rejected",
    "vacancy_closed": "stage_vacancy_closed",
}

SYSTEM_TEMPLATES = {**STAGE_TEMPLATES, **PRIVACY_NOTICE_TEMPLATE}
