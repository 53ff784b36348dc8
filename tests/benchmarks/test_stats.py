"""The load benchmark's arithmetic: percentiles, per-endpoint rows, combined rows."""
from benchmarks.stats import Run, Sample, combined, endpoints, percentile, summarise


def test_percentile_is_the_nearest_rank():
    values = [float(v) for v in range(1, 101)]  # 1 .. 100
    assert percentile(values, 0.50) == 50
    assert percentile(values, 0.95) == 95
    assert percentile(values, 0.99) == 99
    assert percentile([7.0], 0.99) == 7
    assert percentile([], 0.5) == 0.0
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2  # unordered input


def test_summarise_counts_errors_and_rate():
    samples = [Sample("GET /home", ms, 1000, None) for ms in (10, 20, 30)] + [
        Sample("GET /home", 40, 0, "HTTP 500")]
    row = summarise("GET /home", samples, seconds=2.0)
    assert (row.count, row.errors, row.rps) == (4, 1, 2.0)
    assert row.max == 40 and row.p50 == 20
    assert row.mean_size == 750
    assert row.error_share == 0.25


def test_endpoints_group_by_name_and_combined_takes_samples_together():
    run = Run("kiosk", 10.0, [Sample("GET /home", 5), Sample("GET /home", 7),
                              Sample("POST / (sign-in)", 300), Sample("GET /requests/", 9)])
    rows = endpoints(run)
    assert [r.name for r in rows] == ["GET /home", "GET /requests/", "POST / (sign-in)"]
    assert rows[0].count == 2 and rows[0].rps == 0.2
    pages = combined(run, "pages", lambda name: name != "POST / (sign-in)")
    assert pages.count == 3 and pages.max == 9
    assert combined(run, "all").max == 300


def test_a_run_survives_the_file_between_locust_and_the_report(tmp_path):
    run = Run("admin-sqlite", 61.5, [Sample("GET /requests/ (queue)", 12.5, 300_000, None),
                                     Sample("GET /requests/<id>", 8.0, 14_000, "HTTP 404")],
              users=20, error_examples={"GET /requests/<id>": "HTTP 404"})
    run.dump(tmp_path / "run.json")
    again = Run.load(tmp_path / "run.json")
    assert again == run
