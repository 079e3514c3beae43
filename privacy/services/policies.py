"""Retention policies: how long each kind of record is kept (DOMAIN.md "Retention defaults")."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.models import User
from core.services import audit_record
from privacy.models import RetentionPolicy


@transaction.atomic
def policy_defaults_ensure() -> list[RetentionPolicy]:
    RetentionPolicy.ensure_defaults()
    return list(RetentionPolicy.objects.all())


@transaction.atomic
def policy_update(*, actor: User, policy: RetentionPolicy, **fields: Any) -> RetentionPolicy:
    for name in ("keep_for_days", "notify_before_days", "is_active"):
        if name in fields:
            setattr(policy, name, fields[name])
    policy.full_clean()
    policy.save()
    audit_record(
        actor=actor, action="privacy.policy_changed", obj=policy, details={"category": policy.category}
    )
    return policy
