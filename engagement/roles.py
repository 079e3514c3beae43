"""Engagement's share of each role (core.roles collects it). Admins get every permission.

Everyone who talks to candidates and clients logs communications and complaints; managers also
edit the email templates and see the feedback roll-ups.
"""

_SERVICE = [
    "engagement.view_communication",
    "engagement.add_communication",
    "engagement.view_complaint",
    "engagement.add_complaint",
    "engagement.change_complaint",
    "engagement.view_improvement",
    "engagement.add_improvement",
    "engagement.change_improvement",
    "engagement.view_feedbackresponse",
    "engagement.view_emailtemplate",
    "engagement.view_outboundemail",
    "engagement.add_outboundemail",
    "engagement.view_inboundemail",
    "engagement.change_inboundemail",
    # Issue 18: anyone sets a to-do or call-back on a record, and works their team's.
    "engagement.view_todo",
    "engagement.add_todo",
    "engagement.change_todo",
    "engagement.view_bulkemail",
    "engagement.add_bulkemail",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    "recruiter": _SERVICE,
    # Managers manage the email templates; recruiters only use them (issue 18).
    "manager": [
        *_SERVICE,
        "engagement.add_emailtemplate",
        "engagement.change_emailtemplate",
        "engagement.delete_emailtemplate",
        "engagement.triage_inboundemail",
    ],
    "compliance": _SERVICE,
}
