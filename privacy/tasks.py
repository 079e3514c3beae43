"""Celery wrappers: each takes ids and calls one idempotent service (beat schedule: recruitcrm.celery)."""

from __future__ import annotations

from celery import shared_task

from privacy import engine, services
from privacy.models import SweepRun


@shared_task(name="privacy.retention_sweep")
def retention_sweep() -> int:
    """Nightly: a real sweep. Resumable: whoever is still due is picked up."""
    run = SweepRun.objects.create(dry_run=False, trigger="beat")
    return engine.sweep_run(run=run).anonymised


@shared_task(name="privacy.run_sweep")
def run_sweep(run_id: int) -> int:
    run = SweepRun.objects.filter(pk=run_id, status=SweepRun.Status.QUEUED).first()
    if run is None:  # already run (a redelivered message): nothing to do
        return 0
    return engine.sweep_run(run=run).anonymised


@shared_task(name="privacy.retention_notices")
def retention_notices() -> dict[str, int]:
    return services.retention_notices_send()


@shared_task(name="privacy.build_sar_export")
def build_sar_export(sar_id: int) -> int:
    return services.sar_build_export(sar_id=sar_id).pk
