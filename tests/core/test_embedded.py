"""The launcher `make run` and `make test` use (recruitcrm/embedded.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from recruitcrm import embedded


def test_url_points_at_the_socket_in_var_pgdata():
    url = embedded.url()
    assert url.startswith("postgres://postgres@%2F") and url.endswith("/recruitcrm")
    assert "pgdata" in url


def test_launcher_runs_the_command_with_the_given_database_url(monkeypatch, tmp_path: Path):
    # With DATABASE_URL set, nothing is started: the command runs against that database.
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/elsewhere")
    out = tmp_path / "out"
    code = f"import os; open({str(out)!r}, 'w').write(os.environ['DATABASE_URL'])"
    assert embedded.main(["--", sys.executable, "-c", code]) == 0
    assert out.read_text() == "postgres://postgres@127.0.0.1:5432/elsewhere"


def test_launcher_passes_on_the_exit_code(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/elsewhere")
    assert embedded.main(["--", sys.executable, "-c", "raise SystemExit(3)"]) == 3
    assert embedded.main([]) == 2


def test_wsgi_and_asgi_applications_load():
    from recruitcrm.asgi import application as asgi_app
    from recruitcrm.wsgi import application as wsgi_app

    assert callable(wsgi_app) and callable(asgi_app)


def test_is_running_reads_the_postmaster_pid(monkeypatch, tmp_path: Path):
    import os

    monkeypatch.setattr(embedded, "PGDATA", tmp_path)
    assert not embedded.is_running()  # no postmaster.pid
    (tmp_path / "postmaster.pid").write_text(f"{os.getpid()}\n/some/dir\n")
    assert embedded.is_running()  # a live process
    (tmp_path / "postmaster.pid").write_text("999999999\n")
    assert not embedded.is_running()  # a stale file
    (tmp_path / "postmaster.pid").write_text("garbage\n")
    assert not embedded.is_running()
