"""What each role may do with clients, contacts and terms (core.roles collects this)."""

from core.roles import COMPLIANCE, MANAGER, RECRUITER

_WORK = [
    "clients.view_client",
    "clients.add_client",
    "clients.change_client",
    "clients.view_contact",
    "clients.add_contact",
    "clients.change_contact",
    "clients.view_termsofbusiness",
    "clients.add_termsofbusiness",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    RECRUITER: _WORK,
    MANAGER: _WORK,
    COMPLIANCE: ["clients.view_client", "clients.view_contact", "clients.view_termsofbusiness"],
}
