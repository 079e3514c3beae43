"""The embedded PostgreSQL used when DATABASE_URL is unset.

`make run` and `make test` must work on a bare machine with only Python and make, so they start
a real PostgreSQL server from the `pgserver` wheel with its data directory under `var/pgdata`
(kept between runs). Only core PostgreSQL features are used anywhere in the project, because this
server has no contrib extensions.

Used two ways:

* `python recruitcrm/embedded.py -- CMD ...` (run as a script, so it imports nothing of the project)
  starts the server (if DATABASE_URL is unset), runs CMD with DATABASE_URL pointing at it, and stops
  the server again when CMD ends — whether it ended by itself or by Ctrl-C. The Makefile wraps
  `make run` and `make test` in this.
* `database_url()` gives the URL of the embedded server for settings when a bare `manage.py` is run
  without DATABASE_URL; it starts the server if needed and leaves it running (`make db-stop`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = Path(os.environ.get("RECRUITCRM_PGDATA", BASE_DIR / "var" / "pgdata"))
DB_NAME = "recruitcrm"


def _pgserver() -> Any:
    # pgserver keeps its lock file in the runtime dir; give it one of ours rather than /tmp.
    runtime = PGDATA.parent / "run"
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    import pgserver  # imported lazily: production never needs it

    return pgserver


def _start() -> None:
    pgserver = _pgserver()
    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: we stop the server ourselves (see stop()); pgserver's own reference
    # counting relies on atexit, which processes killed by a signal never reach.
    server = pgserver.get_server(PGDATA, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}';")  # noqa: S608 - a constant
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DB_NAME};")


def is_running() -> bool:
    """Whether a server is already running on PGDATA (started by another `make run` or `make test`)."""
    try:
        pid = int((PGDATA / "postmaster.pid").read_text().split("\n", 1)[0])
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    return True


def url() -> str:
    # The socket directory is the data directory; percent-encoded as the host part.
    return f"postgres://postgres@{quote(str(PGDATA), safe='')}/{DB_NAME}"


def database_url() -> str:
    _start()
    return url()


def stop() -> None:
    pgserver = _pgserver()

    if not (PGDATA / "postmaster.pid").exists():
        return
    user = "pgserver" if os.geteuid() == 0 else None  # pgserver runs postgres as this user under root
    with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
        pgserver.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user)


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if argv == ["stop"]:
        stop()
        return 0
    if not argv:
        print("usage: python recruitcrm/embedded.py -- COMMAND [ARGS...] | stop", file=sys.stderr)
        return 2
    env = dict(os.environ)
    started = False
    if not env.get("DATABASE_URL"):
        # Only the launcher that started the server stops it: `make test` while `make run` is
        # serving must not take the database away from it.
        started = not is_running()
        _start()
        env["DATABASE_URL"] = url()
    # The child (and honcho's children) get Ctrl-C from the terminal themselves; we only wait for
    # them to finish and then stop the server.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        child = subprocess.Popen(argv, env=env)  # noqa: S603 - the Makefile's own commands
        signal.signal(signal.SIGTERM, lambda *_: child.terminate())
        return child.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
        if started:
            stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
