"""The benchmark harness's own logic (the whole harness runs in CI's smoke step, `.ci/run`)."""

import io

from bench import harness, report
from candidates.services.imports import import_csv
from tests.factories.candidates import CandidateFactory


def test_percentiles_interpolate_between_samples():
    stats = harness.percentiles([0.001 * n for n in range(1, 101)])  # 1 ms to 100 ms

    assert stats["n"] == 100
    assert stats["p50_ms"] == 50.5
    assert 95 <= stats["p95_ms"] <= 96
    assert 99 <= stats["p99_ms"] <= 100


def test_the_naive_baseline_applies_the_same_boolean_query(db, recruiter):
    java = CandidateFactory(owner=recruiter, current_title="Java Developer")
    agency = CandidateFactory(owner=recruiter, current_title="Java agency contractor")
    kotlin = CandidateFactory(owner=recruiter, current_title="Kotlin Developer")
    CandidateFactory(owner=recruiter, current_title="Nurse")

    def found(query):
        return {c.pk for c in harness.naive_rows(recruiter, query, {})}

    assert found("java NOT agency") == {java.pk}
    assert found("java OR kotlin") == {java.pk, agency.pk, kotlin.pk}
    assert found('"java developer"') == {java.pk}
    assert found("develop*") == {java.pk, kotlin.pk}


def test_the_import_file_is_one_the_app_accepts_with_duplicates_reported(db, recruiter):
    existing = CandidateFactory(owner=recruiter, email="taken@generated.example")
    data = harness.import_csv_bytes(100, seed=1, duplicates_of=[existing.email])

    result = import_csv(actor=recruiter, upload=io.BytesIO(data), dry_run=True)

    assert result.created == 98 and result.skipped_duplicates == 2


def _result(search_p95=50.0, ratio=30.0, errors=0, rate=600.0, flat=True):
    return {
        "date": "2026-11-30T06:00:00+00:00",
        "candidates": 1_000_000,
        "machine": {"cores": 2, "ram_gb": 23.5, "postgresql": "15.2 (Debian)", "commit": "abc123",
                    "loadavg_start": [3.0, 2, 1], "loadavg_end": [4.0, 3, 2]},
        "search": {"rare": {"p95_ms": search_p95, "speedup_p50": ratio}},
        "matching": {"#1": {"p95_ms": 120.0}},
        "pages": {"workers": 5, "list": {"p95_ms": 150.0, "errors": errors}},
        "import": {"rows_per_s": 2500.0},
        "sweep": {"runs": [{"people_per_s": rate, "max_rss_mb": 90.0, "files_left": 0, "vectors_left": 0}],
                  "memory_flat": flat},
    }  # fmt: skip


def test_verdicts_pass_at_the_targets_and_miss_beyond_them():
    assert all(passed for _, _, passed in harness.verdicts(_result()))
    missed = {target for target, _, passed in harness.verdicts(_result(120.0, 10.0, 1, 400.0)) if not passed}
    assert len(missed) == 4
    assert not harness.verdicts(_result(flat=False))[-1][2]


def test_a_run_adds_one_row_to_the_docs_table(tmp_path):
    path = tmp_path / "performance.md"
    path.write_text(f"# Performance\n\n{report.START}\n{report.HEADER}\n{report.END}\n\n## Data generator\n")

    report.add_table_row(_result(), path)
    report.add_table_row(_result(search_p95=80.0), path)

    text = path.read_text()
    rows = [line for line in text.splitlines() if line.startswith("| 2026")]
    assert len(rows) == 2 and "1,000,000" in rows[0] and "80 ms" in rows[1]
    assert text.endswith("## Data generator\n")


def test_the_varied_set_is_distinct_realistic_and_parses(db):
    from bench.varied import varied_queries
    from candidates.search.parser import parse

    queries = varied_queries(1200)
    assert len({q.lower() for q in queries}) == 1200
    assert varied_queries(400) == queries[:400]  # fixed for a seed
    for kind in (" OR ", " NOT ", '"', "*", " -", " AND "):
        assert sum(kind in q for q in queries[:400]) >= 20, kind
    for text in queries:
        parse(text)
