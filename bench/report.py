"""The results table in docs/performance.md: one row per recorded run, between two markers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

START = "<!-- bench-results:start -->"
END = "<!-- bench-results:end -->"
HEADER = (
    "| Date (UTC) | Candidates | Machine (load avg) | Commit | Search worst p95 | Lowest x naive"
    " | Matching worst p95 | Pages worst p95, errors | Import | Sweep, peak RSS |\n"
    "|---|---:|---|---|---:|---:|---:|---:|---:|---:|"
)


def table_row(result: dict[str, Any]) -> str:
    m = result["machine"]
    search = result.get("search") or {}
    worst = max(search.items(), key=lambda kv: kv[1]["p95_ms"]) if search else None
    ratio = min(search.items(), key=lambda kv: kv[1]["speedup_p50"] or 0) if search else None
    matching = result.get("matching") or {}
    match_p95 = max((v["p95_ms"] for v in matching.values()), default=float("nan"))
    pages = {k: v for k, v in (result.get("pages") or {}).items() if isinstance(v, dict)}
    page_p95 = max((v["p95_ms"] for v in pages.values()), default=float("nan"))
    errors = sum(v["errors"] for v in pages.values())
    sweep = (result.get("sweep") or {}).get("runs") or [{}]
    last = sweep[-1]
    load = "/".join(f"{x:.1f}" for x in m.get("loadavg_start", [])[:1] + m.get("loadavg_end", [])[:1])
    cells = [
        result["date"][:16].replace("T", " "),
        f"{result['candidates']:,}",
        f"{m['cores']} cores, {m['ram_gb']} GB, PostgreSQL {m['postgresql'].split()[0]} (load {load})",
        f"`{m['commit'][:10]}`",
        f"{worst[1]['p95_ms']:.0f} ms ({worst[0]})" if worst else "-",
        f"x{ratio[1]['speedup_p50']} ({ratio[0]})" if ratio else "-",
        f"{match_p95:.0f} ms",
        f"{page_p95:.0f} ms, {errors}",
        f"{result['import']['rows_per_s']:,.0f} rows/s" if result.get("import") else "-",
        f"{last.get('people_per_s')} people/s, {last.get('max_rss_mb')} MB" if last else "-",
    ]
    return "| " + " | ".join(cells) + " |"


def add_table_row(result: dict[str, Any], path: Path) -> None:
    text = path.read_text()
    if START not in text or END not in text:
        raise RuntimeError(f"{path} has no results table markers ({START} … {END}).")
    head, rest = text.split(START, 1)
    table, tail = rest.split(END, 1)
    rows = [line for line in table.strip().splitlines() if line.startswith("|")][2:]
    rows.append(table_row(result))
    path.write_text(head + START + "\n" + HEADER + "\n" + "\n".join(rows) + "\n" + END + tail)
