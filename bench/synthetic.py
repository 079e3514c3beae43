"""A fast, deterministic synthetic agency database (`manage.py generate_candidates N --seed S`).

What it writes, per candidate: the candidate row, skills (Zipf-like over a few hundred, with
aliases), work history, qualifications, a processing consent (plus marketing and per-vacancy
submission consents), a text-only CV (a Document row with extracted text and no stored file: a
real file each at 1M is too heavy; its text reaches `search_text`/`search_vector` through the app's
own refresh, weight D) and applications across a set of clients' vacancies, some placed. Owners are
spread across several synthetic teams (or all one `--owner`).

How it is fast: rows are built in Python and streamed with PostgreSQL COPY (psycopg 3
`cursor.copy`), 10,000 candidates per transaction; the derived values (search vector, search text,
data-quality base) are then computed by the app's own `candidate_refresh_derived` for that chunk in
the same transaction — the very SQL a real save runs, so generated and real records cannot drift.
For big runs the candidate table's GIN/GiST indexes are dropped first and rebuilt once at the end
(one sorted build instead of a million incremental inserts).

Deterministic: candidate n of seed S is the same whatever N is and whatever is already in the
database (each chunk of 10,000 has its own RNG), so 100,000 is a prefix of 1,000,000. Emails
(`synthetic-S-n@generated.example`) are the key: running again skips who is already there.

Retention: nobody is due for the retention sweep when generated (sourced records were sent the
privacy notice, consent-based records consented recently, closed applications are recent), so the
nightly sweep finds nothing until time passes. About 8% are *stale*: no applications and no
contact for 13 to 22 months — the talent pool the sweep reaches first; the benchmark makes a
bounded number of them due (bench.harness).
"""

from __future__ import annotations

import bisect
import datetime
import hashlib
import itertools
import multiprocessing
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, connections, transaction
from django.utils import timezone

from bench import vocab

CHUNK = 10_000  # candidates per transaction (and per RNG stream: fixed, so data never depends on N)
BIG_LOAD = 20_000  # from this many new candidates on, rebuild the search indexes once at the end
EMAIL_DOMAIN = "generated.example"
STALE_SHARE = 0.08
TEAM_NAMES = ["North", "London", "Midlands", "Scotland", "Wales and West"]
RECRUITERS_PER_TEAM = 4
COPY_TABLES = (
    "candidates_candidate",
    "candidates_candidateskill",
    "candidates_workhistory",
    "candidates_qualification",
    "candidates_document",
    "candidates_consent",
    "vacancies_application",
    "vacancies_placement",
)


def email_for(seed: int, n: int) -> str:
    return f"synthetic-{seed}-{n}@{EMAIL_DOMAIN}"


def team_name(seed: int, name: str) -> str:
    return f"Synthetic {name} (seed {seed})"


def username_for(seed: int, team_index: int, k: int) -> str:
    return f"synth{seed}-t{team_index + 1}-r{k + 1}"


@dataclass
class GenerateReport:
    requested: int = 0
    created: int = 0
    already_there: int = 0
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)


