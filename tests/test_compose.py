"""docker-compose.yml describes the production shape (validated by `docker-compose config` in CI)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_compose_has_the_production_services():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat", "mail"}
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert services["worker"]["command"][:4] == ["celery", "-A", "recruitcrm", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "recruitcrm", "beat"]
    assert services["mail"]["command"][:3] == ["python", "manage.py", "mail_receiver"]
    assert "media:/app/var/media" in services["web"]["volumes"]
    procfile = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line)
    assert "manage.py mail_receiver" in procfile["mail"]
    assert {"pgdata", "media"} <= set(compose["volumes"])


@pytest.mark.skipif(not shutil.which("docker-compose"), reason="docker-compose not installed")
def test_docker_compose_config_validates():
    result = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config", "-q"],
        cwd=ROOT,
        env={"POSTGRES_PASSWORD": "x", "SECRET_KEY": "y", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
