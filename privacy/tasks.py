"""Celery wrappers: each takes ids and calls one idempotent service (beat schedule: recruitcrm.celery)."""

from __future__ import annotations

from celery import shared_task

from privacy.models import SweepRun
from privacy.services.retention_notices import retention_notices_send
from privacy.services.subject_access import sar_build_export
from privacy.services.sweep import sweep_run


@shared_task(name="privacy.retention_sweep")
def retention_sweep() -> int:
    """Nightly: a real sweep. Resumable: whoever is still due is picked up."""
    run = SweepRun.objects.create(dry_run=False, trigger="beat")
    return sweep_run(run=run).anonymised


@shared_task(name="privacy.run_sweep")
def run_sweep(run_id: int) -> int:
    run = SweepRun.objects.filter(pk=run_id).first()
    if run is None:
        return 0
    # sweep_run claims the run atomically: a redelivered message finds it taken and does nothing.
    return sweep_run(run=run).anonymised


@shared_task(name="privacy.retention_notices")
def retention_notices() -> dict[str, int]:
    return retention_notices_send()


@shared_task(name="privacy.build_sar_export")
def build_sar_export(sar_id: int) -> int:
    return sar_build_export(sar_id=sar_id).pk