class _Weighted:
    """rng.choices with precomputed cumulative weights (much faster when called a million times)."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> Any:
        return self.items[bisect.bisect(self.cum, rng.random() * self.total)]


def _zipf(items: Sequence[Any], s: float = 1.0) -> _Weighted:
    return _Weighted(items, [1 / (i + 1) ** s for i in range(len(items))])


@dataclass
class _Setup:
    """What the rows refer to: owners, skills, vacancies (made or found once per seed)."""

    owners: list[tuple[int, int]]  # (user id, team id)
    skill_ids: dict[str, int]  # typed name -> Skill id
    vacancies: dict[int, list[tuple[int, int, int]]]  # family -> [(vacancy id, owner id, team id)]
    all_vacancies: list[tuple[int, int, int]]
    filled: set[int]


def _setup(seed: int, count: int, owner: Any | None) -> _Setup:
    from candidates.services.records import skills_resolve
    from clients.models import Client
    from clients.services import client_create
    from core.models import Team, User
    from core.services import team_create, user_role_sync
    from vacancies.models import Vacancy

    rng = random.Random(f"{seed}:setup")  # synthetic data, not security
    if owner is not None:
        users = [owner]
    else:
        users = []
        for t, name in enumerate(TEAM_NAMES):
            team = Team.objects.filter(name=team_name(seed, name)).first() or team_create(
                actor=None, name=team_name(seed, name)
            )
            for k in range(RECRUITERS_PER_TEAM):
                username = username_for(seed, t, k)
                user = User.objects.filter(username=username).first()
                if user is None:
                    # No usable password (hashing twenty is slow): the benchmark sets one to log in.
                    user = User(
                        username=username,
                        role=User.Role.MANAGER if k == 0 else User.Role.RECRUITER,
                        team=team,
                        first_name=rng.choice(vocab.FIRST),
                        last_name=rng.choice(vocab.LAST),
                    )
                    user.set_unusable_password()
                    user.save()
                    user_role_sync(user=user)
                users.append(user)
    owners = [(u.pk, u.team_id) for u in users]

    # Skills through the app's own resolver: keys, built-in aliases, "JS" -> JavaScript.
    names = sorted({s for _, _, skills in vocab.FAMILIES for s in skills} | set(vocab.ANYWHERE))
    skill_ids: dict[str, int] = {}
    for name in names:
        skill = skills_resolve([name])[0]
        skill_ids[name] = skill.pk
    _add_extra_aliases()

    # Clients and vacancies: a few per team, more for a bigger database (20 to 500).
    wanted = max(20, min(500, count // 2000))
    prefix = f"Synthetic client {seed}-"
    clients = list(Client.objects.filter(name__startswith=prefix).order_by("pk"))
    for k in range(len(clients), max(5, wanted // 5)):
        user = users[k % len(users)]
        clients.append(
            client_create(
                actor=user,
                name=f"{prefix}{k + 1} {rng.choice(vocab.EMPLOYERS)}",
                status=Client.Status.ACTIVE,
                sector=rng.choice(["Technology", "Finance", "Construction", "Healthcare", "Logistics"]),
                postcode=_postcode(rng, rng.choice(vocab.PLACES)[1]),
            )
        )
    existing = list(Vacancy.objects.filter(client__in=clients).order_by("pk"))
    new = []
    family_pick = _Weighted(range(len(vocab.FAMILIES)), [w for w, _, _ in vocab.FAMILIES])
    for k in range(len(existing), wanted):
        family = family_pick.pick(rng)
        _, titles, skills = vocab.FAMILIES[family]
        client = clients[k % len(clients)]
        salary = rng.randrange(22_000, 80_000, 1000)
        vacancy = Vacancy(
            client=client,
            owner_id=client.owner_id,
            team_id=client.team_id,
            title=titles[k % len(titles)],
            description=f"[family {family}] " + ", ".join(skills[:6]),
            must_have_skills=skills[:2] if k % 3 else skills[:1],
            nice_to_have_skills=skills[2:5],
            postcode=_postcode(rng, rng.choice(vocab.PLACES)[1]),
            remote=rng.choice(["onsite", "onsite", "hybrid", "remote"]),
            employment_type=rng.choice(["perm", "perm", "perm", "contract", "temp"]),
            salary_min=salary,
            salary_max=salary + rng.randrange(0, 15_000, 1000),
            status=Vacancy.Status.FILLED if k % 4 == 3 else Vacancy.Status.OPEN,
            opened_at=timezone.now() - datetime.timedelta(days=rng.randint(5, 150)),
        )
        vacancy.full_clean(exclude=["client", "contact"])
        new.append(vacancy)
    vacancies_all = existing + Vacancy.objects.bulk_create(new)
    by_family: dict[int, list[tuple[int, int, int]]] = {}
    for v in vacancies_all:
        family = int(v.description.split("]")[0].removeprefix("[family ")) if v.description else 0
        by_family.setdefault(family, []).append((v.pk, v.owner_id, v.team_id))
    return _Setup(
        owners=owners,
        skill_ids=skill_ids,
        vacancies=by_family,
        all_vacancies=[(v.pk, v.owner_id, v.team_id) for v in vacancies_all],
        filled={v.pk for v in vacancies_all if v.status == Vacancy.Status.FILLED},
    )


def _add_extra_aliases() -> None:
    from candidates.models import Skill
    from candidates.normalise import canonical_skill_key, skill_key

    taken = set(Skill.objects.values_list("key", flat=True))
    for name, aliases in vocab.EXTRA_ALIASES.items():
        skill = Skill.objects.filter(key=canonical_skill_key(name)).first()
        if skill is None:
            continue
        add = [
            skill_key(a) for a in aliases if skill_key(a) not in taken and skill_key(a) not in skill.aliases
        ]
        if add:
            skill.aliases = sorted({*skill.aliases, *add})
            skill.save(update_fields=["aliases"])


def _postcode(rng: random.Random, districts: Sequence[str]) -> str:
    u = vocab.UNITS
    return f"{rng.choice(districts)} {rng.randint(1, 9)}{rng.choice(u)}{rng.choice(u)}"


class _Rows:
    """Rows for one chunk, per table, in COPY column order."""

    def __init__(self) -> None:
        self.tables: dict[str, list[tuple[Any, ...]]] = {t: [] for t in COPY_TABLES}


CANDIDATE_COLUMNS = (
    "id, first_name, last_name, email, phone, postcode, town, current_title, summary, employment_types,"
    " desired_salary, desired_day_rate, available_from, availability_confirmed_on, notice_period_weeks,"
    " source, source_detail, referrer, tags, right_to_work, status, lawful_basis, privacy_notice_sent_on,"
    " created_at, updated_at, last_contacted_at, is_anonymised, name_key, postcode_key, quality_base,"
    " search_text, owner_id, team_id,"
    # Issue 19's contact preferences and wishes (no database defaults): none stated.
    " privacy_notice_version, preferred_channel, contact_frequency, desired_roles, desired_locations"
)
COLUMNS = {
    "candidates_candidate": CANDIDATE_COLUMNS,
    "candidates_candidateskill": "candidate_id, skill_id",
    "candidates_workhistory": "candidate_id, employer, title, started_on, ended_on, summary",
    "candidates_qualification": "candidate_id, name, institution, awarded_on, verified",
    "candidates_document": (
        "candidate_id, kind, filename, file, content_type, size, sha256, uploaded_at, uploaded_by_id,"
        " text, extraction, extraction_error, can_be_cv, is_current_cv"
    ),
    "candidates_consent": (
        "candidate_id, purpose, lawful_basis, vacancy_id, given_at, withdrawn_at, method,"
        " wording_version, evidence, recorded_by_id, recorded_at"
    ),
    "vacancies_application": (
        "id, vacancy_id, candidate_id, stage, stage_changed_at, withdrawn_reason, created_at,"
        " owner_id, team_id, updated_at, source, needs_adjustments"
    ),
    "vacancies_placement": (
        "application_id, start_on, salary, fee, fee_percent, fee_overridden, guarantee_ends_on,"
        " created_at, created_by_id"
    ),
}

STAGES = _Weighted(
    [
        "sourced",
        "screening",
        "shortlisted",
        "submitted",
        "interview",
        "offer",
        "placed",
        "rejected",
        "withdrawn",
    ],
    [25, 14, 10, 9, 8, 3, 4, 22, 5],
)
SUBMITTED_OR_LATER = {"submitted", "interview", "offer", "placed"}
STATUS = _Weighted(["active", "not_looking", "do_not_contact"], [85, 14, 1])
BASIS = _Weighted(["legitimate_interests", "consent", "contract"], [84, 11, 5])
RTW = _Weighted(["yes", "needs_sponsorship", "unknown"], [80, 6, 14])
EMPLOYMENT = _Weighted(
    [["perm"], ["perm", "contract"], ["contract"], ["temp"], ["perm", "temp"], []], [50, 12, 10, 8, 8, 12]
)
NOTICE = _Weighted([0, 1, 2, 4, 4, 8, 12, None], [6, 10, 8, 30, 1, 12, 10, 10])


class _Generator:
    def __init__(self, seed: int, setup: _Setup, now: datetime.datetime) -> None:
        self.seed = seed
        self.setup = setup
        self.now = now
        self.today = now.date()
        self.families = _Weighted(range(len(vocab.FAMILIES)), [w for w, _, _ in vocab.FAMILIES])
        self.family_skills = [_zipf(skills, 0.9) for _, _, skills in vocab.FAMILIES]
        self.titles = [_Weighted(titles, [5, 3, 2, 1][: len(titles)]) for _, titles, _ in vocab.FAMILIES]
        self.anywhere = _zipf(vocab.ANYWHERE, 1.3)
        self.places = _Weighted(vocab.PLACES, vocab.PLACE_WEIGHTS)
        self.sources = _Weighted(vocab.SOURCES, [w for _, w, _ in vocab.SOURCES])
        self.first = _zipf(vocab.FIRST, 0.5)
        self.last = _zipf(vocab.LAST, 0.6)
        self.employers = _zipf(vocab.EMPLOYERS, 0.4)

    def chunk(
        self, chunk_no: int, skip: set[int], ids: Iterable[int], app_ids: Callable[[int], list[int]]
    ) -> _Rows:
        """Rows for candidates chunk_no*CHUNK ... +CHUNK-1 (those in `skip` are generated, not kept)."""
        rng = random.Random(f"{self.seed}:{chunk_no}")  # synthetic data, not security
        rows = _Rows()
        id_iter = iter(ids)
        previous: tuple[str, str, str, str] | None = None
        pending_apps: list[tuple[int, list[tuple[Any, ...]]]] = []
        wanted = [n for n in range(chunk_no * CHUNK, (chunk_no + 1) * CHUNK) if n not in skip]
        # People after the last one kept need not be made: nobody before them depends on them.
        for n in range(chunk_no * CHUNK, (wanted[-1] + 1) if wanted else chunk_no * CHUNK):
            person = self._person(rng, n, previous)
            previous = (person["first_name"], person["last_name"], person["postcode"], person["town"])
            if n in skip:
                continue
            pk = next(id_iter)
            self._emit(rows, pk, person, pending_apps)
        # Application ids come from the sequence (placements point at them), then the rows.
        fresh = iter(app_ids(sum(len(apps) for _, apps in pending_apps)))
        for _, apps in pending_apps:
            for app in apps:
                app_id = next(fresh)
                # updated_at: when it last moved.
                rows.tables["vacancies_application"].append((app_id, *app[:-1], app[3], "recruiter", False))
                placement = app[-1]
                if placement is not None:
                    rows.tables["vacancies_placement"].append((app_id, *placement))
        return rows

    def _person(
        self, rng: random.Random, n: int, previous: tuple[str, str, str, str] | None
    ) -> dict[str, Any]:
        now = self.now
        family = self.families.pick(rng)
        title = self.titles[family].pick(rng)
        if previous is not None and rng.random() < 0.004:  # a near-duplicate: same name and postcode
            first, last, postcode, town = previous
        else:
            first, last = self.first.pick(rng), self.last.pick(rng)
            town, districts = self.places.pick(rng)
            postcode = _postcode(rng, districts) if rng.random() < 0.93 else ""
        source, _, details = self.sources.pick(rng)
        # Skills: 3 to 10 from the family (Zipf), plus 0 to 3 from anywhere (Zipf, long tail).
        skills: list[str] = []
        for _ in range(rng.randint(3, 10)):
            s = self.family_skills[family].pick(rng)
            if s not in skills:
                skills.append(s)
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            s = self.anywhere.pick(rng)
            if s not in skills:
                skills.append(s)
        years = rng.randint(1, 25)
        created_days = int(rng.triangular(0, 6 * 365, 200))
        created_at = now - datetime.timedelta(days=created_days, seconds=rng.randint(0, 86_399))
        stale = created_days > 450 and rng.random() < STALE_SHARE / 0.75
        employer, previous_employer = self.employers.pick(rng), self.employers.pick(rng)
        return {
            "n": n,
            "family": family,
            "first_name": first,
            "last_name": last,
            "postcode": postcode,
            "town": town,
            "title": title,
            "source": source,
            "source_detail": rng.choice(details),
            "skills": skills,
            "years": years,
            "created_at": created_at,
            "created_days": created_days,
            "stale": stale,
            "employer": employer,
            "previous": previous_employer if previous_employer != employer else "Self-employed",
            "rng_state": rng.random(),  # seeds this person's details (below), so skipping is cheap
        }

    def _emit(self, rows: _Rows, pk: int, p: dict[str, Any], pending_apps: list[Any]) -> None:
        rng = random.Random(p["rng_state"])  # synthetic data, not security
        now, today, n = self.now, self.today, p["n"]
        created_at: datetime.datetime = p["created_at"]
        created_days: int = p["created_days"]
        title, skills, family = p["title"], p["skills"], p["family"]
        town, employer, previous = p["town"], p["employer"], p["previous"]
        stale = p["stale"]
        # Applications first: whether there are any decides the retention dates below.
        apps: list[tuple[Any, ...]] = []
        placed = False
        if not stale and rng.random() < 0.33:
            pool = self.setup.vacancies.get(family) or self.setup.all_vacancies
            for vacancy_id, v_owner, v_team in rng.sample(pool, min(len(pool), rng.choice((1, 1, 1, 2, 3)))):
                stage = STAGES.pick(rng)
                if vacancy_id in self.setup.filled and not placed and rng.random() < 0.12:
                    stage = "placed"  # filled vacancies are where the placements are
                elif stage == "placed" and (placed or vacancy_id not in self.setup.filled):
                    stage = "offer" if vacancy_id not in self.setup.filled else "rejected"
                # Recent enough that no closed application is past the 6-month retention period.
                changed = now - datetime.timedelta(days=rng.randint(0, 150), seconds=rng.randint(0, 86_399))
                applied = changed - datetime.timedelta(days=rng.randint(0, 40))
                placement = None
                if stage == "placed":
                    placed = True
                    pay = rng.randrange(22_000, 85_000, 500)
                    start = (changed + datetime.timedelta(days=rng.randint(7, 40))).date()
                    placement = (
                        start,
                        pay,
                        pay * 18 // 100,
                        "18.00",
                        False,
                        start + datetime.timedelta(days=84),
                        changed,
                        v_owner,
                    )
                apps.append((vacancy_id, pk, stage, changed, "", applied, v_owner, v_team, placement))
                if stage in SUBMITTED_OR_LATER:
                    rows.tables["candidates_consent"].append(
                        (
                            pk,
                            "submission",
                            "consent",
                            vacancy_id,
                            changed,
                            None,
                            "email",
                            "v1",
                            "",
                            None,
                            changed,
                        )
                    )
            pending_apps.append((pk, apps))
        owner_id, team_id = self.setup.owners[n % len(self.setup.owners)]
        last_contacted: datetime.datetime | None
        if stale:
            last_contacted = now - datetime.timedelta(days=rng.randint(400, 690))
            updated_at = last_contacted
        else:
            last_contacted = (
                now - datetime.timedelta(days=rng.randint(0, min(created_days, 600)))
                if rng.random() < 0.8
                else None
            )
            updated_at = now - datetime.timedelta(days=rng.randint(0, min(created_days, 365)))
        updated_at = max(updated_at, created_at)
        if last_contacted is not None:
            last_contacted = max(last_contacted, created_at)
        basis = BASIS.pick(rng)
        # Sourced people were sent the privacy notice (UK GDPR art. 14) unless created this month.
        notice: datetime.date | None = None
        if p["source"] != "direct" and (created_days > 25 or rng.random() < 0.5):
            notice = (created_at + datetime.timedelta(days=rng.randint(0, 20))).date()
            notice = min(notice, today)
        salary: int | None = rng.randrange(20_000, 95_000, 1000) if rng.random() < 0.8 else None
        day_rate = rng.randrange(150, 750, 25) if rng.random() < 0.2 else None
        types = EMPLOYMENT.pick(rng)
        phone = f"+447700{(n * 7919 + self.seed * 104_729) % 1_000_000:06d}" if rng.random() < 0.85 else ""
        tags = rng.sample(vocab.TAGS, 1) if rng.random() < 0.3 else []
        status = "placed" if placed else STATUS.pick(rng)
        kind = "contract" if "contract" in types else "permanent"
        fill = {
            "title": title,
            "title_lower": title[0].lower() + title[1:],
            "years": p["years"],
            "employer": employer,
            "previous": previous,
            "town": town,
            "skill1": skills[0],
            "skill2": skills[1 % len(skills)],
            "skill3": skills[-1],
            "kind": kind,
        }
        summary = rng.choice(vocab.SUMMARY_OPENERS).format(**fill)
        confirmed = today - datetime.timedelta(days=rng.randint(0, 200)) if rng.random() < 0.6 else None
        available = today + datetime.timedelta(days=rng.randint(-30, 90)) if rng.random() < 0.7 else None
        rows.tables["candidates_candidate"].append(
            (
                pk,
                p["first_name"],
                p["last_name"],
                email_for(self.seed, n),
                phone,
                p["postcode"],
                town,
                title,
                summary,
                types,
                salary,
                day_rate,
                available,
                confirmed,
                NOTICE.pick(rng),
                p["source"],
                p["source_detail"],
                "A former colleague" if p["source"] == "referral" else "",
                tags,
                RTW.pick(rng),
                status,
                basis,
                notice,
                created_at,
                updated_at,
                last_contacted,
                False,
                _name_key(p["first_name"], p["last_name"]),
                p["postcode"].replace(" ", ""),
                0,
                "",
                owner_id,
                team_id,
                "",
                "",
                "",
                [],
                [],
            )
        )
        skill_ids = self.setup.skill_ids
        seen: set[int] = set()
        for s in skills:
            sid = skill_ids[s]
            if sid not in seen:  # two typed names can be one skill ("JS" and "JavaScript")
                seen.add(sid)
                rows.tables["candidates_candidateskill"].append((pk, sid))
        # Work history: the current job and one to three before it, dates in order.
        history = rows.tables["candidates_workhistory"]
        start = today - datetime.timedelta(days=rng.randint(60, 2500))
        history.append((pk, employer, title, start, None, f"{title} at {employer}: {', '.join(skills[:3])}."))
        for _ in range(rng.choice((1, 1, 2, 3))):
            end = start - datetime.timedelta(days=rng.randint(1, 60))
            start = end - datetime.timedelta(days=rng.randint(180, 1800))
            past = self.employers.pick(rng)
            history.append((pk, past, title.replace("Senior ", ""), start, end, ""))
        if rng.random() < 0.65:
            for _ in range(rng.choice((1, 1, 2))):
                rows.tables["candidates_qualification"].append(
                    (
                        pk,
                        rng.choice(vocab.DEGREES),
                        rng.choice(vocab.INSTITUTIONS),
                        today - datetime.timedelta(days=rng.randint(400, 9000)),
                        rng.random() < 0.4,
                    )
                )
        if rng.random() < 0.7:
            text = self._cv(rng, p, fill, skills)
            data = text.encode()
            rows.tables["candidates_document"].append(
                (
                    pk,
                    "cv",
                    "cv.txt",
                    "",  # text only: no stored file (see the module docstring)
                    "text/plain",
                    len(data),
                    hashlib.sha256(data).hexdigest(),
                    created_at,
                    owner_id,
                    text,
                    "done",
                    "",
                    False,  # plain text: never offered as a CV to send (only a real PDF/DOCX is)
                    False,
                )
            )
        consents = rows.tables["candidates_consent"]
        # Consent-based records consented in the last 20 months (so none has expired at 24).
        given = (
            created_at
            if basis != "consent"
            else max(created_at, now - datetime.timedelta(days=rng.randint(0, 600)))
        )
        method = "application" if p["source"] == "direct" else "recorded"
        consents.append((pk, "processing", basis, None, given, None, method, "v1", "", None, given))
        if rng.random() < 0.3:
            consents.append(
                (pk, "marketing", "consent", None, given, None, "web_form", "v1", "", None, given)
            )

    def _cv(self, rng: random.Random, p: dict[str, Any], fill: dict[str, Any], skills: list[str]) -> str:
        lines = [f"{p['first_name']} {p['last_name']} — {p['title']}, {p['town']}", "Profile"]
        lines.append(
            f"{fill['title']} with {fill['years']} years' experience in {', '.join(skills[:4])}. "
            f"Currently at {fill['employer']}; previously {fill['previous']}."
        )
        lines.append("Experience")
        for _ in range(rng.randint(2, 4)):
            template = rng.choice(vocab.CV_LINES)
            lines.append(
                "• "
                + template.format(
                    skill1=rng.choice(skills),
                    skill2=rng.choice(skills),
                    skill3=rng.choice(skills),
                    employer=fill["employer"],
                    previous=fill["previous"],
                    town=fill["town"],
                    metric=rng.choice(vocab.METRICS),
                    pct=rng.randint(5, 40),
                    months=rng.randint(3, 24),
                    team=rng.randint(2, 15),
                    size=rng.choice((20, 50, 120, 400, 2000)),
                    boss=rng.choice(vocab.BOSSES),
                )
            )
        lines.append("Skills: " + ", ".join(skills))
        lines.append("References available on request.")
        return "\n".join(lines)


def _name_key(first: str, last: str) -> str:
    from candidates.normalise import name_key

    return name_key(first, last)


def _existing_numbers(seed: int) -> set[int]:
    """Which candidate numbers of this seed are already in the database (emails are the key)."""
    prefix = f"synthetic-{seed}-"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT substr(email, %s, length(email) - %s)::int FROM candidates_candidate"
            " WHERE email LIKE %s AND email LIKE %s",
            [len(prefix) + 1, len(prefix) + len(EMAIL_DOMAIN) + 1, prefix + "%", "%@" + EMAIL_DOMAIN],
        )
        return {row[0] for row in cursor.fetchall()}


def _next_ids(table: str, count: int) -> list[int]:
    if count == 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
        )
        return [row[0] for row in cursor.fetchall()]


def _remembered_indexes() -> list[tuple[str, str]]:
    """Indexes an earlier (interrupted) big load dropped and has not rebuilt yet."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_dropped_index (name text PRIMARY KEY, definition text)"
        )
        cursor.execute("SELECT name, definition FROM bench_dropped_index ORDER BY name")
        return list(cursor.fetchall())


