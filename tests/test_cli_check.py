"""`provenance scan --check` and `provenance check` end to end, against local archives."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from provenance.cli import cli
from tests.fixtures.store import ROOT


def _scan_check(runner, tmp_path: Path, *extra: str):
    db, rep = str(tmp_path / "p.db"), str(tmp_path / "rep")
    res = runner.invoke(
        cli,
        ["scan", str(ROOT / "seeds"), "--check", "--db", db, "--reports", rep, *extra],
        catch_exceptions=False,
    )
    return res, db, Path(rep)


def test_scan_then_check_against_ia_format_archive(runner, tmp_path, ia_archive):
    res, db, rep = _scan_check(
        runner, tmp_path, "--cdx-url", ia_archive.cdx_url, "--replay-url", ia_archive.replay_url
    )
    assert res.exit_code == 0, res.output
    assert "27 verified" in res.output
    report = (rep / "000-f0a8ddd99eaae0a6.md").read_text(encoding="utf-8")
    assert report.count("✅ verified") >= 27
    index = (rep / "index.md").read_text(encoding="utf-8")
    assert "27/27" in index
    out = runner.invoke(cli, ["export", "--db", db, "--format", "jsonl"], catch_exceptions=False)
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert {r["status"] for r in rows} == {"verified"}
    assert all(r["archive_url"].startswith(ia_archive.replay_url) for r in rows)
    assert all(r["match_score"] >= 0.6 for r in rows)
    # A second run answers from the cache: no request reaches the archive.
    seen = len(ia_archive.requests)
    res = runner.invoke(
        cli,
        [
            "check",
            "--db",
            db,
            "--reports",
            str(rep),
            "--offline",
            "--cdx-url",
            ia_archive.cdx_url,
            "--replay-url",
            ia_archive.replay_url,
        ],
        catch_exceptions=False,
    )
    assert res.exit_code == 0
    assert len(ia_archive.requests) == seen


def test_check_configured_through_environment_against_pywb(
    runner, tmp_path, monkeypatch, pywb_archive
):
    monkeypatch.setenv("PROVENANCE_CDX_URL", pywb_archive.cdx_url)
    monkeypatch.setenv("PROVENANCE_REPLAY_URL", pywb_archive.replay_url)
    before = len(pywb_archive.requests())
    res, db, rep = _scan_check(runner, tmp_path)
    assert res.exit_code == 0, res.output
    assert "27 verified" in res.output
    assert len(pywb_archive.requests()) > before  # the env endpoints were the ones used


def test_plan_line_estimates_from_the_rate_limit():
    from provenance.cli import plan_line
    from provenance.config import Settings

    line = plan_line(Settings(), 27, 15, 40)  # IA default 2.5 s: 55 requests, 54 gaps
    assert line == (
        "checking 27 references: about 55 archive requests (15 queries, about 40 page "
        "fetches); web.archive.org allows one request every 2.5 s, so this takes about "
        "2 min 15 s"
    )
    assert plan_line(Settings(offline=True), 1, 1) == (
        "checking 1 reference: 1 archive query planned (offline: answered from the cache only)"
    )
    local = Settings(cdx_url="http://127.0.0.1:8080/coll/cdx")
    assert plan_line(local, 3, 2, 5) == (
        "checking 3 references: about 7 archive requests (2 queries, about 5 page fetches)"
    )
    # The same per-host lookup as the Fetcher: "host:port" is found, then the bare host.
    limited = Settings(cdx_url="http://127.0.0.1:8080/coll/cdx", rate_limits={"127.0.0.1": 1.0})
    assert plan_line(limited, 3, 3).endswith("this takes about 2 s")
    # A request budget caps the estimate.
    capped = plan_line(Settings(max_requests=10), 27, 15, 40)
    assert "--max-requests 10 stops there, the rest waits" in capped
    assert capped.endswith("about 22 s")


def test_verbose_check_prints_one_line_per_reference(runner, tmp_path, ia_archive):
    db, rep = str(tmp_path / "p.db"), str(tmp_path / "rep")
    archive = ["--cdx-url", ia_archive.cdx_url, "--replay-url", ia_archive.replay_url]
    res = runner.invoke(
        cli, ["-v", "scan", str(ROOT / "seeds"), "--check", "--db", db, "--reports", rep, *archive]
    )
    assert res.exit_code == 0, res.output
    lines = res.stderr.splitlines()
    assert sum(line.endswith(": verified") for line in lines) == 27
    assert sum(line.endswith(": 39 claims, 12 citations, 27 references") for line in lines) == 1
    quiet = runner.invoke(cli, ["-q", "check", "--db", db, "--reports", rep, "--refresh", *archive])
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_failed_lookups_are_said_once_grouped_and_offline_is_not_checked(runner, tmp_path):
    from tests.fixtures.archive import free_port

    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there: connection refused
    res, db, rep = _scan_check(runner, tmp_path, "--cdx-url", f"{dead}/cdx", "--replay-url", dead)
    assert res.exit_code == 4
    host = dead.removeprefix("http://")
    cause = f"27 lookups failed: connection refused by {host} (ConnectionRefusedError 111)"
    assert [line for line in res.stderr.splitlines() if "lookups failed:" in line] == [cause]
    report = (rep / "000-f0a8ddd99eaae0a6.md").read_text(encoding="utf-8")
    assert report.count("### Failed lookups") == 1 and report.count("connection refused") == 1
    assert "Archive evidence" not in report
    # --offline with an empty cache: not checked (no verdict), said in one line, exit 0.
    fresh = str(tmp_path / "fresh.db")
    args = ["--db", fresh, "--reports", str(tmp_path / "r2")]
    runner.invoke(cli, ["scan", str(ROOT / "seeds"), *args], catch_exceptions=False)
    res = runner.invoke(cli, ["check", "--offline", *args], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    offline = [line for line in res.stderr.splitlines() if line.startswith("offline:")]
    assert offline == [
        "offline: 27 references not checked, nothing cached for them; run without --offline "
        "to look them up"
    ]
    report = (tmp_path / "r2" / "000-f0a8ddd99eaae0a6.md").read_text(encoding="utf-8")
    assert "Failed lookups" not in report and "⚠️ error" not in report


def test_a_silent_archive_ends_the_check_in_seconds_with_one_line_each(
    runner, tmp_path, local_server, monkeypatch
):
    """An archive that accepts and never answers held a 27-reference check for minutes:
    one timeout, and its retries, per lookup."""
    import time

    from provenance.config import Settings
    from tests.servers import Response

    local_server.route("/cdx", Response(200, "[]", delay=30))
    monkeypatch.setenv("PROVENANCE_TIMEOUT", "1")
    monkeypatch.setenv("PROVENANCE_MAX_RETRIES", "0")  # each request is tried once here
    silent = local_server.base_url
    started = time.monotonic()
    res, db, rep = _scan_check(
        runner, tmp_path, "--cdx-url", f"{silent}/cdx", "--replay-url", silent
    )
    took = time.monotonic() - started
    assert res.exit_code == 4
    assert took < 15, took  # three timeouts of 1 s, and the scan
    in_flight = Settings().host_concurrency - 1  # sent before the third failed
    assert len(local_server.requests_to("/cdx")) <= 3 + in_flight
    host = local_server.netloc
    lines = res.stderr.splitlines()
    assert [x for x in lines if "no answer" in x] == [
        f"warning: {host}: 3 requests in a row got no answer (timeout): its lookups are "
        "left for the next run"
    ]
    assert [x for x in lines if "lookups failed:" in x] == [
        f"27 lookups failed: timed out waiting for {host}"
    ]


def test_nothing_found_is_said_whatever_had_nothing_to_look_up(runner, tmp_path, local_server):
    """A generic source and an outlet the registry lacks make no lookup: they neither hide
    an archive that finds nothing nor count as references it was asked about."""
    from tests.servers import Response

    local_server.route("/cdx", Response(200, "[]", content_type="application/json"))
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "seeds", docs)
    (docs / "more.txt").write_text(
        "Published: 17 November 2016\n\n"
        "Officials denied it (local media, October 3; Some Blog, October 4).\n",
        encoding="utf-8",
    )
    empty = local_server.base_url
    db, rep = str(tmp_path / "p.db"), str(tmp_path / "rep")
    args = ["scan", str(docs), "--check", "--db", db, "--reports", rep]
    args += ["--cdx-url", f"{empty}/cdx", "--replay-url", empty]
    res = runner.invoke(cli, args, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert "1 generic-source" in res.output and "1 unresolved-outlet" in res.output
    assert [x for x in res.stderr.splitlines() if "has a capture" in x] == [
        "warning: none of the 27 references checked has a capture in the archive: if its "
        "endpoint was wrong, put it right and check again (they are checked anew)"
    ]


def test_an_archive_that_finds_nothing_at_all_is_said_once(runner, tmp_path, local_server):
    """An empty pywb collection answers 200 with no rows: 27 "no-captures", exit 0, and no
    word that the endpoint might be wrong."""
    from tests.servers import Response

    local_server.route("/cdx", Response(200, "[]", content_type="application/json"))
    empty = local_server.base_url
    res, db, rep = _scan_check(runner, tmp_path, "--cdx-url", f"{empty}/cdx", "--replay-url", empty)
    assert res.exit_code == 0
    assert [x for x in res.stderr.splitlines() if "has a capture" in x] == [
        "warning: none of the 27 references checked has a capture in the archive: if its "
        "endpoint was wrong, put it right and check again (they are checked anew)"
    ]
