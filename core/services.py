"""Writes in core: the audit trail, the access log, users and teams, the agency's profile.

Everything that records an event goes through `audit_record` / `access_log_record`, which refuse
details that look like personal data: callers pass ids and codes, never names, emails or free text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import IO, Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, models, transaction

from core import files
from core.models import AccessLog, AgencyProfile, AuditEvent, PrivacyNotice, Team, User
from core.roles import group_for

# Detail values: numbers, booleans, None, or short codes (no spaces, no "@").
_CODE = re.compile(r"^[A-Za-z0-9_.:/+\-]{0,64}$")
_MAX_DETAIL_KEYS = 20
# Codes never look like these: a phone number (a run of 7+ digits, e.g. "+447700900123") or a UK
# postcode written without its space ("LS62QT"), both of which pass the code pattern above.
_PHONE_LIKE = re.compile(r"\d{7,}")
_POSTCODE_LIKE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$", re.IGNORECASE)


class PersonalDataInAuditError(ValueError):
    """Audit details must be ids and codes; this looked like free text or contact details."""


def _check_details(details: dict[str, Any] | None) -> dict[str, Any]:
    details = details or {}
    if len(details) > _MAX_DETAIL_KEYS:
        raise PersonalDataInAuditError("Too many audit detail keys.")
    for key, value in details.items():
        if not _CODE.match(key):
            raise PersonalDataInAuditError(f"Audit detail key {key!r} is not a code.")
        values = value if isinstance(value, list) else [value]
        for item in values:
            if item is None or isinstance(item, bool | int | float):
                continue
            if (
                isinstance(item, str)
                and _CODE.match(item)
                and not _PHONE_LIKE.search(item)
                and not _POSTCODE_LIKE.match(item)
            ):
                continue
            raise PersonalDataInAuditError(f"Audit detail {key!r} must be an id or code, not free text.")
    return details


def _check_action(action: str) -> None:
    if not _CODE.match(action):
        raise PersonalDataInAuditError("Audit action must be a code such as 'candidate.created'.")


def _object_ref(obj: models.Model | None) -> tuple[str, int | None]:
    if obj is None:
        return "", None
    return obj._meta.label_lower, obj.pk


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    if obj is not None:
        object_type, object_id = _object_ref(obj)
    _check_action(action)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=_check_details(details),
    )


def audit_record_many(
    *,
    actor: User | None,
    action: str,
    objs: Sequence[models.Model],
    details: dict[str, Any] | None = None,
) -> int:
    """`audit_record` for many objects of one model at once (the same action and details): one
    INSERT of a row per object, for the retention sweep's groups. Returns how many were written."""
    _check_action(action)
    if not objs:
        return 0
    checked = _check_details(details)
    object_type = objs[0]._meta.label_lower
    if any(obj._meta.label_lower != object_type for obj in objs):
        raise ValueError("audit_record_many takes objects of one model")
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (at, actor_id, action, object_type, object_id, details)"
            " SELECT now(), %s, %s, %s, unnest(%s::bigint[]), %s::jsonb",
            [
                actor.pk if actor is not None and actor.pk else None,
                action,
                object_type,
                [obj.pk for obj in objs],
                json.dumps(checked),
            ],
        )
        return cursor.rowcount


def access_log_record(
    *,
    user: User,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AccessLog:
    if obj is not None:
        object_type, object_id = _object_ref(obj)
    return AccessLog.objects.create(
        user=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        details=_check_details(details),
    )


def user_role_sync(*, user: User) -> None:
    """A user's groups are exactly their role's group; admins may use the Django admin site."""
    user.groups.set([group_for(user.role)])
    is_staff = user.role == User.Role.ADMIN or user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str = User.Role.RECRUITER,
    team: Team | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    is_active: bool = True,
) -> User:
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        role=role,
        team=team,
        is_active=is_active,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    user_role_sync(user=user)
    audit_record(actor=actor, action="user.created", obj=user, details={"role": role})
    return user


