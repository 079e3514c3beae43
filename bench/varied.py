"""The varied search scenario (issue 20): many different realistic Boolean searches, none repeated.

* `varied_queries(n, seed)`: `n` distinct searches over the synthetic vocabulary (bench/vocab.py):
  skills, titles, towns, common words, phrases, OR groups, NOT, prefixes and combinations of them.
* `measure_single_client`: each search once, in process, through the list page's own FilterSet
  (top 50 ranked with snippets and the exact count) — p50/p95/p99 over the set — and, for a
  subset, the naive page (`icontains` over the same text, every match counted, ordered by name,
  first 50 with a snippet cut in Python) as a ratio per search.
* `measure_varied_load`: gunicorn, `clients` concurrent clients each logged in through the real
  login form with a session of its own, each request the next unused search of the set, for the
  page caches on and then off (a fresh part of the set each time, so no cache can answer).
"""

from __future__ import annotations

import http.client
import os
import random
import re
import threading
import time
import urllib.parse
from typing import Any

_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9 ]*$")
COMMON_WORDS = [
    "experience",
    "team",
    "customer",
    "manager",
    "senior",
    "support",
    "projects",
    "operations",
    "reporting",
    "training",
    "weekends",
    "nights",
    "director",
    "accounts",
    "stakeholders",
]


def _plain(names: list[str]) -> list[str]:
    """Names a recruiter types as they are (no C#, no slashes), lower case."""
    return sorted({n.lower() for n in names if _WORD.match(n)})


def _vocabulary() -> dict[str, list[str]]:
    from bench import vocab  # imports the app's models: Django must be set up first

    skills = _plain([s for _, _, family in vocab.FAMILIES for s in family] + vocab.ANYWHERE)
    titles = _plain([t for _, family_titles, _ in vocab.FAMILIES for t in family_titles])
    towns = _plain([town for town, _ in vocab.PLACES])
    return {
        "single": [s for s in skills if " " not in s],
        "multi": [s for s in skills if " " in s],
        "titles": titles,
        "towns": [t for t in towns if " " not in t],
    }


def varied_queries(n: int, *, seed: int = 20) -> list[str]:
    """`n` distinct searches, in a fixed order for a seed, each kind about equally often."""
    v = _vocabulary()
    rng = random.Random(seed)
    word = lambda: rng.choice(v["single"])  # noqa: E731
    makers = [
        lambda: word(),  # a skill
        lambda: f'"{rng.choice(v["titles"])}"',  # a title as a phrase
        lambda: rng.choice(v["titles"]),  # a title as words
        lambda: f"{word()} {rng.choice(v['towns'])}",  # a skill and a town
        lambda: f"{rng.choice(COMMON_WORDS)} {word()}",  # a common word and a skill
        lambda: f'"{rng.choice(v["multi"])}"',  # a phrase of a skill
        lambda: f"({word()} OR {word()}) {word()}",  # an OR group
        lambda: f"{word()} NOT {word()}",  # NOT
        lambda: f"{word()} -{rng.choice(COMMON_WORDS)}",  # minus
        lambda: f"{word()[: rng.randint(4, 6)]}*",  # a prefix
        lambda: f'{word()} AND ("{rng.choice(v["multi"])}" OR {rng.choice(v["towns"])})',
        lambda: f"{rng.choice(v['titles'])} {word()} -{word()}",  # a combination
    ]
    seen: set[str] = set()
    out: list[str] = []
    attempts = 0
    while len(out) < n and attempts < n * 50:
        attempts += 1
        text = makers[len(out) % len(makers)]().strip()
        key = text.lower()
        if key not in seen and len(text) > 2:
            seen.add(key)
            out.append(text)
    if len(out) < n:
        raise RuntimeError(f"only {len(out)} distinct searches from the vocabulary")
    return out


def _percentiles(samples: list[float]) -> dict[str, float]:
    from bench.harness import percentiles

    return percentiles(samples)


def naive_page(user: Any, query: str) -> tuple[int, list[Any]]:
    """The naive version of the same page: every match counted with `icontains`, ordered by name,
    the first 50 read with their text and a snippet cut around the first hit in Python."""
    from bench.harness import naive_q
    from candidates.search.parser import parse
    from candidates.selectors import candidate_list_queryset

    matching = candidate_list_queryset(user=user).filter(naive_q(parse(query)))
    total = matching.count()
    rows = list(matching.defer(None).order_by("last_name", "first_name", "id")[:50])
    needle = query.strip('"()*-').split()[0].lower() if query.strip('"()*-') else ""
    for row in rows:
        text = row.search_text or ""
        at = text.lower().find(needle) if needle else -1
        row.naive_snippet = text[max(0, at - 60) : at + 60] if at >= 0 else text[:120]  # type: ignore[attr-defined]
    return total, rows


