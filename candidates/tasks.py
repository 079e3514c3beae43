"""Candidates' background work: thin wrappers that take ids and call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="candidates.extract_document_text", ignore_result=True)
def extract_document_text(document_id: int) -> None:
    from candidates.services.documents import document_extract_text

    document_extract_text(document_id=document_id)


@shared_task(name="candidates.run_import", ignore_result=True)
def run_import(job_id: int) -> None:
    from candidates.services.import_jobs import import_job_run

    import_job_run(job_id=job_id)
