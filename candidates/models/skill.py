"""Skills are normalised: "JS", "javascript" and "JavaScript" are one skill (by key or alias)."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from candidates.querysets import ChildQuerySet


class Skill(models.Model):
    name = models.CharField(max_length=100, help_text="How the skill is displayed.")
    key = models.CharField(max_length=100, unique=True, help_text="Normalised name (see candidates.skills).")
    aliases = ArrayField(
        models.CharField(max_length=100), default=list, blank=True, help_text="Other normalised keys."
    )

    class Meta:
        ordering = ["name"]
        indexes = [GinIndex(fields=["aliases"], name="candidates_skill_aliases_gin")]

    def __str__(self) -> str:
        return self.name


class CandidateSkill(models.Model):
    # No single-column indexes: the unique (candidate, skill) and the (skill, candidate) index lead
    # with each key, so two more indexes would only slow every import and sweep at a million people.
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="skill_links", db_index=False
    )
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="candidate_links", db_index=False)

    objects = ChildQuerySet.as_manager()
    team_lookup: ClassVar[str] = "candidate__team_id"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "skill"], name="candidates_candidateskill_unique")
        ]
        indexes = [models.Index(fields=["skill", "candidate"], name="candidates_candskill_skill_idx")]

    def __str__(self) -> str:
        return f"{self.candidate_id}:{self.skill_id}"