def _rebuild(dropped: list[tuple[str, str]], log: Callable[[str], None]) -> None:
    if dropped:
        log(f"rebuilding {len(dropped)} candidate index(es)")
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for name, definition in dropped:
            cursor.execute(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
            cursor.execute("DELETE FROM bench_dropped_index WHERE name = %s", [name])
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute("DROP TABLE IF EXISTS bench_dropped_index")


def _secondary_indexes() -> list[tuple[str, str]]:
    """(name, definition) of the candidate table's non-unique indexes (dropped for a big load).

    Unique ones stay (they guard the data as it goes in); so do the children's, which the derived
    refresh reads by candidate.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.relname, pg_get_indexdef(i.oid)
                 FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                 JOIN pg_class t ON t.oid = x.indrelid
                WHERE t.relname = 'candidates_candidate' AND NOT x.indisunique"""
        )
        return list(cursor.fetchall())


def _copy(table: str, rows: list[tuple[Any, ...]], *, into: str = "") -> None:
    if not rows:
        return
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        with raw.copy(f"COPY {into or table} ({COLUMNS[table]}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


_STATE: dict[str, Any] = {}  # what forked workers inherit: the generator, the skip set, the count


# The candidate rows go through a temporary table and one INSERT … SELECT that computes the derived
# values set-based — the very expressions of candidates.services.derived (weights A-D, the search
# text, the completeness score), over each candidate's sources aggregated in id order as the app's
# index scans read them. Writing each row once instead of INSERT-then-UPDATE halves the work;
# tests/candidates/test_generate.py proves the app's own refresh leaves generated rows unchanged.
_INSERT_SQL = """
INSERT INTO candidates_candidate ({columns})
SELECT {base}, {derived}
FROM bench_candidate_stage c
LEFT JOIN (SELECT cs.candidate_id,
                  string_agg(s.name || ' ' || array_to_string(s.aliases, ' '), ' ' ORDER BY cs.id) AS skills
             FROM candidates_candidateskill cs JOIN candidates_skill s ON s.id = cs.skill_id
            WHERE cs.candidate_id = ANY(%(ids)s) GROUP BY cs.candidate_id) sk ON sk.candidate_id = c.id
LEFT JOIN (SELECT w.candidate_id,
                  string_agg(concat_ws(' ', w.title, w.employer, w.summary), ' ' ORDER BY w.id) AS history,
                  max(coalesce(w.ended_on, DATE '9999-12-31')) AS latest_work
             FROM candidates_workhistory w
            WHERE w.candidate_id = ANY(%(ids)s) GROUP BY w.candidate_id) wh ON wh.candidate_id = c.id
LEFT JOIN (SELECT q.candidate_id,
                  string_agg(concat_ws(' ', q.name, q.institution), ' ' ORDER BY q.id) AS quals
             FROM candidates_qualification q
            WHERE q.candidate_id = ANY(%(ids)s) GROUP BY q.candidate_id) q ON q.candidate_id = c.id
LEFT JOIN (SELECT d.candidate_id, string_agg(left(d.text, {document_text_limit}), ' ' ORDER BY d.id) AS docs
             FROM candidates_document d
            WHERE d.candidate_id = ANY(%(ids)s) AND d.extraction = 'done'
            GROUP BY d.candidate_id) d ON d.candidate_id = c.id
CROSS JOIN LATERAL (SELECT sk.skills, wh.history, wh.latest_work, q.quals, d.docs,
                           wh.candidate_id IS NOT NULL AS has_history,
                           q.candidate_id IS NOT NULL AS has_quals) src
"""


def _insert_sql() -> str:
    from candidates.services import derived

    names = [c.strip() for c in CANDIDATE_COLUMNS.split(",")]
    base = [n for n in names if n not in derived.DERIVED_SQL]
    return _INSERT_SQL.format(
        columns=", ".join([*base, *derived.DERIVED_SQL]),
        base=", ".join(f"c.{n}" for n in base),
        derived=", ".join(derived.DERIVED_SQL.values()),
        document_text_limit=derived.DOCUMENT_TEXT_LIMIT,
    )


def _write_chunk(chunk_no: int) -> tuple[int, dict[str, int], dict[str, float]]:
    """One chunk in one transaction: rows, COPY (children, then the people via a temporary table),
    and the derived values computed in the same INSERT."""
    generator, existing, count = _STATE["generator"], _STATE["existing"], _STATE["count"]
    numbers = range(chunk_no * CHUNK, (chunk_no + 1) * CHUNK)
    skip = {n for n in numbers if n >= count or n in existing}
    fresh = CHUNK - len(skip)
    counts = dict.fromkeys(COPY_TABLES, 0)
    timings = {"rows": 0.0, "copy": 0.0, "derived": 0.0}
    if fresh == 0:
        return 0, counts, timings
    t_start = time.monotonic()
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Bench data: losing the last chunk in a crash costs nothing; JIT only slows these.
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(
                "CREATE TEMP TABLE IF NOT EXISTS bench_candidate_stage"
                " (LIKE candidates_candidate INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
            )
            cursor.execute("TRUNCATE bench_candidate_stage")  # inside an outer transaction (tests)
        ids = _next_ids("candidates_candidate", fresh)
        rows = generator.chunk(chunk_no, skip, ids, lambda k: _next_ids("vacancies_application", k))
        t0 = time.monotonic()
        # Children first: their foreign keys to the candidate are checked at commit (deferred).
        for table in COPY_TABLES:
            target = "bench_candidate_stage" if table == "candidates_candidate" else table
            _copy(table, rows.tables[table], into=target)
            counts[table] = len(rows.tables[table])
        t1 = time.monotonic()
        with connection.cursor() as cursor:
            # Without statistics the planner takes the temporary table for 20 rows and joins it by
            # nested loops over the aggregates: quadratic in the chunk (and spilling to disk).
            cursor.execute("ANALYZE bench_candidate_stage")
            cursor.execute(_insert_sql(), {"ids": ids})
        t2 = time.monotonic()
    timings.update(rows=t0 - t_start, copy=t1 - t0, derived=t2 - t1)
    return fresh, counts, timings


def generate(
    *,
    count: int,
    seed: int = 1,
    owner: Any | None = None,
    jobs: int = 1,
    log: Callable[[str], None] = lambda _: None,
) -> GenerateReport:
    """Make sure candidates 0..count-1 of `seed` exist (creating the missing ones).

    `jobs` > 1 writes chunks from that many forked processes (each its own connection): the
    row building (Python) and the derived refresh (PostgreSQL) then overlap on two cores.
    """
    started = time.monotonic()
    report = GenerateReport(requested=count, rows=dict.fromkeys(COPY_TABLES, 0))
    existing = {n for n in _existing_numbers(seed) if n < count}
    report.already_there = len(existing)
    missing = count - len(existing)
    if missing == 0:
        _rebuild(_remembered_indexes(), log)
        report.seconds = time.monotonic() - started
        return report
    setup = _setup(seed, count, owner)
    _STATE.update(generator=_Generator(seed, setup, timezone.now()), existing=existing, count=count)
    # Indexes dropped for a big load are remembered in the database itself, so a load that was
    # killed half-way still rebuilds them when generate_candidates is run again.
    dropped = _remembered_indexes()
    if missing >= BIG_LOAD:
        found = [(name, sql) for name, sql in _secondary_indexes() if name not in dict(dropped)]
        with connection.cursor() as cursor:
            for name, definition in found:
                cursor.execute(
                    "INSERT INTO bench_dropped_index (name, definition) VALUES (%s, %s)", [name, definition]
                )
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        dropped += found
        log(f"dropped {len(found)} candidate index(es) for the load; rebuilt at the end")
    timings = {"rows": 0.0, "copy": 0.0, "derived": 0.0}
    chunks = range((count + CHUNK - 1) // CHUNK)
    results: Iterable[tuple[int, dict[str, int], dict[str, float]]]
    try:
        if jobs > 1:
            connections.close_all()  # each forked worker opens its own connection
            pool = multiprocessing.get_context("fork").Pool(jobs)
            results = pool.imap_unordered(_write_chunk, chunks)
        else:
            pool = None
            results = map(_write_chunk, chunks)
        try:
            for fresh, counts, spent in results:
                if not fresh:
                    continue
                report.created += fresh
                for table, n in counts.items():
                    report.rows[table] += n
                for key, value in spent.items():
                    timings[key] += value
                log(
                    f"{report.created + report.already_there:,} / {count:,} candidates"
                    f" ({time.monotonic() - started:.0f} s; worker time "
                    + ", ".join(f"{k} {v:.0f} s" for k, v in timings.items())
                    + ")"
                )
        finally:
            if pool is not None:
                pool.close()
                pool.join()
    finally:
        _STATE.clear()
        _rebuild(dropped, log)
    # Fresh statistics for the planner; VACUUM too (the visibility map for index-only scans)
    # unless we are inside a transaction (a test), where it cannot run.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for table in COPY_TABLES:
            cursor.execute(f"{command} {table}")
    from candidates.services.results_cache import results_generation_bump

    results_generation_bump()  # written by COPY and raw SQL: no signal told the results cache
    report.seconds = time.monotonic() - started
    return report
