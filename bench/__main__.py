"""`python -m bench` (what `make bench` runs): generate once, measure everything, write the results.

    BENCH_CANDIDATES=100000  how many candidates (default 100,000; 1,000,000 for the full run)
    BENCH_SEED=1             the generator's seed
    BENCH_DB=name            use this database (default recruitcrm_bench_<N>) on DATABASE_URL's server
    BENCH_OUT=dir            where the JSON goes (default bench/results)
    BENCH_QUICK=1            fewer repetitions and shorter loads (CI's smoke run)
    BENCH_BUDGET=30          seconds each search, vacancy or page measurement may take (at least 3 runs)
    BENCH_DOCS=1             also add the result as a row of docs/performance.md's table
    BENCH_ONLY=search,pages  measure only these sections (search, matching, pages, import, sweep);
                             such a partial run is saved as <date>-<N>-partial.json, never in the docs

DATABASE_URL names the server (the Makefile starts the embedded PostgreSQL when it is unset); the
benchmark works in a database of its own there, generated once per N and seed and then reused.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench import harness


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").replace("_", "").replace(",", "")
    try:
        return int(raw) if raw else default
    except ValueError:
        sys.exit(f"{name} must be a whole number, not {raw!r}.")


def main() -> int:
    count = _env_int("BENCH_CANDIDATES", 100_000)
    seed = _env_int("BENCH_SEED", 1)
    quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
    if count < 1000:
        sys.exit("BENCH_CANDIDATES must be at least 1000.")
    base_url = os.environ.get("DATABASE_URL")
    if not base_url:
        sys.exit("DATABASE_URL is not set: run `make bench` (it starts the embedded PostgreSQL).")
    url = harness.bench_database_url(base_url, count, seed)
    env = harness.bench_environment(url)
    os.environ.update({k: v for k, v in env.items() if k not in os.environ or k in harness_keys()})
    created = harness.ensure_database(url)
    print(f"== database {url.rsplit('/', 1)[1]} ({'new' if created else 'reused'})", flush=True)

    import django

    django.setup()
    from django.core.management import call_command

    # The cache table first (rate-limit counters and pages when REDIS_URL is unset): migrate's
    # role setup already invalidates cached pages through it.
    call_command("createcachetable")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: the manifest is needed
    started = time.monotonic()
    print(f"== generating up to {count:,} candidates (seed {seed}); already there are skipped", flush=True)
    call_command("generate_candidates", str(count), "--seed", str(seed), "--jobs", "2")
    generate_seconds = round(time.monotonic() - started, 1)

    result: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "candidates": count,
        "seed": seed,
        "quick": quick,
        "command": f"BENCH_CANDIDATES={count} make bench",
        "database": url.rsplit("/", 1)[1],
        "generate_seconds_this_run": generate_seconds,
        "machine": harness.machine_facts(),
        "rows": harness.row_counts(),
    }
    out_dir = Path(os.environ.get("BENCH_OUT") or harness.BASE_DIR / "bench" / "results")
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d")
    path = out_dir / f"{stamp}-{count}.json"
    result["complete"] = False

    def save() -> None:
        # After every section: a run stopped half-way still leaves what it measured.
        path.write_text(json.dumps(result, indent=2, default=str) + "\n")

    sections = ("search", "varied", "matching", "pages", "import", "sweep")
    only = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()}
    if only - set(sections):
        sys.exit(f"BENCH_ONLY takes {', '.join(sections)}; not {', '.join(sorted(only - set(sections)))}.")
    wanted = only or set(sections)
    if only:
        path = out_dir / f"{stamp}-{count}-partial.json"
        result["only"] = sorted(only)

    user = harness.bench_user(seed)
    reps, budget = (5, 5.0) if quick else (30, float(_env_int("BENCH_BUDGET", 30)))

    if "search" in wanted:
        print("== 1+6. search (server-side, top 50 ranked with snippets) and the naive baseline", flush=True)
        result["search"] = harness.measure_search(
            user, reps=reps, budget=budget, naive_reps=2 if quick else 5, naive_budget=budget
        )
        save()
    if "varied" in wanted:
        from bench import varied

        n = 60 if quick else _env_int("BENCH_VARIED_QUERIES", 400)
        queries = varied.varied_queries(3 * n)  # one part per measurement: none repeated
        print(f"== 1b. varied searches ({n} one client, then {n} + {n} at 20 clients)", flush=True)
        single = varied.measure_single_client(user, queries[:n], naive_every=1 if quick else 10)
        print(
            f"  varied 1 client    p50 {single['p50_ms']:.1f} ms  p95 {single['p95_ms']:.1f} ms"
            f"  p99 {single['p99_ms']:.1f} ms; naive ratio min x{single['ratio_min']}"
            f" median x{single['ratio_median']} over {single['naive_compared']} searches",
            flush=True,
        )
        workers = int(os.environ.get("BENCH_GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1))
        load = varied.measure_varied_load(env, user, queries[n:], clients=20, workers=workers)
        result["varied"] = {"single_client": single, "load": load}
        save()
    if "matching" in wanted:
        print("== 2. matching (top 50 with rationale)", flush=True)
        result["matching"] = harness.measure_matching(user, reps=reps, budget=budget)
        save()
    if "pages" in wanted:
        print("== 3. pages over HTTP (gunicorn, 20 clients)", flush=True)
        workers = int(os.environ.get("BENCH_GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1))
        result["pages"] = harness.measure_pages(
            env, user, clients=20, seconds=5 if quick else min(20, int(budget)), workers=workers
        )
        save()
    if "import" in wanted:
        print("== 4. CSV import (rolled back afterwards)", flush=True)
        result["import"] = harness.measure_import(user, rows=500 if quick else 50_000, seed=seed)
        save()
    if "sweep" in wanted:
        print("== 5. retention sweep (a subprocess; stale people made due, with real files)", flush=True)
        big = 40 if quick else min(20_000, max(100, count // 50))
        sizes = [min(200, max(10, big // 5)), big]  # the second is capped by the first's rate
        result["sweep"] = harness.measure_sweep(env, sizes=sizes, timeout=120 if quick else 900)
    result["machine"]["loadavg_end"] = list(os.getloadavg())

    print("== targets (for 1,000,000 candidates)", flush=True)
    checks = harness.verdicts(result)
    result["verdicts"] = [{"target": t, "measured": m, "pass": p} for t, m, p in checks]
    for target, measured, passed in checks:
        print(f"  {'PASS' if passed else 'MISS'}  {target:<44} {measured}", flush=True)
    if count < 1_000_000:
        print(f"  (measured at {count:,} candidates: the targets are for 1,000,000)", flush=True)

    result["complete"] = True
    save()
    print(f"== results: {path}", flush=True)
    if os.environ.get("BENCH_DOCS", "") not in ("", "0") and not only:
        from bench.report import add_table_row

        add_table_row(result, harness.BASE_DIR / "docs" / "performance.md")
        print("== docs/performance.md: table row added", flush=True)
    return 0


def harness_keys() -> set[str]:
    # These must win over the caller's environment (the bench's own database, DEBUG off).
    return {
        "DATABASE_URL",
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_COOKIES",
        "BEHIND_TLS_PROXY",
        "ALLOWED_HOSTS",
    }


if __name__ == "__main__":
    sys.exit(main())