def ranked_page(user: Any, query: str) -> tuple[int, list[Any]]:
    """What the list page does: the FilterSet's best 50 with snippets, and the exact count."""
    from candidates.filtersets import CandidateFilterSet
    from candidates.selectors import candidate_list_queryset

    filterset = CandidateFilterSet({"q": query}, queryset=candidate_list_queryset(user=user))
    if not filterset.is_valid():
        raise ValueError(f"invalid search {query!r}: {filterset.errors.as_json()}")
    rows = list(filterset.qs[:50])
    for row in rows:
        _ = row.search_snippet
    return filterset.match_count(), rows


def measure_single_client(user: Any, queries: list[str], *, naive_every: int) -> dict[str, Any]:
    """Each search once, one after another (after a short warm-up of other searches)."""
    measured = {q.lower() for q in queries}
    for text in varied_queries(10, seed=99):
        if text.lower() not in measured:
            ranked_page(user, text)
    samples: list[float] = []
    per_query: list[dict[str, Any]] = []
    for n, text in enumerate(queries):
        start = time.perf_counter()
        total, _ = ranked_page(user, text)
        elapsed = time.perf_counter() - start
        samples.append(elapsed)
        entry: dict[str, Any] = {"q": text, "ms": round(elapsed * 1000, 1), "count": total}
        if naive_every and n % naive_every == 0:
            start = time.perf_counter()
            naive_total, _ = naive_page(user, text)
            naive = time.perf_counter() - start
            entry.update(
                naive_ms=round(naive * 1000, 1), naive_count=naive_total, ratio=round(naive / elapsed, 1)
            )
        per_query.append(entry)
    ratios = [e["ratio"] for e in per_query if "ratio" in e]
    stats = _percentiles(samples)
    return {
        "queries": len(queries),
        **stats,
        "naive_compared": len(ratios),
        "ratio_min": min(ratios) if ratios else None,
        "ratio_median": sorted(ratios)[len(ratios) // 2] if ratios else None,
        "per_query": per_query,
    }


def _load(base: str, cookies: list[str], queries: list[str]) -> dict[str, Any]:
    """One client per cookie; each takes the next unused search until none are left."""
    parts = urllib.parse.urlsplit(base)
    lock = threading.Lock()
    pending = list(reversed(queries))
    samples: list[float] = []
    statuses: dict[str, int] = {}

    def client(cookie: str) -> None:
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
        while True:
            with lock:
                if not pending:
                    break
                text = pending.pop()
            path = "/candidates/?" + urllib.parse.urlencode({"q": text})
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                status = str(response.status)
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
            elapsed = time.perf_counter() - start
            with lock:
                samples.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(cookie,)) for cookie in cookies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    errors = sum(count for status, count in statuses.items() if status != "200")
    return {
        "requests": len(samples),
        "rps": round(len(samples) / wall, 1) if wall else None,
        **_percentiles(samples),
        "errors": errors,
        "statuses": statuses,
        "clients": len(cookies),
        "loadavg_after": list(os.getloadavg()),
    }


def measure_varied_load(
    env: dict[str, str], user: Any, queries: list[str], *, clients: int, workers: int
) -> dict[str, Any]:
    """Half the set with the page caches on, the other half with them off (a fresh server)."""
    import secrets

    from bench.harness import gunicorn_server, login_cookie

    password = "bench-" + secrets.token_urlsafe(12)
    user.set_password(password)
    user.save(update_fields=["password"])
    half = len(queries) // 2
    results: dict[str, Any] = {"workers": workers, "clients": clients, "distinct_queries": len(set(queries))}
    try:
        for label, cache_seconds, part in (
            ("caches on", env.get("CANDIDATE_RESULTS_CACHE_SECONDS", "60"), queries[:half]),
            ("caches off", "0", queries[half:]),
        ):
            # Twenty logins a minute from one address is more than the login door's limit (10/m):
            # raised for this server only — what is measured is search, not the lockout.
            server_env = {
                **env,
                "CANDIDATE_RESULTS_CACHE_SECONDS": cache_seconds,
                "RATE_LIMIT_LOGIN": "1000/m",
            }
            with gunicorn_server(server_env, workers) as base:
                cookies = [login_cookie(base, user.username, password) for _ in range(clients)]
                measured = {q.lower() for q in queries}
                warm = [q for q in varied_queries(clients * 3, seed=7) if q.lower() not in measured][:clients]
                _load(base, cookies, warm)
                out = _load(base, cookies, part)
            results[label] = out
            print(
                f"  varied {label:<12} {out['requests']} searches, {out['rps']:6.1f} req/s"
                f"  p50 {out['p50_ms']:7.1f} ms  p95 {out['p95_ms']:7.1f} ms  p99 {out['p99_ms']:7.1f} ms"
                f"  errors {out['errors']}",
                flush=True,
            )
    finally:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return results
