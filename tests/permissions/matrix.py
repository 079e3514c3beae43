"""The URL x persona x method matrix: every named URL of the project and what each persona gets.

`MATRIX` maps a URL name (as `reverse` takes it) to the requests made against it. Each `Check` says
the method, how to fill the URL (`args`: world keys, or literals written `=value`), the query string
and body, the rule (what each persona gets), and which statuses count as "allowed" for the personas
the rule lets in. test_url_matrix.py walks the URL configuration and fails on any URL that has no
entry here, on any API method without a check, and on any entry whose URL no longer exists.

Rules (DESIGN.md "Who sees what", API.md conventions):
  anonymous        -> 302 to the login page (pages) or 401 (API), unless the page is public
  outsider         -> 404 for every object of the recruiter's team (lists answer, without the team's
                      records); 403 for a page their role may not use
  forbidden action -> 403 (e.g. the compliance officer changing a vacancy, a recruiter reviewing)
  everyone else    -> `ok`: the statuses listed on the check (200, 302 after a POST, and 400/422
                      where the body is deliberately empty, said in `why`; 200/201 where a valid
                      body is sent, so the write goes through the gate and happens)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OK = "ok"
LOGIN = "login"  # 302 to the login page, or 401 from the API
USERS = ("recruiter", "teammate", "outsider", "manager", "compliance_officer", "admin_user")
PERSONAS = ("anonymous", *USERS)

Rule = dict[str, Any]


def rule(default: Any = OK, *, anonymous: Any = LOGIN, **personas: Any) -> Rule:
    return {"anonymous": anonymous, **dict.fromkeys(USERS, default), **personas}


# Lists and pages everyone with an account uses (an outsider sees only their own team's rows).
ALL = rule()
# An object of the recruiter's team: invisible to the outsider.
TEAM = rule(outsider=404)
# Changing an object of the team: the compliance officer only reads vacancies, clients, candidates.
TEAM_WRITE = rule(outsider=404, compliance_officer=403)
# Adding a new record (no object yet): everyone with an account but the compliance officer.
ADD = rule(compliance_officer=403)
# Adding candidates: they belong to a team, and the admin has none (nor the compliance role's right).
ADD_TEAM = rule(compliance_officer=403, admin_user=403)
# Admin screens: data protection, retention, sweeps.
ADMINS = rule(403, admin_user=OK)
# Managers' screens (dashboard, e-mail templates).
MANAGERS = rule(403, manager=OK, admin_user=OK)
# Reviewing a shortlist: the team's manager (and admin); recruiters 403; the outsider never sees it.
REVIEW = rule(403, outsider=404, manager=OK, admin_user=OK)
# Criminal-record (DBS) pages: the compliance role and admin; the rest of the team 403.
DBS_PAGE = rule(403, outsider=404, compliance_officer=OK, admin_user=OK)
# A DBS object: invisible (404) to everyone without the compliance permission.
DBS_OBJECT = rule(404, compliance_officer=OK, admin_user=OK)
# Four eyes: verifying a check is the compliance officer's (and admin's); the rest of the team 403.
VERIFY = rule(403, outsider=404, compliance_officer=OK, admin_user=OK)
# No account needed: signed links, login and password reset.
PUBLIC = rule(anonymous=OK)
# A tampered or unknown signed link: the same clear error page for everyone (never a 500).
BAD_TOKEN = PUBLIC
UNPUBLISHED = "a vacancy not published on the careers site: 404, as if it did not exist"
BAD_LINK = "a tampered link: a clear error page (404, or 410 'no longer valid')"


@dataclass(frozen=True)
class Check:
    method: str
    rule: Rule
    ok: frozenset[int]
    args: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] | None = None
    # True: a list; the outsider's answer must not contain any of the world's markers.
    is_list: bool = False
    why: str = ""
    # Text the answer must contain (a bad link's page says what is wrong).
    contains: str = ""
    # With `contains`: only these personas' answers hold the text, and every other persona let in
    # must not see it (a notice meant for the team's manager alone).
    contains_only_for: frozenset[str] | None = None
    # An API list the outsider gets empty (count 0): the world gives them none of these records, so
    # any row would be the team's, even one without a marker in it (an application's ids).
    empty_for_outsider: bool = False
    # The API body as multipart/form-data (file uploads) rather than JSON.
    multipart: bool = False
    # Per persona overrides of the allowed statuses (e.g. a login page redirects the logged in).
    ok_for: dict[str, frozenset[int]] = field(default_factory=dict)
    # Per persona fields added to the body (the admin, who has no team, names the team).
    data_for: dict[str, dict[str, Any]] = field(default_factory=dict)


def c(method: str, rule: Rule, *ok: int, **kwargs: Any) -> Check:
    ok_for = {name: frozenset(codes) for name, codes in kwargs.pop("ok_for", {}).items()}
    if "contains_only_for" in kwargs:
        kwargs["contains_only_for"] = frozenset(kwargs["contains_only_for"])
    return Check(method=method, rule=rule, ok=frozenset(ok), ok_for=ok_for, **kwargs)


def get(rule: Rule, *ok: int, **kwargs: Any) -> Check:
    return c("get", rule, *(ok or (200,)), **kwargs)


def post(rule: Rule, *ok: int, **kwargs: Any) -> Check:
    return c("post", rule, *(ok or (302,)), **kwargs)


CAND = {"pk": "candidate"}
DOC = {"pk": "candidate", "document_pk": "document"}
THEIRS = {"pk": "outsider_candidate"}  # the outsider's own candidate
# The outsider's own candidate with the team's vacancy: the outsider gets the same 400 as for an
# unknown id; the team cannot see the candidate (404); the admin sees both.
CROSS_TEAM = rule(404, outsider=OK, admin_user=OK)
SUBMISSION_CONSENT = {
    "purpose": "=submission",
    "lawful_basis": "=consent",
    "method": "=phone",
    "vacancy": "vacancy",
}
FOREIGN_VACANCY = "a consent naming another team's vacancy: 400 like an unknown id"
FOREIGN_ID = "an id of another team's record in the query: 404, never its contents"
CLIENT = {"pk": "client"}
VAC = {"pk": "vacancy"}
APP = {"pk": "application"}
EMPTY = "empty body: the form answers with its errors"
NO_TEAM = "a candidate belongs to its owner's team; the admin has no team"
OWN_JOB = "an import is run only by whoever checked the file"
NO_PORTAL = "not signed in to the candidate portal: to its sign-in page, nothing done"

PAGES: dict[str, list[Check]] = {
    "dashboard": [get(ALL)],
    "manager-dashboard": [get(MANAGERS), get(MANAGERS, query={"csv": "=funnel"})],
    "login": [
        get(PUBLIC, ok_for={u: frozenset({302}) for u in USERS}),
        post(PUBLIC, 200, why=EMPTY, ok_for={u: frozenset({302}) for u in USERS}),
    ],
    "logout": [post(PUBLIC, 200, 302), get(rule(405, anonymous=405), why="logout is POST only")],
    "password_change": [get(ALL), post(ALL, 200, why=EMPTY)],
    "password_change_done": [get(ALL)],
    "password_reset": [get(PUBLIC), post(PUBLIC, 200, why=EMPTY)],
    "password_reset_done": [get(PUBLIC)],
    "password_reset_confirm": [
        get(PUBLIC, 302, args={"uidb64": "reset_uid", "token": "reset_token"}),
        get(
            PUBLIC,
            200,
            args={"uidb64": "reset_uid", "token": "=bad-token"},
            why="a clear error page",
            contains="This link",
        ),
    ],
    "password_reset_complete": [get(PUBLIC)],
    # Two-factor pages (core.views): every signed-in user may enrol; the verify page sends on
    # whoever is verified already (the tests' sessions are) or has no device to set up yet.
    "two-factor-verify": [
        get(ALL, 302, why="verified already, or nothing to verify: sent on"),
        post(ALL, 302, why="verified already, or nothing to verify: sent on"),
    ],
    "two-factor-setup": [get(ALL, 200), post(ALL, 200, why=EMPTY)],
    # The user's own contact details (shown to clients), the agency's name and logo (issue 16).
    "my-details": [get(ALL), post(ALL, 400, why=EMPTY)],
    "agency-settings": [get(ADMINS), post(ADMINS, 400, why=EMPTY)],
    "agency-privacy-notice": [get(ADMINS), post(ADMINS, 400, why=EMPTY)],
    "agency-logo": [get(rule(404, anonymous=404), why="no logo uploaded in the world: 404 for all")],
    # Candidates.
    "candidates:index": [get(ALL, is_list=True), get(ALL, query={"q": "=Morgan"}, is_list=True)],
    "candidates:create": [get(ADD_TEAM, why=NO_TEAM), post(ADD_TEAM, 400, why=EMPTY)],
    "candidates:check-duplicates": [post(ALL, 200)],
    # Record pickers (core.widgets, issue 16): what each persona can see, never another team's.
    "candidates:lookup": [post(ALL, 200, data={"q": "=Matrixperson"}, is_list=True)],
    "candidates:attention": [get(ALL, is_list=True)],
    "candidates:bulk-tag": [post(ALL)],
    "candidates:export": [get(MANAGERS, is_list=True)],
    "candidates:import": [get(ADD_TEAM, why=NO_TEAM), post(ADD_TEAM, 200, why=EMPTY)],
    "candidates:import-run": [
        post(
            ADD_TEAM | {"outsider": 404, "teammate": 404, "manager": 404},
            args={"job_pk": "import_job"},
            why=OWN_JOB,
        )
    ],
    "candidates:import-status": [get(TEAM, args={"job_pk": "import_job"})],
    "candidates:import-template": [get(ADD_TEAM, why=NO_TEAM)],
    "candidates:saved-search-create": [post(ALL)],
    "candidates:saved-search-run": [get(rule(404, recruiter=OK), 302, args={"search_pk": "saved_search"})],
    "candidates:saved-search-delete": [post(rule(404, recruiter=OK), args={"search_pk": "saved_search"})],
    "candidates:diversity-report": [get(MANAGERS)],
    "candidates:detail": [get(TEAM, args=CAND)],
    "candidates:edit": [get(TEAM_WRITE, args=CAND), post(TEAM_WRITE, 400, args=CAND, why=EMPTY)],
    "candidates:merge": [
        get(TEAM_WRITE, args=CAND, query={"duplicate": "duplicate"}),
        get(rule(404, admin_user=OK), args=THEIRS, query={"duplicate": "candidate"}, why=FOREIGN_ID),
        post(TEAM_WRITE, args=CAND, data={"duplicate": "duplicate"}),
    ],
    "candidates:document-upload": [post(TEAM_WRITE, 400, args=CAND, why=EMPTY)],
    "candidates:document-download": [get(TEAM, args={"pk": "candidate", "document_pk": "document"})],
    "candidates:document-preview": [get(TEAM, args=DOC)],
    "candidates:document-inline": [get(TEAM, args=DOC)],
    "candidates:document-rename": [post(TEAM_WRITE, args=DOC, data={"filename": "=Renamed CV.txt"})],
    "candidates:document-current": [post(TEAM_WRITE, args=DOC, why="a plain-text file: refused, said")],
    "candidates:document-delete": [post(TEAM_WRITE, args=DOC)],
    "candidates:not-duplicate": [post(TEAM_WRITE, args=CAND, data={"other": "duplicate"})],
    "candidates:consent-add": [
        post(TEAM_WRITE, 400, args=CAND, why=EMPTY),
        post(
            CROSS_TEAM, args=THEIRS, data=SUBMISSION_CONSENT, ok_for={"outsider": {400}}, why=FOREIGN_VACANCY
        ),
    ],
    "candidates:consent-withdraw": [post(TEAM_WRITE, args={"pk": "candidate", "consent_pk": "consent"})],
    "candidates:availability": [post(TEAM_WRITE, args=CAND, why="no date: available now")],
    "candidates:privacy-notice": [post(TEAM_WRITE, 400, args=CAND, why=EMPTY)],
    "candidates:diversity": [
        get(ADD | {"outsider": 404}, args=CAND),
        post(ADD | {"outsider": 404}, 200, args=CAND),
    ],
    # Clients.
    "clients:index": [get(ALL, is_list=True)],
    "clients:create": [get(ADD), post(ADD, 200, why=EMPTY)],
    "clients:contact_lookup": [post(ALL, 200, data={"q": "=Matrix"}, is_list=True)],
    "clients:contact_options": [
        get(ALL, why="no client chosen: no contacts"),
        get(TEAM, query={"client": "client"}),
    ],
    "clients:detail": [get(TEAM, args=CLIENT)],
    "clients:edit": [get(TEAM_WRITE, args=CLIENT), post(TEAM_WRITE, 200, args=CLIENT, why=EMPTY)],
    "clients:access": [get(TEAM_WRITE, args=CLIENT), post(TEAM_WRITE, 200, args=CLIENT, why=EMPTY)],
    "clients:contact_create": [get(TEAM_WRITE, args=CLIENT), post(TEAM_WRITE, 200, args=CLIENT, why=EMPTY)],
    "clients:contact_edit": [
        get(TEAM_WRITE, args={"pk": "client", "contact_pk": "contact"}),
        post(TEAM_WRITE, 200, args={"pk": "client", "contact_pk": "contact"}, why=EMPTY),
    ],
    "clients:terms_create": [post(TEAM_WRITE, 400, args=CLIENT, why=EMPTY)],
    "clients:terms_document": [get(TEAM, args={"pk": "client", "terms_pk": "terms"})],
    # Vacancies and the pipeline.
    "vacancies:index": [get(ALL, is_list=True)],
    "vacancies:create": [
        get(ADD),
        get(ADD, query={"client": "client"}, is_list=True, why="another team's client is not filled in"),
        post(ADD, 200, why=EMPTY),
    ],
    "vacancies:detail": [get(TEAM, args=VAC)],
    "vacancies:lookup": [post(ALL, 200, data={"q": "=Matrixvacancy"}, is_list=True)],
    "vacancies:language_check": [
        post(ALL, 200, data={"description": "=a rockstar ninja"}, contains="rockstar")
    ],
    "vacancies:edit": [get(TEAM_WRITE, args=VAC), post(TEAM_WRITE, 200, args=VAC, why=EMPTY)],
    "vacancies:status": [post(TEAM_WRITE, args=VAC)],
    "vacancies:board": [get(TEAM, args=VAC)],
    "vacancies:bulk_reject": [post(TEAM_WRITE, args=VAC)],
    "vacancies:candidate_search": [post(TEAM, 200, args=VAC)],
    "vacancies:application_add": [post(TEAM_WRITE, args=VAC)],
    "vacancies:application": [get(TEAM, args=APP)],
    "vacancies:application_move": [post(TEAM_WRITE, args=APP)],
    "vacancies:interview_add": [post(TEAM_WRITE, 400, args=APP, why=EMPTY)],
    "vacancies:interview_outcome": [
        post(TEAM_WRITE, args={"pk": "application", "interview_pk": "interview"})
    ],
    "vacancies:interview_change": [
        post(
            TEAM_WRITE,
            400,
            args={"pk": "application", "interview_pk": "interview"},
            why="empty body: the form again with its errors",
        )
    ],
    "vacancies:interview_cancel": [post(TEAM_WRITE, args={"pk": "application", "interview_pk": "interview"})],
    "vacancies:interviews": [get(ALL, is_list=True), get(ALL, query={"week": "=not-a-date"})],
    "vacancies:offer_add": [post(TEAM_WRITE, 400, args=APP, why=EMPTY)],
    "vacancies:offer_answer": [post(TEAM_WRITE, args={"pk": "application", "offer_pk": "offer"})],
    "vacancies:candidate_story": [get(TEAM, args=CAND)],
    "vacancies:placement_add": [post(TEAM_WRITE, 400, args=APP, why=EMPTY)],
    "vacancies:placement_expected_days": [
        post(TEAM_WRITE, args={"pk": "placement"}, why="a perm placement: refused with a message")
    ],
    "vacancies:follow_up_done": [
        post(
            rule(403, outsider=404, recruiter=OK, admin_user=OK),
            args={"pk": "follow_up"},
            why="the assignee's task",
        )
    ],
    "vacancies:matches": [get(TEAM, args=VAC)],
    "vacancies:match_shortlist": [post(TEAM_WRITE, args={"pk": "vacancy", "candidate_pk": "duplicate"})],
    "vacancies:shortlist": [get(TEAM, args={"pk": "shortlist"})],
    "vacancies:shortlists": [get(TEAM, args=VAC)],
    "vacancies:shortlist_review_queue": [
        get(
            MANAGERS,
            contains="Waiting for my review",
            why="the shortlists a manager may decide; recruiters and compliance 403",
        )
    ],
    "vacancies:shortlist_edit": [post(TEAM_WRITE, args={"pk": "shortlist"})],
    "vacancies:shortlist_submit": [post(TEAM_WRITE, args={"pk": "shortlist"})],
    "vacancies:shortlist_review": [post(REVIEW, args={"pk": "in_review"})],
    "vacancies:shortlist_share": [post(TEAM_WRITE, args={"pk": "approved"})],
    "vacancies:shortlist_link_revoke": [post(TEAM_WRITE, args={"pk": "approved", "link_pk": "link"})],
    "vacancies:consent_record": [post(TEAM_WRITE, args=APP)],
    "vacancies:consent_link": [post(TEAM_WRITE, args=APP)],
    "vacancies:application_submit": [post(TEAM_WRITE, args=APP)],
    "vacancies:confirmation_done": [post(TEAM_WRITE, args={"pk": "confirmation"})],
    # Issue 18: the exact submission pack sent, downloaded by whoever can see the application.
    "vacancies:submission_pack": [get(TEAM, args={"pk": "application", "submission_pk": "pack_submission"})],
    "engagement:submission_pack": [
        get(TEAM_WRITE, args=APP),
        post(TEAM_WRITE, 422, args=APP, why=EMPTY),
    ],
    "vacancies:notices": [
        get(
            ALL,
            contains="ready for your review",
            contains_only_for={"manager"},
            why="only the team's managers are told of a shortlist sent for review",
        )
    ],
    "portal:client_review": [
        get(PUBLIC, args={"token": "review_token"}),
        post(PUBLIC, 200, args={"token": "review_token"}, why="no entry chosen: the page says so"),
        get(BAD_TOKEN, 404, 410, args={"token": "=tampered"}, why=BAD_LINK, contains="This link"),
        get(rule(404, anonymous=404), args={"token": "consent_token"}, why="a link for another purpose"),
    ],
    "portal:client_review_cv": [
        get(PUBLIC, 200, 404, args={"token": "review_token", "entry_pk": "approved_entry"}),
        get(rule(404, anonymous=404), args={"token": "=tampered", "entry_pk": "approved_entry"}),
    ],
    # Issue 19: the public face (portal app). Open to anyone; no personal data without a token.
    "portal:privacy-notice": [get(PUBLIC, contains="Privacy notice")],
    "portal:jobs": [
        get(PUBLIC),
        get(PUBLIC, query={"q": "=python", "location": "=LS1", "employment_type": "=perm"}),
    ],
    # The careers site (lane "careers"): the world's vacancy is not published, so its public pages
    # are a 404 for everyone, signed in or not (tests/portal/ cover published jobs).
    "portal:jobs-feed": [get(PUBLIC, contains="<source>")],
    "portal:job": [get(rule(404, anonymous=404), args={"pk": "vacancy", "slug": "=any"}, why=UNPUBLISHED)],
    "portal:job-apply": [
        get(rule(404, anonymous=404), args={"pk": "vacancy"}, why=UNPUBLISHED),
        post(rule(404, anonymous=404), args={"pk": "vacancy"}, why=UNPUBLISHED),
    ],
    "portal:job-applied": [get(rule(404, anonymous=404), args={"pk": "vacancy"}, why=UNPUBLISHED)],
    # The candidate portal (docs/portal.md): no account, and a staff login is not a portal sign-in,
    # so every persona here is sent to the portal's sign-in page (302) and nothing is written.
    "portal:home": [get(PUBLIC, 302, why=NO_PORTAL)],
    "portal:sign-in": [
        get(PUBLIC, contains="Email me a sign-in link"),
        post(PUBLIC, 400, why=EMPTY),
        post(PUBLIC, 200, data={"email": "=nobody@example.test"}, contains="If we hold your details"),
    ],
    "portal:sign-in-link": [
        get(BAD_TOKEN, 404, 410, args={"token": "=tampered"}, why=BAD_LINK, contains="This link"),
        get(rule(404, anonymous=404), args={"token": "consent_token"}, why="a link for another purpose"),
    ],
    "portal:sign-out": [post(PUBLIC, 200)],
    **{
        f"portal:{name}": [post(PUBLIC, 302, why=NO_PORTAL)]
        for name in (
            "contact",
            "availability",
            "preferences",
            "channel",
            "cv",
            "share-code",
            "consent-marketing",
            "data-request",
        )
    },
    "portal:consent-vacancy": [post(PUBLIC, 302, args={"vacancy_id": "vacancy"}, why=NO_PORTAL)],
    "portal:interview-ics": [get(PUBLIC, 302, args={"pk": "=1"}, why=NO_PORTAL)],
    "portal:data-download": [get(PUBLIC, 302, why=NO_PORTAL)],
    "portal:erase": [get(PUBLIC, 302, why=NO_PORTAL), post(PUBLIC, 302, why=NO_PORTAL)],
    "portal:consent_answer": [
        get(PUBLIC, args={"token": "consent_token"}),
        post(PUBLIC, 200, 400, args={"token": "consent_token"}, why="no answer given"),
        get(BAD_TOKEN, 404, 410, args={"token": "=tampered"}, why=BAD_LINK, contains="This link"),
    ],
    # Compliance.
    "compliance:index": [get(ALL, is_list=True)],
    "compliance:task-done": [
        post(TEAM, args={"task_pk": "rtw_task"}),
        post(DBS_OBJECT, args={"task_pk": "dbs_task"}, why="a DBS re-check says a DBS check exists"),
    ],
    "compliance:candidate": [
        get(TEAM, args=CAND),
        get(rule(404, anonymous=LOGIN), args=CAND, query={"vacancy": "=0"}),
    ],
    "compliance:candidate-panel": [
        get(TEAM, args=CAND),
        get(TEAM, args=CAND, query={"vacancy": "vacancy"}),
        get(rule(404, admin_user=OK), args=THEIRS, query={"vacancy": "vacancy"}, why=FOREIGN_ID),
    ],
    "compliance:rtw-new": [get(TEAM, args=CAND), post(TEAM, 200, args=CAND, why=EMPTY)],
    "compliance:dbs-new": [get(DBS_PAGE, args=CAND), post(DBS_PAGE, 400, args=CAND, why=EMPTY)],
    "compliance:dbs-status-new": [
        get(DBS_OBJECT | {"outsider": 404}, args={"pk": "candidate", "dbs_pk": "dbs"}),
        post(DBS_OBJECT, 400, args={"pk": "candidate", "dbs_pk": "dbs"}, why=EMPTY),
    ],
    "compliance:reference-new": [get(TEAM, args=CAND), post(TEAM, 400, args=CAND, why=EMPTY)],
    "compliance:reference-request-new": [get(TEAM, args=CAND), post(TEAM, 400, args=CAND, why=EMPTY)],
    "portal:reference-answer": [
        get(PUBLIC, args={"token": "reference_token"}),
        post(PUBLIC, 422, args={"token": "reference_token"}, why="not confirmed: the form says why"),
        get(BAD_TOKEN, 404, 410, args={"token": "=tampered"}, why=BAD_LINK, contains="This link"),
    ],
    "compliance:gap-explain": [
        post(TEAM, 404, args=CAND, why="empty body: no gap named, so no such gap"),
        post(TEAM, args=CAND, data={"prefix": "=gap-0"}, why="an invalid form: back with a message"),
    ],
    "compliance:note-new": [get(TEAM, args=CAND), post(TEAM, 400, args=CAND, why=EMPTY)],
    "compliance:employment-end": [post(TEAM, args=CAND, why="empty body: back with a message")],
    "compliance:rtw-evidence": [get(TEAM, args={"check_pk": "rtw"})],
    "compliance:dbs-image": [get(DBS_OBJECT, args={"check_pk": "dbs"})],
    "compliance:identity-new": [get(TEAM, args=CAND), post(TEAM, 400, args=CAND, why=EMPTY)],
    "compliance:check-verify": [
        post(VERIFY, args={"pk": "candidate", "kind": "=identity-checks", "check_pk": "identity"}),
        post(VERIFY, args={"pk": "candidate", "kind": "=right-to-work", "check_pk": "rtw"}),
        post(VERIFY, args={"pk": "candidate", "kind": "=references", "check_pk": "reference"}),
    ],
    # Data protection: admins only, but the owner's hold page follows the candidate.
    "privacy:index": [get(ADMINS)],
    "privacy:policy": [post(ADMINS, 200, 302, args={"pk": "policy"})],
    "privacy:sweep": [post(ADMINS, 302, args={})],
    "privacy:sar_create": [post(ADMINS, 200, 400)],
    "privacy:erasure_create": [post(ADMINS, 200, 400)],
    "privacy:sar": [get(ADMINS, args={"pk": "sar"})],
    "privacy:sar_download": [get(ADMINS, 404, args={"pk": "sar"}, why="no ZIP built yet")],
    "privacy:erasure": [get(ADMINS, args={"pk": "erasure"})],
    "privacy:candidate": [get(ADMINS, args=CAND)],
    "privacy:hold": [get(TEAM_WRITE, args=CAND), post(TEAM_WRITE, 200, args=CAND, why=EMPTY)],
    "portal:keep_my_data": [
        get(PUBLIC, args={"token": "keep_token"}),
        post(PUBLIC, 200, 400, args={"token": "keep_token"}, why="no answer given"),
        get(BAD_TOKEN, 404, 410, args={"token": "=tampered"}, why=BAD_LINK, contains="This link"),
    ],
    # Customer service.
    "engagement:index": [get(ALL, is_list=True)],
    "engagement:log": [
        get(TEAM, args={"kind": "=candidate", "pk": "candidate"}),
        post(TEAM, 422, args={"kind": "=contact", "pk": "contact"}, why=EMPTY),
    ],
    "engagement:email": [
        get(TEAM, args={"kind": "=candidate", "pk": "candidate"}),
        post(TEAM, 422, args={"kind": "=candidate", "pk": "candidate"}, why=EMPTY),
    ],
    "engagement:timeline": [
        get(TEAM, args={"kind": "=candidate", "pk": "candidate"}),
        get(TEAM, args={"kind": "=contact", "pk": "contact"}),
        get(TEAM, args={"kind": "=client", "pk": "client"}),
        get(TEAM, args={"kind": "=vacancy", "pk": "vacancy"}),
        get(rule(404), args={"kind": "=nonsense", "pk": "candidate"}, why="no such kind"),
    ],
    # To-dos (issue 18): "My to-dos", the "Add to-do" modal on every kind of record, done, snooze.
    "engagement:todos": [
        get(ALL, is_list=True),
        get(ALL, is_list=True, query={"show": "=done"}),
        get(ALL, is_list=True, query={"due": "=today"}),
    ],
    "engagement:todo-add": [
        get(TEAM, args={"kind": "=candidate", "pk": "candidate"}),
        get(TEAM, args={"kind": "=contact", "pk": "contact"}),
        get(TEAM, args={"kind": "=client", "pk": "client"}),
        get(TEAM, args={"kind": "=vacancy", "pk": "vacancy"}),
        get(TEAM, args={"kind": "=application", "pk": "application"}),
        get(rule(404), args={"kind": "=nonsense", "pk": "candidate"}, why="no such kind"),
        post(TEAM, 422, args={"kind": "=candidate", "pk": "candidate"}, why=EMPTY),
    ],
    "engagement:todo-done": [post(TEAM, args={"pk": "todo"})],
    "engagement:todo-snooze": [
        post(TEAM, 400, args={"pk": "todo"}, why="no snooze length given"),
        post(TEAM, args={"pk": "todo"}, data={"days": "=1"}),
    ],
    "engagement:complaints": [get(ALL, is_list=True)],
    "engagement:complaint-new": [get(ALL), post(ALL, 422, why=EMPTY)],
    "engagement:complaint-export": [get(ALL, is_list=True)],
    "engagement:complaint": [get(TEAM, args={"pk": "complaint"})],
    "engagement:complaint-step": [
        post(TEAM, args={"pk": "complaint", "step": "=acknowledge"}),
        post(TEAM, args={"pk": "complaint", "step": "=close"}, why="back to the complaint, closed or not"),
    ],
    "engagement:improvements": [get(ALL, is_list=True), get(ALL, is_list=True, query={"client": "client"})],
    "engagement:improvement-status": [post(TEAM, args={"pk": "improvement"})],
    "engagement:templates": [get(ALL, is_list=True)],
    "engagement:template-edit": [
        get(MANAGERS, args={"pk": "template"}),
        post(MANAGERS, 422, args={"pk": "template"}, why=EMPTY),
    ],
    # Bulk mail (issue 18): the composer from the ticked rows or a saved search (the saved search
    # is its user's own), the send's pages, and the public one-click unsubscribe (RFC 8058).
    # Issue 19: messages at every step, waiting to send (read, edit, send now, cancel).
    "engagement:stage-messages": [get(ALL, is_list=True)],
    "engagement:stage-message": [
        get(TEAM, args={"pk": "stage_message"}),
        post(TEAM, 400, args={"pk": "stage_message"}, why=EMPTY),
    ],
    "engagement:stage-message-send": [post(TEAM, args={"pk": "stage_message"})],
    "engagement:stage-message-cancel": [post(TEAM, args={"pk": "stage_message"})],
    "engagement:stage-messages-panel": [
        get(TEAM, args={"kind": "=application", "pk": "application"}),
        get(TEAM, args={"kind": "=candidate", "pk": "candidate"}),
    ],
    "engagement:bulk-list": [get(ALL, is_list=True)],
    "engagement:bulk-new": [
        # First: the page opened bare says nobody is chosen (so the phone test, tests/e2e/pages.py,
        # leaves it to tests/e2e/test_bulk_mail.py, which opens it with people chosen).
        get(ALL, 400, why="nobody chosen: the page says so"),
        get(TEAM, query={"ids": "candidate"}),
        get(rule(404, recruiter=OK), query={"saved_search": "saved_search"}),
        post(TEAM, 200, data={"ids": "candidate"}, why="from the list's ticked rows: the composer"),
        post(
            TEAM,
            302,
            data={"ids": "candidate", "step": "=send", "subject": "=Hi", "body": "=Hello"},
            ok_for={"admin_user": {422}},
            why="sent, on to its progress page; the admin has no team: refused, said on the form",
        ),
    ],
    "engagement:bulk": [get(TEAM, args={"pk": "bulk_email"})],
    "engagement:bulk-progress": [get(TEAM, args={"pk": "bulk_email"})],
    "engagement:bulk-cancel": [post(TEAM, args={"pk": "bulk_email"})],
    "portal:unsubscribe": [
        get(PUBLIC, args={"token": "unsubscribe_token"}),
        post(PUBLIC, 200, args={"token": "unsubscribe_token"}, data={"List-Unsubscribe": "=One-Click"}),
        post(PUBLIC, 400, args={"token": "unsubscribe_token"}, why="not the one-click body: nothing done"),
        get(BAD_TOKEN, 404, args={"token": "=tampered"}, why=BAD_LINK, contains="This link"),
    ],
    "engagement:template-new": [get(MANAGERS), post(MANAGERS, 422, why=EMPTY)],
    "engagement:template-delete": [
        post(MANAGERS, args={"pk": "template"}, why="a template the app sends itself: kept, with a message"),
    ],
    "portal:survey": [
        get(PUBLIC, args={"token": "survey_token"}),
        post(PUBLIC, 422, args={"token": "survey_token"}, why="no score given"),
        get(BAD_TOKEN, 404, 410, args={"token": "=tampered"}, why=BAD_LINK, contains="This link"),
    ],
    # Mail that comes back (issue 18): the team's unmatched mail (the world's came through the
    # recruiter's drop-box); the outsider's list shows none of it.
    "engagement:inbox": [get(ALL, is_list=True)],
    "engagement:inbound": [get(TEAM, args={"pk": "inbound"})],
    "engagement:inbound-file": [post(TEAM, 422, args={"pk": "inbound"}, why=EMPTY)],
    "engagement:inbound-discard": [post(TEAM, args={"pk": "inbound"})],
    "engagement:inbound-attachment": [get(TEAM, args={"pk": "inbound", "file_pk": "inbound_file"})],
    # A provider's webhook: no session, HTTP basic auth (ANYMAIL_WEBHOOK_SECRET) or 400, for everyone.
    "anymail-webhook": [
        post(rule(400, anonymous=400), 400, args={"rest": "=postmark/inbound/"}, why="no basic auth: 400")
    ],
    "portal:interview-confirm": [
        get(PUBLIC, args={"token": "interview_token"}, contains="Confirm you will attend"),
        post(PUBLIC, 400, args={"token": "interview_token"}, why="no answer given"),
        get(BAD_TOKEN, 404, 410, args={"token": "=tampered"}, why=BAD_LINK, contains="This link"),
        get(rule(404, anonymous=404), args={"token": "survey_token"}, why="a link for another purpose"),
    ],
}


def api_rule(base: Rule) -> Rule:
    return {**base, "anonymous": 401 if base["anonymous"] == LOGIN else base["anonymous"]}


API_DOC = {"pk": "candidate", "document_id": "document"}
A_ALL, A_TEAM, A_TEAM_WRITE, A_ADD = api_rule(ALL), api_rule(TEAM), api_rule(TEAM_WRITE), api_rule(ADD)
A_ADMINS, A_DBS_OBJECT = api_rule(ADMINS), api_rule(DBS_OBJECT)
A_REVIEW = api_rule(REVIEW)
# Admin-only actions on a candidate: the outsider cannot see the candidate at all (404).
A_ADMIN_OBJECT = api_rule(rule(403, outsider=404, admin_user=OK))
# The compliance role reads interviews, offers and shortlists of its team one by one, but holds no
# view_ permission for them, so their lists are refused (vacancies/roles.py).
A_NO_COMPLIANCE_LIST = api_rule(rule(compliance_officer=403))
BAD = "empty body: 400 with the fields' errors"
FOREIGN_CLIENT = "the outsider names another team's client: 400 like an unknown id"
FOREIGN_VACANCY_ID = "the outsider names another team's vacancy: 400 like an unknown id"
FOREIGN_CANDIDATE = "the outsider names another team's candidate: 400 like an unknown id"
NO_PUT = "PUT is not offered (API.md speaks of PATCH): 405"
IMMUTABLE = "a recorded check is never edited: 405"
PUT_405 = rule(405, anonymous=401)
# Admin-only endpoints check the role before the method: PUT is 403 below admin, 405 for the admin.
ADMIN_PUT = rule(403, anonymous=401, admin_user=405)


def _detail(read: Rule, write: Rule, key: str, change: dict[str, Any]) -> list[Check]:
    """GET, a PATCH that changes a field (200: the change is let through), and PUT (405)."""
    checks = [get(read, args={"pk": key})]
    checks.append(c("patch", write, 200, args={"pk": key}, data=change))
    checks.append(c("put", PUT_405, 405, args={"pk": key}, data={}, why=NO_PUT))
    return checks


API: dict[str, list[Check]] = {
    "api-token": [
        post(rule(400, anonymous=400), 400, data={}, why=BAD),
        c("delete", A_ALL, 204, why="revokes the caller's own token (none yet: still 204)"),
    ],
    "api-me": [get(A_ALL)],
    "team-list": [get(A_ADMINS), post(A_ADMINS, 400, data={}, why=BAD)],
    "team-detail": [get(A_ADMINS, args={"pk": "team"})],
    "user-list": [get(A_ADMINS), post(A_ADMINS, 400, data={}, why=BAD)],
    "user-detail": [
        get(A_ADMINS, args={"pk": "user"}),
        c("patch", A_ADMINS, 200, args={"pk": "user"}, data={}),
        c("put", ADMIN_PUT, 405, args={"pk": "user"}, data={}, why=NO_PUT),
    ],
    "candidate-list": [
        get(A_ALL, is_list=True),
        get(A_ALL, is_list=True, query={"q": "=Morgan"}),
        post(A_ADD, 400, data={}, why=BAD),
    ],
    "candidate-import-csv": [post(A_ADD, 400, data={}, multipart=True, why="no file: 400")],
    "candidate-detail": _detail(A_TEAM, A_TEAM_WRITE, "candidate", {}),
    "candidate-consents": [
        get(A_TEAM, args=CAND),
        post(A_TEAM_WRITE, 400, args=CAND, data={}, why=BAD),
        post(
            api_rule(CROSS_TEAM),
            201,
            args=THEIRS,
            data=SUBMISSION_CONSENT,
            ok_for={"outsider": {400}},
            why=FOREIGN_VACANCY,
        ),
    ],
    "candidate-documents": [
        get(A_TEAM, args=CAND),
        post(A_TEAM_WRITE, 400, args=CAND, data={}, multipart=True, why="no file: 400"),
    ],
    "candidate-merge": [post(A_TEAM_WRITE, 400, args=CAND, data={}, why=BAD)],
    "candidate-document": [
        get(A_TEAM, args=API_DOC),
        c("patch", A_TEAM_WRITE, 200, args=API_DOC, data={"filename": "=Renamed CV.txt"}),
        c("delete", A_TEAM_WRITE, 204, args=API_DOC),
    ],
    "candidate-document-preview": [get(A_TEAM, args=API_DOC)],
    "candidate-not-duplicate": [post(A_TEAM_WRITE, 400, args=CAND, data={}, why=BAD)],
    "candidate-withdraw-consent": [
        post(A_TEAM_WRITE, 200, args={"pk": "candidate", "consent_id": "consent"})
    ],
    "client-list": [
        get(A_ALL, is_list=True, empty_for_outsider=True),
        post(A_ADD, 400, data={}, why=BAD),
        post(
            A_ADD,
            200,
            201,
            data={"name": "=New Co"},
            data_for={"admin_user": {"team": "team"}},
            why="a valid client: added to the user's team (the admin, who has none, names it)",
        ),
    ],
    "client-detail": _detail(A_TEAM, A_TEAM_WRITE, "client", {"sector": "=Retail"}),
    "client-terms": [get(A_TEAM, args=CLIENT), post(A_TEAM_WRITE, 400, args=CLIENT, data={}, why=BAD)],
    "client-terms-document": [get(A_TEAM, args={"pk": "client", "terms_id": "terms"})],
    "contact-list": [
        get(A_ALL, is_list=True, empty_for_outsider=True),
        get(A_ALL, is_list=True, query={"client": "client"}),
        post(A_ADD, 400, data={}, why=BAD),
        post(
            A_ADD | {"outsider": 400},
            201,
            data={"client": "client", "first_name": "=A", "last_name": "=B"},
            multipart=True,
            why=FOREIGN_CLIENT,
        ),
    ],
    "contact-detail": _detail(A_TEAM, A_TEAM_WRITE, "contact", {"job_title": "=CFO"}),
    "vacancy-list": [
        get(A_ALL, is_list=True, empty_for_outsider=True),
        post(A_ADD, 400, data={}, why=BAD),
        post(A_ADD | {"outsider": 400}, 201, data={"client": "client", "title": "=X"}, why=FOREIGN_CLIENT),
    ],
    "vacancy-detail": _detail(A_TEAM, A_TEAM_WRITE, "vacancy", {"title": "=Renamed"}),
    "vacancy-matches": [get(A_TEAM, args=VAC)],
    "application-list": [
        get(A_ALL, is_list=True, empty_for_outsider=True),
        get(A_ALL, is_list=True, query={"vacancy": "vacancy", "candidate": "candidate"}),
        post(A_ADD, 400, data={}, why=BAD),
    ],
    "application-detail": [get(A_TEAM, args=APP)],
    "application-submission-pack": [
        post(A_TEAM_WRITE, 400, args=APP, data={"contact": "=not-a-number"}, why=BAD),
        post(A_TEAM_WRITE, 201, args=APP, data={}),
    ],
    "application-consent-request": [post(A_TEAM_WRITE, 201, args=APP, data={})],
    "application-move": [
        post(A_TEAM_WRITE, 400, args=APP, data={}, why=BAD),
        post(A_TEAM_WRITE, 200, 201, args=APP, data={"stage": "=screening"}),
    ],
    "placement-list": [
        get(A_ALL, is_list=True, empty_for_outsider=True),
        post(A_ADD, 400, data={}, why=BAD),
    ],
    "placement-detail": [get(A_TEAM, args={"pk": "placement"})],
    "interview-list": [
        get(A_NO_COMPLIANCE_LIST, is_list=True, query={"application": "application"}),
        post(A_ADD, 400, data={}, why=BAD),
    ],
    "interview-detail": _detail(A_TEAM, A_TEAM_WRITE, "interview", {}),
    "interview-invite": [get(A_TEAM, args={"pk": "interview"})],
    "offer-list": [
        get(A_NO_COMPLIANCE_LIST, is_list=True, query={"application": "application"}),
        post(A_ADD, 400, data={}, why=BAD),
    ],
    "offer-detail": _detail(A_TEAM, A_TEAM_WRITE, "offer", {}),
    "shortlist-list": [
        get(A_NO_COMPLIANCE_LIST, is_list=True, query={"vacancy": "vacancy"}),
        post(A_ADD, 400, data={}, why=BAD),
        post(A_ADD | {"outsider": 400}, 200, 201, data={"vacancy": "vacancy"}, why=FOREIGN_VACANCY_ID),
    ],
    "shortlist-detail": [get(A_TEAM, args={"pk": "shortlist"})],
    "shortlist-entries": [
        post(A_TEAM_WRITE, 400, args={"pk": "shortlist"}, data={}, why=BAD),
        post(A_TEAM_WRITE, 200, 201, args={"pk": "shortlist"}, data={"candidate": "duplicate"}),
    ],
    "shortlist-review": [
        post(A_REVIEW, 400, args={"pk": "in_review"}, data={}, why=BAD),
        post(A_REVIEW, 200, 201, args={"pk": "in_review"}, data={"request_changes": True}),
    ],
    "shortlist-share": [
        post(A_TEAM_WRITE, 200, 201, args={"pk": "approved"}, data={}),
        post(A_TEAM_WRITE, 201, args={"pk": "approved"}, data={"send": True}),
    ],
    "shortlist-submit": [post(A_TEAM_WRITE, 200, args={"pk": "shortlist"}, data={})],
    "compliance-status": [
        get(A_TEAM, query={"candidate": "candidate", "vacancy": "vacancy"}),
        get(api_rule(rule(404)), query={"candidate": "candidate", "vacancy": "=0"}, why="no such vacancy"),
        get(
            api_rule(rule(404, admin_user=OK)),
            query={"candidate": "outsider_candidate", "vacancy": "vacancy"},
            why=FOREIGN_ID,
        ),
    ],
    "rtw-check-list": [
        get(A_ALL, is_list=True, query={"candidate": "candidate"}),
        post(A_ALL, 400, data={}, why=BAD),
    ],
    "rtw-check-detail": [
        get(A_TEAM, args={"pk": "rtw"}),
        c("patch", rule(405, anonymous=401), 405, args={"pk": "rtw"}, data={}, why=IMMUTABLE),
        c("put", PUT_405, 405, args={"pk": "rtw"}, data={}, why=IMMUTABLE),
    ],
    "dbs-check-list": [
        get(api_rule(rule(403, compliance_officer=OK, admin_user=OK)), is_list=True),
        post(api_rule(rule(403, compliance_officer=OK, admin_user=OK)), 400, data={}, why=BAD),
    ],
    "dbs-check-detail": [
        get(A_DBS_OBJECT, args={"pk": "dbs"}),
        c("patch", rule(405, anonymous=401), 405, args={"pk": "dbs"}, data={}, why=IMMUTABLE),
        c("put", PUT_405, 405, args={"pk": "dbs"}, data={}, why=IMMUTABLE),
    ],
    "dbs-check-status-checks": [post(A_DBS_OBJECT, 400, args={"pk": "dbs"}, data={}, why=BAD)],
    "reference-check-list": [get(A_ALL, is_list=True), post(A_ALL, 400, data={}, why=BAD)],
    "reference-check-detail": [
        get(A_TEAM, args={"pk": "reference"}),
        c("patch", rule(405, anonymous=401), 405, args={"pk": "reference"}, data={}, why=IMMUTABLE),
        c("put", PUT_405, 405, args={"pk": "reference"}, data={}, why=IMMUTABLE),
    ],
    "rtw-check-verify": [post(api_rule(VERIFY), 200, args={"pk": "rtw"}, data={})],
    "reference-check-verify": [post(api_rule(VERIFY), 200, args={"pk": "reference"}, data={})],
    "identity-check-list": [
        get(A_ALL, is_list=True, query={"candidate": "candidate"}),
        post(A_ALL, 400, data={}, why=BAD),
    ],
    "identity-check-detail": [
        get(A_TEAM, args={"pk": "identity"}),
        c("patch", rule(405, anonymous=401), 405, args={"pk": "identity"}, data={}, why=IMMUTABLE),
        c("put", PUT_405, 405, args={"pk": "identity"}, data={}, why=IMMUTABLE),
    ],
    "identity-check-verify": [post(api_rule(VERIFY), 200, args={"pk": "identity"}, data={})],
    "reference-request-list": [
        get(A_ALL, is_list=True, query={"candidate": "candidate"}),
        post(A_ALL, 400, data={}, why=BAD),
    ],
    "reference-request-detail": [
        get(A_TEAM, args={"pk": "reference_request"}),
        c("patch", rule(405, anonymous=401), 405, args={"pk": "reference_request"}, data={}, why=IMMUTABLE),
        c("put", PUT_405, 405, args={"pk": "reference_request"}, data={}, why=IMMUTABLE),
    ],
    "gap-explanation-list": [get(A_ALL, is_list=True), post(A_ALL, 400, data={}, why=BAD)],
    "gap-explanation-detail": [
        get(A_TEAM, args={"pk": "gap"}),
        c("patch", rule(405, anonymous=401), 405, args={"pk": "gap"}, data={}, why=IMMUTABLE),
        c("put", PUT_405, 405, args={"pk": "gap"}, data={}, why=IMMUTABLE),
    ],
    "vetting-note-list": [get(A_ALL, is_list=True), post(A_ALL, 400, data={}, why=BAD)],
    "vetting-note-detail": [
        get(A_TEAM, args={"pk": "note"}),
        c("patch", rule(405, anonymous=401), 405, args={"pk": "note"}, data={}, why=IMMUTABLE),
        c("put", PUT_405, 405, args={"pk": "note"}, data={}, why=IMMUTABLE),
    ],
    "audit-events": [
        get(A_ADMINS),
        get(A_ADMINS, query={"object_type": "=candidates.candidate", "object_id": "candidate"}),
    ],
    "candidate-export": [get(A_ADMIN_OBJECT, args=CAND)],
    "candidate-anonymise": [post(A_ADMIN_OBJECT, 200, 409, args=CAND, data={})],
    "candidate-legal-hold": [
        post(A_ADMIN_OBJECT, 400, args=CAND, data={}, why="no reason: 400"),
        c("delete", A_ADMIN_OBJECT, 200, 204, args=CAND, data={}),
    ],
    "retention-policy-list": [get(A_ADMINS), post(A_ADMINS, 400, data={}, why=BAD)],
    "retention-policy-detail": [
        c("patch", A_ADMINS, 200, args={"pk": "policy"}, data={}),
        c("put", ADMIN_PUT, 405, args={"pk": "policy"}, data={}, why=NO_PUT),
    ],
    "sweep-run-list": [get(A_ADMINS), post(A_ADMINS, 202, data={})],
    "sweep-run-detail": [get(A_ADMINS, args={"pk": "sweep"})],
    "sar-list": [get(A_ADMINS), post(A_ADMINS, 400, data={}, why=BAD)],
    "sar-detail": [get(A_ADMINS, args={"pk": "sar"})],
    "erasure-request-list": [get(A_ADMINS), post(A_ADMINS, 400, data={}, why=BAD)],
    "erasure-request-detail": [
        get(A_ADMINS, args={"pk": "erasure"}),
        c("patch", A_ADMINS, 200, 400, args={"pk": "erasure"}, data={}),
        c("put", ADMIN_PUT, 405, args={"pk": "erasure"}, data={}, why=NO_PUT),
    ],
    "erasure-request-complete": [
        c(
            "post",
            A_ADMINS,
            200,
            409,
            args={"pk": "erasure"},
            data={},
            why="erases, or restricts inside a floor",
        )
    ],
    "communication-list": [
        get(A_ALL, is_list=True, empty_for_outsider=True),
        get(A_ALL, is_list=True, query={"candidate": "candidate"}),
        post(A_ALL, 400, data={}, why=BAD),
        post(
            A_ALL | {"outsider": 400},
            200,
            201,
            data={"kind": "=call", "summary": "=x", "candidate": "candidate"},
            why=FOREIGN_CANDIDATE,
        ),
    ],
    "communication-detail": [
        get(A_TEAM, args={"pk": "communication"}),
        c(
            "patch",
            rule(405, anonymous=401),
            405,
            args={"pk": "communication"},
            data={},
            why="a log entry is never edited",
        ),
        c("put", PUT_405, 405, args={"pk": "communication"}, data={}, why=NO_PUT),
    ],
    # Composed email (issue 18): 202 queued; the outsider names another team's candidate (400).
    "email-list": [
        get(A_ALL, is_list=True, empty_for_outsider=True),
        post(A_ALL, 400, data={}, why=BAD),
        post(
            A_ALL | {"outsider": 400},
            202,
            data={"subject": "=Hello", "body": "=Hi", "candidate": "candidate"},
            why=FOREIGN_CANDIDATE,
        ),
    ],
    # Bulk mail (issue 18): 202 {id, recipients, skipped}; a saved search is its user's own (400 for
    # anyone else, like an unknown id); the world's people have no marketing consent: 409.
    "bulk-email-list": [
        get(A_ALL, is_list=True, empty_for_outsider=True),
        post(A_ALL, 400, data={}, why=BAD),
        post(
            api_rule(rule(400, recruiter=OK)),
            409,
            data={"saved_search": "saved_search", "subject": "=Hi", "body": "=Hello"},
            why="nobody found has a live marketing consent: 409 no_recipients",
        ),
    ],
    "bulk-email-detail": [
        get(A_TEAM, args={"pk": "bulk_email"}),
        c("put", PUT_405, 405, args={"pk": "bulk_email"}, data={}, why=NO_PUT),
    ],
    "email-detail": [
        get(A_TEAM, args={"pk": "outbound_email"}),
        c(
            "patch",
            rule(405, anonymous=401),
            405,
            args={"pk": "outbound_email"},
            data={},
            why="a sent email is not edited",
        ),
        c("put", PUT_405, 405, args={"pk": "outbound_email"}, data={}, why=NO_PUT),
    ],
    # To-dos (issue 18): the admin has no team, so no one to give a to-do to by default (400).
    "todo-list": [
        get(A_ALL, is_list=True, empty_for_outsider=True),
        get(A_ALL, is_list=True, query={"mine": "=1"}, empty_for_outsider=True),
        post(A_ALL, 400, data={}, why=BAD),
        post(
            A_ALL | {"outsider": 400, "admin_user": 400},
            201,
            data={"title": "=Call back", "due_at": "=2030-01-07T09:00:00Z", "candidate": "candidate"},
            why=FOREIGN_CANDIDATE,
        ),
    ],
    "todo-detail": _detail(A_TEAM, A_TEAM, "todo", {"title": "=Called back"}),
    "complaint-list": [
        get(A_ALL, is_list=True, empty_for_outsider=True),
        post(A_ALL, 400, data={}, why=BAD),
        post(
            A_ALL | {"admin_user": 400},
            200,
            201,
            data={
                "complainant_type": "=other",
                "complainant_name": "=Jo",
                "channel": "=email",
                "category": "=other",
                "severity": "=low",
                "description": "=x",
            },
            why="a complaint needs a team-owning person or owner; the admin has no team: 400",
        ),
    ],
    "complaint-detail": _detail(A_TEAM, A_TEAM, "complaint", {"resolution": "=Sorted"}),
    # The OpenAPI schema and its docs page hold no records: public, like the API.md they follow.
    "api-schema": [get(PUBLIC)],
    "api-docs": [get(PUBLIC)],
}

MATRIX: dict[str, list[Check]] = {**PAGES, **API}
API_NAMES = frozenset(API)
