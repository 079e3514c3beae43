"""The embedded PostgreSQL used when DATABASE_URL is unset.

`make run` and `make test` must work on a bare machine with only Python and make, so they start
a real PostgreSQL server from the `pgserver` wheel. Only core PostgreSQL features are used anywhere
in the project, because this server has no contrib extensions.

There are two servers, each with its own data directory (which is also its socket directory), kept
between runs:

* "run" in `var/pgdata`: `make run`, `make bench` and a bare `manage.py`;
* "test" in `var/pgdata-test`: `make test` and `make test-fuzz` (and a bare `pytest`).

So stopping `make run` never takes the database away from a `make test` started at the same moment
or running beside it (issue 15). Launchers of the same server count each other: each holds a shared
lock on `var/run/<data dir>.users` while its command runs, and the last one to leave stops the server
(if a launcher started it), all under `var/run/<data dir>.lock`, so a server is never reused while
it is shutting down. A launcher killed outright loses its lock with its process.

Used two ways:

* `python recruitcrm/embedded.py [--server run|test] -- CMD ...` (run as a script, so it imports
  nothing of the project) starts the server (if DATABASE_URL is unset), runs CMD with DATABASE_URL
  pointing at it, and stops the server again when CMD ends — whether it ended by itself or by
  Ctrl-C — unless another launcher still uses it. The Makefile wraps its targets in this.
  `python recruitcrm/embedded.py stop` stops both servers (`make db-stop`).
* `database_url()` gives the URL of an embedded server for settings when a bare `manage.py` (the
  "run" server) or `pytest` (the "test" server, chosen by recruitcrm/settings_test.py through
  RECRUITCRM_EMBEDDED_SERVER) is run without DATABASE_URL; it starts the server if needed and
  leaves it running (`make db-stop`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
SERVERS = {
    "run": Path(os.environ.get("RECRUITCRM_PGDATA", BASE_DIR / "var" / "pgdata")),
    "test": Path(os.environ.get("RECRUITCRM_PGDATA_TEST", BASE_DIR / "var" / "pgdata-test")),
}
PGDATA = SERVERS["run"]
DB_NAME = "recruitcrm"


def _runtime_dir(pgdata: Path) -> Path:
    runtime = pgdata.parent / "run"
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    return runtime


def _pgserver(pgdata: Path) -> Any:
    # pgserver keeps its lock file in the runtime dir; give it one of ours rather than /tmp.
    os.environ.setdefault("XDG_RUNTIME_DIR", str(_runtime_dir(pgdata)))
    import pgserver  # imported lazily: production never needs it

    return pgserver


def _start(pgdata: Path) -> None:
    pgserver = _pgserver(pgdata)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: we stop the server ourselves (see stop()); pgserver's own reference
    # counting relies on atexit, which processes killed by a signal never reach.
    server = pgserver.get_server(pgdata, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}';")  # noqa: S608 - a constant
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DB_NAME};")


def is_running(pgdata: Path = PGDATA) -> bool:
    """Whether a server is running on this data directory."""
    try:
        pid = int((pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    return True


def url(pgdata: Path = PGDATA) -> str:
    # The socket directory is the data directory; percent-encoded as the host part.
    return f"postgres://postgres@{quote(str(pgdata), safe='')}/{DB_NAME}"


def database_url(server: str | None = None) -> str:
    pgdata = SERVERS[server or os.environ.get("RECRUITCRM_EMBEDDED_SERVER") or "run"]
    with _exclusive(pgdata):
        _start(pgdata)
    return url(pgdata)


def _stop(pgdata: Path) -> None:
    if not (pgdata / "postmaster.pid").exists():
        return
    pgserver = _pgserver(pgdata)
    user = "pgserver" if os.geteuid() == 0 else None  # pgserver runs postgres as this user under root
    with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
        pgserver.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)


def stop() -> None:
    """Stop both servers (`make db-stop`), waiting for any launcher starting or stopping one."""
    for pgdata in SERVERS.values():
        with _exclusive(pgdata):
            _stop(pgdata)
            _launched_marker(pgdata).unlink(missing_ok=True)


@contextlib.contextmanager
def _exclusive(pgdata: Path) -> Iterator[None]:
    """Starting, joining, leaving and stopping a server, one launcher at a time."""
    with open(_runtime_dir(pgdata) / f"{pgdata.name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield  # closing the file releases the lock


def _launched_marker(pgdata: Path) -> Path:
    # Present while the running server was started by a launcher (not by a bare manage.py, whose
    # server is left for `make db-stop`).
    return _runtime_dir(pgdata) / f"{pgdata.name}.launched"


def join(pgdata: Path) -> IO[str]:
    """Start the server if it is not running and count this process as one of its users until
    `leave` (or until the process ends, however it ends)."""
    with _exclusive(pgdata):
        if not is_running(pgdata):
            _start(pgdata)
            _launched_marker(pgdata).touch()
        else:
            _start(pgdata)  # the database may be missing
        users = open(_runtime_dir(pgdata) / f"{pgdata.name}.users", "a")  # noqa: SIM115 - held until leave()
        fcntl.flock(users, fcntl.LOCK_SH)
    return users


def leave(pgdata: Path, users: IO[str]) -> None:
    """Stop counting this process; the last user of a server a launcher started stops it."""
    with _exclusive(pgdata):
        try:
            fcntl.flock(users, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # another launcher's command is still using it
        finally:
            users.close()
        marker = _launched_marker(pgdata)
        if marker.exists():
            _stop(pgdata)
            marker.unlink()


def main(argv: list[str]) -> int:
    server = "run"
    if argv[:1] == ["--server"] and len(argv) > 1:
        server, argv = argv[1], argv[2:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    if argv == ["stop"]:
        stop()
        return 0
    if not argv or server not in SERVERS:
        print(
            "usage: python recruitcrm/embedded.py [--server run|test] -- COMMAND [ARGS...] | stop",
            file=sys.stderr,
        )
        return 2
    env = dict(os.environ)
    pgdata = SERVERS[server]
    users = None
    if not env.get("DATABASE_URL"):
        users = join(pgdata)
        env["DATABASE_URL"] = url(pgdata)
    # The child (and honcho's children) get Ctrl-C from the terminal themselves; we only wait for
    # them to finish and then stop the server. The child gets Ctrl-C's default back (an ignored
    # SIGINT is inherited, and Python then never raises KeyboardInterrupt: pytest would not stop).
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        child = subprocess.Popen(  # noqa: S603 - the Makefile's own commands
            argv, env=env, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)
        )
        signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        return child.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
        if users is not None:
            leave(pgdata, users)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