@transaction.atomic
def user_update(*, actor: User | None, user: User, **fields: Any) -> User:
    password = fields.pop("password", None)
    for name, value in fields.items():
        setattr(user, name, value)
    if password:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    if "role" in fields:
        user_role_sync(user=user)
    changed = sorted(fields) + (["password"] if password else [])
    audit_record(actor=actor, action="user.updated", obj=user, details={"fields": changed})
    return user


@transaction.atomic
def team_create(*, actor: User | None, name: str, lead: User | None = None) -> Team:
    team = Team(name=name, lead=lead)
    team.full_clean()
    team.save()
    audit_record(actor=actor, action="team.created", obj=team)
    return team


def access_log_record_many(
    *, user: User, action: str, objects: list[models.Model], details: dict[str, Any] | None = None
) -> int:
    """One access-log row per object in a single INSERT (a list page costs the same at any size)."""
    checked = _check_details(details)
    rows = []
    for obj in objects:
        object_type, object_id = _object_ref(obj)
        rows.append(
            AccessLog(user=user, action=action, object_type=object_type, object_id=object_id, details=checked)
        )
    AccessLog.objects.bulk_create(rows)
    return len(rows)


LOGO_MAX_BYTES = 1024 * 1024


@transaction.atomic
def agency_profile_update(
    *, actor: User, name: str, logo: IO[bytes] | None = None, remove_logo: bool = False
) -> AgencyProfile:
    """An admin sets the agency's name and logo, shown on the client review page.

    The logo is judged by its bytes (PNG or JPEG only, at most 1 MB: core.files), never by its name
    or the browser's content type, and stored under a random name; the old file is deleted.
    """
    if not actor.is_admin:
        raise PermissionDenied
    data, content_type = b"", ""
    if logo is not None:
        try:
            data = files.read_upload(logo, max_bytes=LOGO_MAX_BYTES)
            content_type = files.sniff(
                data, allowed=[files.PNG, files.JPEG], refused="Upload the logo as a PNG or JPEG image."
            )
        except ValidationError as exc:
            raise ValidationError({"logo": exc.messages}) from exc
    profile, _ = AgencyProfile.objects.select_for_update().get_or_create(pk=1)
    profile.name = " ".join(name.split())[:120]
    profile.updated_by = actor
    old_file = profile.logo.name if (logo is not None or remove_logo) and profile.logo else ""
    if logo is not None:
        profile.logo.save(files.random_name(content_type), ContentFile(data), save=False)
        profile.logo_content_type = content_type
    elif remove_logo:
        profile.logo, profile.logo_content_type = "", ""
    profile.save()
    if old_file:
        storage = profile.logo.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    audit_record(
        actor=actor,
        action="agency.updated",
        obj=profile,
        details={"logo": "replaced" if logo is not None else ("removed" if remove_logo else "kept")},
    )
    return profile


_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")


@transaction.atomic
def privacy_notice_publish(*, actor: User, version: str, text: str) -> PrivacyNotice:
    """An admin publishes a new version of the privacy notice (issue 19): always a new row, never
    an edit, so what each candidate was shown or sent can be read back. It is current at once
    (the careers site shows it, sourced candidates are sent it)."""
    if not actor.is_admin:
        raise PermissionDenied
    version, text = str(version or "").strip(), str(text or "").replace("\r\n", "\n").strip()
    errors: dict[str, str] = {}
    if not _VERSION.match(version):
        errors["version"] = "Give a short version name: letters, digits, dots or dashes, e.g. 2026-1."
    elif PrivacyNotice.objects.filter(version__iexact=version).exists():
        errors["version"] = "That version has been published already: a new version needs a new name."
    if not text:
        errors["text"] = "Write the notice."
    elif len(text) > 50_000:
        errors["text"] = "Keep the notice under 50,000 characters."
    if errors:
        raise ValidationError(errors)
    notice = PrivacyNotice.objects.create(version=version, text=text, published_by=actor)
    audit_record(actor=actor, action="privacy_notice.published", obj=notice, details={"version": version})
    return notice
