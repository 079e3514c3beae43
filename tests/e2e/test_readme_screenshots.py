"""The README's screenshots, made from `seed_demo`'s data in a real browser.

Every run saves them to tests/e2e/screenshots/readme-*.png and checks each screen shows its data
(a populated dashboard, search results with highlighted snippets, a candidate's page, a board with
cards). To refresh the README's copies in docs/screenshots/ (small, optimised PNGs):

    README_SCREENSHOTS=1 DATABASE_URL=... .venv/bin/python -m pytest -n 0 tests/e2e/test_readme_screenshots.py

pngquant and optipng shrink them when installed (`apt-get install pngquant optipng`); without them
the PNGs are kept as Chromium wrote them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count
from playwright.sync_api import expect

from candidates.models import Candidate
from core.tasks import heartbeat
from tests.e2e.conftest import SCREENSHOTS, login
from vacancies.models import Vacancy

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

README_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def _save(page: Any, name: str) -> Path:
    """The visible screen (not the whole page: a README picture is one screenful)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"readme-{name}.png"
    page.screenshot(path=str(path))
    if os.environ.get("README_SCREENSHOTS"):
        README_DIR.mkdir(parents=True, exist_ok=True)
        target = README_DIR / f"{name}.png"
        shutil.copyfile(path, target)
        _optimise(target)
    return path


def _optimise(path: Path) -> None:
    if shutil.which("pngquant"):
        subprocess.run(
            [
                "pngquant",
                "--force",
                "--skip-if-larger",
                "--strip",
                "--quality=70-95",
                "--output",
                str(path),
                str(path),
            ],
            check=False,
        )
    if shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o2", "-strip", "all", str(path)], check=False)


def _richest_candidate() -> Candidate:
    """The demo candidate with the most to show: work history, qualifications, skills."""
    return (
        Candidate.objects.annotate(
            n_jobs=Count("work_history", distinct=True),
            n_quals=Count("qualifications", distinct=True),
            n_skills=Count("skill_links", distinct=True),
        )
        .filter(owner__username="rachel")
        .order_by("-n_jobs", "-n_quals", "-n_skills", "pk")
        .first()
    )


def test_readme_screenshots_show_a_working_day(browser, live_server, settings):
    settings.DEMO_CANDIDATES = 300  # the full demo, as `make run` loads it
    call_command("seed_demo", quiet_logins=True)
    heartbeat()  # as `make run`'s worker would have by now: the dashboard shows it running
    context = browser.new_context(
        viewport=DESKTOP, locale="en-GB", timezone_id="Europe/London", base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, "rachel")

    page.goto("/")
    expect(page.locator("#pipeline-title")).to_be_visible()
    _save(page, "dashboard")

    page.goto("/candidates/?q=python+OR+django")
    expect(page.locator("#results mark").first).to_be_visible()
    _save(page, "candidate-search")

    candidate = _richest_candidate()
    page.goto(f"/candidates/{candidate.pk}/")
    expect(page.get_by_role("heading", name=candidate.full_name, level=1)).to_be_visible()
    _save(page, "candidate-page")

    vacancy = Vacancy.objects.get(title="Senior Python Developer")
    page.goto(f"/vacancies/{vacancy.pk}/board/")
    expect(page.locator(".board .card").first).to_be_visible()
    _save(page, "pipeline-board")

    phone = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
        timezone_id="Europe/London",
        base_url=live_server.url,
    )
    page = phone.new_page()
    page.set_default_timeout(15_000)
    login(page, "rachel")
    page.goto("/candidates/?q=python+OR+django")
    expect(page.locator("#results mark").first).to_be_visible()
    _save(page, "phone-candidate-search")
    phone.close()
    context.close()
