"""The launcher `make run` and `make test` use (recruitcrm/embedded.py)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from recruitcrm import embedded


def test_url_points_at_the_socket_in_var_pgdata():
    url = embedded.url()
    assert url.startswith("postgres://postgres@%2F") and url.endswith("/recruitcrm")
    assert "pgdata" in url


def test_make_run_and_make_test_have_servers_of_their_own():
    assert embedded.SERVERS["run"].name == "pgdata" and embedded.SERVERS["test"].name == "pgdata-test"
    assert embedded.url(embedded.SERVERS["run"]) != embedded.url(embedded.SERVERS["test"])
    makefile = (embedded.BASE_DIR / "Makefile").read_text()
    assert "recruitcrm/embedded.py --server test -- sh scripts/test.sh" in makefile
    assert "recruitcrm/embedded.py -- sh scripts/run.sh" in makefile


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


def test_is_running_reads_the_postmaster_pid(tmp_path: Path):
    assert not embedded.is_running(tmp_path)  # no postmaster.pid
    (tmp_path / "postmaster.pid").write_text(f"{os.getpid()}\n/some/dir\n")
    assert embedded.is_running(tmp_path)  # a live process
    (tmp_path / "postmaster.pid").write_text("999999999\n")
    assert not embedded.is_running(tmp_path)  # a stale file
    (tmp_path / "postmaster.pid").write_text("garbage\n")
    assert not embedded.is_running(tmp_path)


# --- the real launcher, as the Makefile runs it, with real servers (issue 15) -------------------
# `make run`, stop it, `make test` at once; and both side by side. Light commands stand in for
# scripts/run.sh and scripts/test.sh: one that holds a connection until Ctrl-C, one that uses its
# database until told to finish and fails if the server goes away under it.

LAUNCHER = [sys.executable, str(embedded.BASE_DIR / "recruitcrm" / "embedded.py")]

SERVE = """
import os, sys, time, psycopg
connection = psycopg.connect(os.environ["DATABASE_URL"])
connection.execute("SELECT 1")
open(sys.argv[1], "w").close()
try:
    while True:
        time.sleep(0.05)
except KeyboardInterrupt:
    connection.close()
"""

USE_DATABASE = """
import os, sys, time, psycopg
from pathlib import Path
ready, finish = Path(sys.argv[1]), Path(sys.argv[2])
with psycopg.connect(os.environ["DATABASE_URL"]) as connection:
    ready.touch()
    deadline = time.monotonic() + 120
    while not finish.exists() and time.monotonic() < deadline:
        connection.execute("SELECT 1")
        time.sleep(0.05)
with psycopg.connect(os.environ["DATABASE_URL"]) as connection:  # still taking new connections
    connection.execute("SELECT 1")
"""


class Launched:
    def __init__(self, process: subprocess.Popen[bytes], ready: Path, finish: Path) -> None:
        self.process, self.ready, self.finish = process, ready, finish

    def wait_until_connected(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not self.ready.exists():
            code = self.process.poll()
            assert code is None, f"the launcher ended ({code}) before its command connected"
            assert time.monotonic() < deadline, f"not connected within {timeout}s"
            time.sleep(0.05)

    def ctrl_c(self) -> None:
        """What Ctrl-C in its terminal does: SIGINT to the launcher's whole process group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def finish_command(self) -> None:
        self.finish.touch()

    def wait(self) -> int:
        return self.process.wait(timeout=120)

    def is_alive(self) -> bool:
        return self.process.poll() is None


class Servers:
    """Both embedded servers in a temp dir of their own (never var/), through the real launcher."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.data = {"run": base / "pgdata", "test": base / "pgdata-test"}
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "XDG_RUNTIME_DIR", "RECRUITCRM_EMBEDDED_SERVER")
        }
        self.env |= {
            "RECRUITCRM_PGDATA": str(self.data["run"]),
            "RECRUITCRM_PGDATA_TEST": str(self.data["test"]),
        }
        self.count = 0

    def launch(self, server: str, code: str) -> Launched:
        """`make run` (server "run") or `make test` (server "test") with `code` as its command, in a
        process group of its own as in a terminal."""
        self.count += 1
        ready, finish = self.base / f"ready-{self.count}", self.base / f"finish-{self.count}"
        command = [*LAUNCHER, "--server", server, "--", sys.executable, "-c", code, str(ready), str(finish)]
        process = subprocess.Popen(command, env=self.env, start_new_session=True)
        return Launched(process, ready, finish)

    def is_running(self, server: str) -> bool:
        return embedded.is_running(self.data[server])

    def stop_all(self) -> None:
        subprocess.run([*LAUNCHER, "stop"], env=self.env, check=True, timeout=60)


@pytest.fixture(scope="module")
def servers() -> Iterator[Servers]:
    # A short path: the server's socket lives in its data directory (a Unix socket path is short).
    # Module-scoped: each data directory is initialised once, then only started and stopped.
    base = Path(tempfile.mkdtemp(prefix="rcrm-embedded-"))
    servers = Servers(base)
    try:
        yield servers
    finally:
        servers.stop_all()
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.embedded_postgres
def test_make_test_straight_after_stopping_make_run_keeps_its_server(servers):
    run = servers.launch("run", SERVE)
    run.wait_until_connected()
    run.ctrl_c()  # the run launcher now stops its server...
    test = servers.launch("test", USE_DATABASE)  # ...and `make test` starts at once
    test.wait_until_connected()
    assert run.wait() == 0
    assert not servers.is_running("run")  # `make run` has stopped its server
    time.sleep(0.3)  # the test command goes on using its own
    test.finish_command()
    assert test.wait() == 0  # its command had its database the whole time
    assert not servers.is_running("test")  # and its launcher stopped it


@pytest.mark.embedded_postgres
def test_stopping_make_run_while_make_test_runs_beside_it_leaves_the_test_server_up(servers):
    test = servers.launch("test", USE_DATABASE)
    run = servers.launch("run", SERVE)
    test.wait_until_connected()
    run.wait_until_connected()
    run.ctrl_c()
    assert run.wait() == 0
    assert not servers.is_running("run")  # `make run` stopped its server...
    assert test.is_alive() and servers.is_running("test")  # ...mid-way through the test command
    time.sleep(0.3)
    test.finish_command()
    assert test.wait() == 0
    assert not servers.is_running("test")


@pytest.mark.embedded_postgres
def test_two_launchers_of_one_server_count_each_other(servers):
    # `make test` in two terminals: the first to finish leaves the server to the other.
    first = servers.launch("test", USE_DATABASE)
    first.wait_until_connected()
    second = servers.launch("test", USE_DATABASE)
    second.wait_until_connected()
    first.finish_command()
    assert first.wait() == 0
    assert second.is_alive() and servers.is_running("test")
    time.sleep(0.3)
    second.finish_command()
    assert second.wait() == 0  # the second's command kept its database after the first one left
    assert not servers.is_running("test")  # the last one out stopped it
