"""Link-check runs on local servers: history, N-over-D rule, outages, resume, CLI, reports."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import socket
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from provenance.cli import cli
from provenance.config import Settings
from provenance.links import run as linkcheck
from provenance.links import store as linkstore
from provenance.links.run import derive_verdict, exit_code, moved_to, run_linkcheck
from provenance.models import LinkCheck, LinkUse, LinkVerdict, Outlet, OutletDomain
from provenance.net.fetch import Fetcher
from provenance.report.links import json_records, render_linkcheck_report
from provenance.scan.outlets.resolve import Registry
from provenance.store import scans as store
from tests.fixtures.store import insert_references
from tests.fixtures.web import NOT_FOUND_HTML, LocalServer, Response

V = LinkVerdict
DAY0 = dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.UTC)
NO_REGISTRY = Registry([])


def link_settings(tmp_path: Path, **changes: object) -> Settings:
    """Fast, loopback-allowed, offline settings; dead after one failure unless changed."""
    base = Settings(
        db=str(tmp_path / "db" / "p.db"),
        reports=str(tmp_path / "reports"),
        allow_private=True,
        link_delay=0.0,
        timeout=0.5,
        host_concurrency=2,
        global_concurrency=8,
        max_body_bytes=200_000,
        dead_after=1,
        dead_days=0,
        offline=True,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def seed(
    db,
    urls: list[str],
    *,
    doc_url: str | None = None,
    claim_text: str = "Claim {i} says something.",
) -> None:
    """One document with one claim, citation and reference per URL (real rows, real SQLite)."""
    db["documents"].insert(
        {
            "id": 1,
            "path": "seeds/doc.txt",
            "slug": "doc",
            "sha256": "0" * 64,
            "url": doc_url,
            "published": "2016-11-17",
        }
    )
    for i, url in enumerate(urls, 1):
        db["claims"].insert(
            {
                "id": i,
                "document_id": 1,
                "paragraph": 1,
                "sentence": i,
                "start": 0,
                "end": 1,
                "text": claim_text.format(i=i),
            }
        )
        db["citations"].insert(
            {
                "id": i,
                "document_id": 1,
                "claim_id": i,
                "position": 0,
                "start": 0,
                "end": 1,
                "raw": "(X)",
                "kind": "citation",
                "is_citation": 1,
            }
        )
        insert_references(
            db,
            [
                {
                    "id": i,
                    "document_id": 1,
                    "claim_id": i,
                    "citation_id": i,
                    "position": 0,
                    "outlet": "X",
                    "url": url,
                    "date": "2016-10-20",
                }
            ],
        )


def run(db, settings: Settings, when: dt.datetime | None = DAY0, **kw: object):
    return run_linkcheck(db, settings, now=when, registry=NO_REGISTRY, **kw)


def verdicts(summary) -> dict[str, LinkVerdict]:
    return {s.url: s.verdict for s in summary.links}


def dead_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- verdicts from history


def chk(day: int, verdict: LinkVerdict) -> LinkCheck:
    return LinkCheck("https://a.org/x", verdict, DAY0 + dt.timedelta(days=day))


F, OK, BL = V.FAILING, V.ALIVE, V.BLOCKED


@pytest.mark.parametrize(
    ("history", "n", "d", "expected"),
    [
        ([], 3, 3, (None, 0)),
        ([(0, OK)], 3, 3, (V.ALIVE, 0)),
        ([(0, F)], 3, 3, (V.FAILING, 1)),
        ([(0, F), (1, F), (2, F)], 3, 3, (V.FAILING, 3)),
        ([(0, F), (1, F), (2, F), (3, F)], 3, 3, (V.DEAD, 4)),
        ([(0, F), (0, F), (0, F)], 3, 3, (V.FAILING, 3)),
        ([(0, F), (3, F)], 3, 3, (V.FAILING, 2)),
        ([(0, F), (1, F), (2, OK), (3, F), (4, F), (5, F)], 3, 3, (V.FAILING, 3)),
        ([(0, F), (1, BL), (2, F), (3, F)], 3, 3, (V.DEAD, 3)),
        ([(0, F), (1, F), (5, BL)], 2, 1, (V.BLOCKED, 2)),
        ([(0, F), (1, F), (2, V.SOFT_404), (3, V.SOFT_404)], 3, 3, (V.SOFT_404, 4)),
        ([(0, V.SOFT_404)], 3, 3, (V.FAILING, 1)),
        ([(0, F)], 1, 3, (V.DEAD, 1)),
        ([(0, F), (1, OK)], 1, 0, (V.ALIVE, 0)),
    ],
    ids=[
        "never-checked",
        "alive",
        "one-failure",
        "three-in-two-days",
        "four-over-three-days",
        "three-same-day",
        "two-far-apart",
        "streak-restarts-after-ok",
        "blocked-does-not-break",
        "blocked-latest-shown",
        "soft-404-after-rule",
        "soft-404-first-is-failing",
        "dead-after-1-immediate",
        "recovered",
    ],
)
def test_derive_verdict(history, n: int, d: int, expected) -> None:
    verdict, streak, _ = derive_verdict([chk(day, v) for day, v in history], n, d)
    assert (verdict, streak) == expected


@pytest.mark.parametrize(
    ("n", "d", "expected"),
    [
        (3, 3, [V.FAILING, V.FAILING, V.FAILING, V.DEAD, V.DEAD]),
        (3, 2, [V.FAILING, V.FAILING, V.DEAD, V.DEAD, V.DEAD]),
        (1, 3, [V.DEAD] * 5),
        (5, 1, [V.FAILING] * 4 + [V.DEAD]),
    ],
    ids=["defaults-3-over-3", "3-over-2", "dead-after-1", "5-over-1"],
)
def test_n_failures_over_d_days_with_a_clock(
    local_server: LocalServer, tmp_path: Path, db, n: int, d: int, expected: list[LinkVerdict]
) -> None:
    url = local_server.status("/gone", 404)
    seed(db, [url])
    settings = link_settings(tmp_path, dead_after=n, dead_days=d)
    seen = [verdicts(run(db, settings, DAY0 + dt.timedelta(days=i)))[url] for i in range(5)]
    assert seen == expected


# ---------------------------------------------------------------- runs


def test_each_verdict_in_one_run(
    web_server: Callable[..., LocalServer], tmp_path: Path, db
) -> None:
    plain = web_server(host="127.0.0.2")
    soft = web_server(host="127.0.0.3", fallback=Response(200, NOT_FOUND_HTML))
    plain.page("/new")
    expected = {
        plain.page("/ok"): V.ALIVE,
        plain.redirect("/moved", "/new", 301): V.REDIRECTED,
        plain.status("/gone", 410): V.DEAD,
        soft.soft_404("/soft"): V.SOFT_404,
        plain.status("/wall", 403): V.BLOCKED,
    }  # error (the private-address guard) is shown by test_cli_json_and_guard
    seed(db, list(expected))
    summary = run(db, link_settings(tmp_path))
    assert verdicts(summary) == expected
    run(db, link_settings(tmp_path, dead_after=2, dead_days=0), DAY0 + dt.timedelta(days=1))
    failing = run(db, link_settings(tmp_path, dead_after=9), DAY0 + dt.timedelta(days=2))
    assert verdicts(failing)[plain.url("/gone")] is V.FAILING  # N not reached with N=9
    text = render_linkcheck_report(failing)
    table = text.split("| Verdict | URLs |\n| --- | ---: |\n", 1)[1].split("\n\n", 1)[0]
    rows = dict(re.findall(r"^\| (\S+) \| (\d+) \|$", table, re.M))
    assert sum(map(int, rows.values())) == failing.total == 5 and "unchecked" in rows
    assert "| **Total** | **5** |" in table
    lines = re.findall(r'^    line "([^"]+)" \[(.*)\]$', text, re.M)  # three runs: a line each
    assert [name for name, _ in lines] == ["ok", "failing", "broken", "blocked or error"]
    assert all(len(values.split(", ")) == 3 for _, values in lines)
    assert "Lines: ok (green), failing (amber), broken (red), blocked or error (grey)." in text
    # Where a redirected link now leads is in the Markdown report, not only in the JSON.
    moved = text.split("## Redirected (1)\n", 1)[1].split("\n## ", 1)[0]
    assert f"[`{plain.url('/moved')}`]({plain.url('/moved')}) | [`{plain.url('/new')}`]" in moved


def test_diff_between_two_runs(local_server: LocalServer, tmp_path: Path, db) -> None:
    a, b = local_server.status("/a", 404), local_server.page("/b", "<html>b</html>")
    seed(db, [a, b])
    settings = link_settings(tmp_path)
    first = run(db, settings)
    local_server.page("/a", "<html>back</html>")
    local_server.status("/b", 404)
    second = run(db, settings, DAY0 + dt.timedelta(days=1))
    assert [s.url for s in first.newly_broken] == [a]
    assert ([s.url for s in second.newly_broken], [s.url for s in second.recovered]) == ([b], [a])
    text = render_linkcheck_report(second)
    assert "## Newly broken (1)" in text and "## Recovered (1)" in text
    assert exit_code(second, "new") == 2 and exit_code(second, "never") == 0


def test_the_first_run_compares_with_no_earlier_one(
    local_server: LocalServer, tmp_path: Path, db
) -> None:
    seed(db, [local_server.page("/a", "<html>a</html>")])
    settings = link_settings(tmp_path)
    first = render_linkcheck_report(run(db, settings))
    assert "Nothing is broken (the first run: no earlier one to compare with)." in first
    assert "since the last run" not in first
    second = render_linkcheck_report(run(db, settings, DAY0 + dt.timedelta(days=1)))
    assert "Nothing broke since the last run." in second and "the first run" not in second


def test_not_found_title_in_report_and_json(local_server: LocalServer, tmp_path: Path, db) -> None:
    title = "Страница не найдена — Regnum"
    url = local_server.page("/news/2019/3412.html", f"<title>{title}</title><h1>Нет</h1>")
    seed(db, [url, local_server.page("/news/live.html", "<title>Ошибка 404: как — Regnum</title>")])
    summary = run(db, link_settings(tmp_path))
    (record,) = [r for r in json_records(summary) if r["verdict"] != "alive"]
    assert (record["url"], record["error_kind"]) == (url, "not-found-title")
    assert record["reason"] == f'soft-404: not-found-title (its title reads "{title}")'
    escaped = rf'soft\-404: not\-found\-title \(its title reads "{title}"\)'
    assert f"**soft-404**, {escaped}, 1 failure since 2026-11-01" in render_linkcheck_report(
        summary
    )


def test_outage_marks_nothing_dead(
    web_server: Callable[..., LocalServer], tmp_path: Path, db
) -> None:
    servers = [web_server(host=f"127.0.0.{i}") for i in range(2, 6)]
    urls = [s.page("/p") for s in servers]
    seed(db, urls)
    settings = link_settings(tmp_path)
    healthy = run(db, settings)
    for server in servers:
        server.stop()  # every host now refuses connections: our network is "down"
    down = run(db, settings, DAY0 + dt.timedelta(days=1))
    assert healthy.outage is False and down.outage is True
    assert set(verdicts(down).values()) == {V.ALIVE} and not down.newly_broken
    assert exit_code(down, "new") == 4 and exit_code(down, "never") == 4
    assert "Network outage" in render_linkcheck_report(down)
    assert db.execute("select count(*) from link_checks").fetchone()[0] == 8  # still recorded


def test_outage_needs_several_hosts(tmp_path: Path, db) -> None:
    urls = [f"http://127.0.0.2:{dead_port('127.0.0.2')}/{i}" for i in range(4)]
    seed(db, urls[:1] * 1 + [urls[0].rsplit("/", 1)[0] + f"/{i}" for i in range(1, 4)])
    summary = run(db, link_settings(tmp_path))
    assert summary.outage is False and set(verdicts(summary).values()) == {V.DEAD}


def test_history_is_append_only(local_server: LocalServer, tmp_path: Path, db) -> None:
    seed(db, [local_server.page("/a"), local_server.status("/b", 404)])
    settings = link_settings(tmp_path)
    run(db, settings)
    run(db, settings, DAY0 + dt.timedelta(days=1))
    rows = db.execute("select run_id, count(*) from link_checks group by run_id").fetchall()
    assert rows == [(1, 2), (2, 2)]
    for sql in ("update link_checks set verdict = 'alive'", "delete from link_checks"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(sql)
    uses = db.execute("select url, kind, claim_id from url_uses order by claim_id").fetchall()
    assert [(kind, claim) for _, kind, claim in uses] == [("citation", 1), ("citation", 2)]


def test_latest_checks_takes_the_newest_row_per_url(db) -> None:
    run_id, _ = linkstore.open_run(db, DAY0, 1, 0)
    later = DAY0 + dt.timedelta(hours=1)
    rows = [
        ("https://a.org/x", V.ALIVE, later),
        ("https://a.org/x", V.FAILING, DAY0),
        ("https://b.org/y", V.FAILING, later),
        ("https://b.org/y", V.DEAD, later),
        ("https://c.org/z", V.ALIVE, DAY0),
    ]
    linkstore.append_checks(
        db, [LinkCheck(url, verdict, when, run_id=run_id) for url, verdict, when in rows]
    )
    latest = linkstore.latest_checks(db, ["https://a.org/x", "https://b.org/y", "https://new.org/"])
    # a later check wins; on a tie in time, the row written last; unasked and unchecked are absent
    assert {url: c.verdict for url, c in latest.items()} == {
        "https://a.org/x": V.ALIVE,
        "https://b.org/y": V.DEAD,
    }


def test_interrupted_run_resumes_the_same_day(
    local_server: LocalServer, tmp_path: Path, db
) -> None:
    local_server.latency = 0.02
    urls = [local_server.page(f"/p{i}") for i in range(12)]
    seed(db, urls)
    settings = link_settings(tmp_path, global_concurrency=2, host_concurrency=2)

    def stop_after_three(done: int, total: int, url: str) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(db, settings, progress=stop_after_three)
    (status,) = db.execute("select status from link_runs").fetchone()
    stored = db.execute("select count(*) from link_checks").fetchone()[0]
    before = len(local_server.requests)
    resumed = run(db, settings, DAY0 + dt.timedelta(hours=3))
    pages = {f"/p{i}" for i in range(12)}  # not the sibling probes ("/pv...")
    rechecked = {r.path for r in local_server.requests[before:] if r.path in pages}
    assert (status, resumed.resumed, resumed.run_id) == ("interrupted", True, 1)
    assert resumed.skipped == stored
    assert stored >= 3 and len(rechecked) == 12 - stored
    nextday = run(db, settings, DAY0 + dt.timedelta(days=1))
    assert (nextday.resumed, nextday.run_id, nextday.skipped) == (False, 2, 0)


def test_per_host_concurrency_is_respected(
    web_server: Callable[..., LocalServer], tmp_path: Path, db
) -> None:
    servers = [web_server(host=f"127.0.0.{i}", latency=0.03) for i in (2, 3, 4)]
    seed(db, [s.page(f"/p{i}/") for s in servers for i in range(10)])
    settings = link_settings(tmp_path, host_concurrency=2, global_concurrency=16)
    with Fetcher(settings) as fetcher:
        summary = run(db, settings, fetcher=fetcher)
        limiter = {host: stats.max_in_flight for host, stats in fetcher.stats().items()}
    # Server side: every request holds the server >= 30 ms, so a host never served more
    # than 2 at once iff no 3 requests arrived within 30 ms. (The servers' own max_in_flight
    # can read 3 under CPU load: it drops only after the answer is sent and the client may
    # already have started the next request.)
    arrivals = [peak_arrivals([r.time for r in s.requests], 0.03) for s in servers]
    assert summary.checked == 30 and set(limiter.values()) == {2}, limiter
    assert max(arrivals) == 2, arrivals


def peak_arrivals(times: list[float], window: float) -> int:
    """The most requests that arrived within any ``window`` seconds (a slight margin kept)."""
    times = sorted(times)
    start, peak = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= window * 0.95:
            start += 1
        peak = max(peak, end - start + 1)
    return peak


def test_replacement_from_cdx_closest_to_cited_date(
    web_server: Callable[..., LocalServer], tmp_path: Path, db
) -> None:
    site = web_server(host="127.0.0.2")
    archive = web_server(host="127.0.0.9")
    dead = site.status("/story", 404)
    rows = [
        ["timestamp", "original", "statuscode"],
        ["20150101000000", dead, "200"],
        ["20161021080000", dead, "200"],
        ["20200101000000", dead, "200"],
    ]
    archive.page("/cdx", json.dumps(rows), content_type="application/json")
    seed(db, [dead])
    settings = link_settings(
        tmp_path, offline=False, cdx_url=archive.url("/cdx"), replay_url=archive.url("/web")
    )
    first = run(db, settings)
    run(db, settings, DAY0 + dt.timedelta(days=1))
    assert first.links[0].replacement_url == archive.url(f"/web/20161021080000/{dead}")
    assert len(archive.requests_to("/cdx")) == 1  # the second run used the cached answer


def test_moved_outlet_is_suggested() -> None:
    asia = Outlet(
        "asia-plus",
        "Asia-Plus",
        domains=(
            OutletDomain("news.tj", until="2019-08-01", status="former"),
            OutletDomain("asiaplustj.info", since="2019-08-01"),
        ),
    )
    registry = Registry([asia])
    uses = [LinkUse("citation", outlet_id="asia-plus")]
    assert moved_to("https://news.tj/ru/news/tajikistan/x", uses, registry) == "asiaplustj.info"
    assert moved_to("https://www.news.tj/", [], registry) == "asiaplustj.info"
    assert moved_to("https://asiaplustj.info/x", uses, registry) is None


def test_report_and_json_escape_document_text(
    local_server: LocalServer, tmp_path: Path, db
) -> None:
    seed(
        db,
        [local_server.status("/gone", 404)],
        claim_text="Evil [click](http://evil.example) <script>x</script> **{i}**",
    )
    summary = run(db, link_settings(tmp_path))
    text = render_linkcheck_report(summary)
    assert "<script>" not in text and "[click](http" not in text and "&lt;script&gt;" in text
    assert "```mermaid" in text and "xychart-beta" in text
    (record,) = json_records(summary)
    assert {k: record[k] for k in ("verdict", "http_status", "consecutive_failures", "claims")} == {
        "verdict": "dead",
        "http_status": 404,
        "consecutive_failures": 1,
        "claims": [1],
    }
    assert set(record) >= {"url", "final_url", "checked_at", "first_failed_at", "replacement_url"}


def test_document_urls_are_checked(local_server: LocalServer, tmp_path: Path, db) -> None:
    seed(db, [], doc_url=local_server.page("/refworld/doc"))
    summary = run(db, link_settings(tmp_path))
    assert [(s.verdict, [u.kind for u in s.uses]) for s in summary.links] == [
        (V.ALIVE, ["document"])
    ]


# ---------------------------------------------------------------- CLI


@pytest.mark.parametrize(
    ("flags", "codes"),
    [
        ([], [2, 0]),
        (["--fail-on", "any"], [2, 2]),
        (["--fail-on", "never"], [0, 0]),
        (["--dead-after", "3"], [0, 0]),
    ],
    ids=["new", "any", "never", "not-yet-dead"],
)
def test_cli_exit_codes(
    runner: CliRunner, local_server: LocalServer, tmp_path: Path, flags: list[str], codes: list[int]
) -> None:
    path = tmp_path / "cli.db"
    seed(store.open_db(path), [local_server.page("/ok"), local_server.status("/gone", 404)])
    env = {"PROVENANCE_LINK_DELAY": "0", "PROVENANCE_OFFLINE": "1", "PROVENANCE_TIMEOUT": "1"}
    args = [
        "linkcheck",
        "--db",
        str(path),
        "--reports",
        str(tmp_path / "r"),
        "--allow-private",
        "--dead-after",
        "1",
        *flags,
    ]
    got = [runner.invoke(cli, args, env=env, catch_exceptions=False).exit_code for _ in codes]
    assert got == codes
    assert list((tmp_path / "r").glob("linkcheck-*.md"))


def test_cli_json_and_guard(runner: CliRunner, local_server: LocalServer, tmp_path: Path) -> None:
    path = tmp_path / "cli.db"
    seed(store.open_db(path), [local_server.page("/ok")])
    env = {"PROVENANCE_LINK_DELAY": "0", "PROVENANCE_OFFLINE": "1"}
    result = runner.invoke(
        cli,
        [
            "-q",
            "linkcheck",
            "--db",
            str(path),
            "--reports",
            str(tmp_path / "r"),
            "--format",
            "json",
        ],
        env=env,
        catch_exceptions=False,
    )
    records = json.loads(result.stdout)
    assert result.exit_code == 0 and [(r["verdict"], r["error_kind"]) for r in records] == [
        ("error", "private-address")
    ]
    assert local_server.requests == []


def test_cli_outage_exit_4(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "cli.db"
    seed(
        store.open_db(path),
        [f"http://127.0.0.{i}:{dead_port(f'127.0.0.{i}')}/x" for i in range(2, 7)],
    )
    env = {"PROVENANCE_LINK_DELAY": "0", "PROVENANCE_OFFLINE": "1"}
    result = runner.invoke(
        cli,
        [
            "linkcheck",
            "--db",
            str(path),
            "--reports",
            str(tmp_path / "r"),
            "--allow-private",
            "--dead-after",
            "1",
        ],
        env=env,
        catch_exceptions=False,
    )
    assert result.exit_code == 4 and "OUTAGE" in result.stderr


def test_write_report_names_the_day(local_server: LocalServer, tmp_path: Path, db) -> None:
    seed(db, [local_server.page("/ok")])
    summary = run(db, link_settings(tmp_path))
    path = linkcheck.write_report(summary, tmp_path / "reports")
    assert path.name == "linkcheck-2026-11-01.md" and path.read_text().startswith("# Link check")
    # A second run that day keeps the first one's report, with its newly broken links.
    local_server.status("/ok", 410)
    later = run(db, link_settings(tmp_path, dead_after=1), DAY0 + dt.timedelta(hours=3))
    second = linkcheck.write_report(later, tmp_path / "reports")
    assert second.name == "linkcheck-2026-11-01-2.md"
    assert "## Newly broken (1)" in second.read_text()
    assert path.read_text() == render_linkcheck_report(summary)
    assert {p.name for p in (tmp_path / "reports").iterdir()} == {path.name, second.name}


# ---------------------------------------------------------------- every known URL reported


def test_first_run_outage_keeps_every_url_unchecked(tmp_path: Path, db) -> None:
    urls = [f"http://127.0.0.{i}:{dead_port(f'127.0.0.{i}')}/x" for i in range(2, 7)]
    seed(db, urls)
    summary = run(db, link_settings(tmp_path))
    records = json_records(summary)
    assert summary.outage and exit_code(summary, "new") == 4
    assert [(r["url"], r["verdict"], r["error_kind"], r["claims"]) for r in records] == [
        (url, None, "refused", [i]) for i, url in enumerate(urls, 1)
    ]
    assert all(
        r["checked_at"] == DAY0.isoformat() and r["previous_verdict"] is None for r in records
    )
    assert summary.counts == {}  # the counts table counts verdicts only
    text = render_linkcheck_report(summary)
    assert "## Blocked or not checked (5)" in text and "| unchecked | 5 |" in text
    assert text.count("| unchecked |") == 1 + 5  # the verdict table's row, then one per URL
    assert "| **Total** | **5** |" in text


def test_outage_after_a_healthy_run_keeps_old_verdicts_and_lists_new_urls(
    web_server: Callable[..., LocalServer], tmp_path: Path, db
) -> None:
    servers = [web_server(host=f"127.0.0.{i}") for i in range(2, 6)]
    seed(db, [s.page("/p") for s in servers])
    settings = link_settings(tmp_path)
    run(db, settings)
    late = servers[0].page("/late")
    insert_references(
        db,
        [
            {
                "id": 9,
                "document_id": 1,
                "claim_id": 1,
                "citation_id": 1,
                "position": 1,
                "outlet": "X",
                "url": late,
                "date": "2016-10-20",
            }
        ],
    )
    for server in servers:
        server.stop()
    down = run(db, settings, DAY0 + dt.timedelta(days=1))
    assert down.outage and len(down.links) == 5
    assert verdicts(down) == {**{s.url("/p"): V.ALIVE for s in servers}, late: None}
    assert down.counts == {"alive": 4}


def test_deferred_urls_are_reported_unchecked(
    local_server: LocalServer, tmp_path: Path, db
) -> None:
    urls = [local_server.status(f"/busy{i}", 429, retry_after=100_000) for i in range(4)]
    seed(db, urls)
    settings = link_settings(tmp_path, host_concurrency=1)
    summary = run(db, settings)
    assert (summary.checked, summary.deferred, len(summary.links)) == (1, 3, 4)
    assert len(local_server.requests) == 1  # no worker took a second URL of the waiting host
    assert sorted(s.verdict is None for s in summary.links) == [False, True, True, True]
    assert all(s.last is None for s in summary.links if s.verdict is None)
    assert [r["verdict"] for r in json_records(summary)].count(None) == 3


@pytest.mark.timeout(30)
def test_a_redirect_target_that_asks_to_wait_defers_its_own_host(
    web_server: Callable[..., LocalServer], tmp_path: Path, db
) -> None:
    """A cited link on host A redirects to host B, which answers 429 with a day-long
    Retry-After: B's own URLs wait for the next run, and A's are checked. The cited host
    was the one held back, so A's other links went unchecked and B's were asked."""
    a, b = web_server(host="127.0.0.2"), web_server(host="127.0.0.3")
    busy = b.status("/busy", 429, retry_after=100_000)
    hop = a.redirect("/hop", busy)
    on_a = [a.page("/a1"), a.page("/a2")]
    on_b = [b.page("/b1"), b.page("/b2")]
    seed(db, [hop, *on_a, *on_b])
    summary = run(db, link_settings(tmp_path, global_concurrency=1, host_concurrency=1))
    assert {url: v for url, v in verdicts(summary).items() if url != hop} == {
        **dict.fromkeys(on_a, V.ALIVE),
        **dict.fromkeys(on_b),
    }
    assert verdicts(summary)[hop] is V.BLOCKED and summary.deferred == 2
    assert [r.path for r in b.requests] == ["/busy"]  # nothing else asked of the busy host


def test_cli_json_lists_every_url_in_an_outage(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "cli.db"
    urls = [f"http://127.0.0.{i}:{dead_port(f'127.0.0.{i}')}/x" for i in range(2, 7)]
    seed(store.open_db(path), urls)
    env = {"PROVENANCE_LINK_DELAY": "0", "PROVENANCE_OFFLINE": "1"}
    result = runner.invoke(
        cli,
        [
            "-q",
            "linkcheck",
            "--db",
            str(path),
            "--reports",
            str(tmp_path / "r"),
            "--allow-private",
            "--format",
            "json",
        ],
        env=env,
        catch_exceptions=False,
    )
    records = json.loads(result.stdout)
    assert result.exit_code == 4
    assert [(r["url"], r["verdict"], r["http_status"]) for r in records] == [
        (url, None, None) for url in urls
    ]


@pytest.mark.parametrize(
    ("domain", "current", "homes"),
    [
        ("centre1.com", "centre1.com", ["https://centre1.com/"]),
        ("Centre1.com", "centre1.com", ["https://centre1.com/"]),
        ("news.tj", "asiaplustj.info", ["https://news.tj/", "https://asiaplustj.info/"]),
    ],
    ids=["cited-is-current", "case-differs", "moved"],
)
def test_outlet_home_page_used_once_per_reference(
    tmp_path: Path, db, domain: str, current: str, homes: list[str]
) -> None:
    seed(db, ["https://example.org/a", "https://example.org/b"])
    db["outlets"].insert({"id": "o", "name": "O"})
    db.execute("update \"references\" set outlet_id = 'o', domain = ?", [domain])
    registry = Registry([Outlet("o", "O", domains=(OutletDomain(current),))])
    uses = linkcheck.collect_urls(db, registry)
    assert [u for u in uses if "example.org" not in u] == homes
    assert all(
        [(u.kind, u.reference_id) for u in uses[h]] == [("outlet-home", 1), ("outlet-home", 2)]
        for h in homes
    )
    linkstore.replace_uses(db, uses)
    rows = db.execute(
        "select url, kind, document_id, claim_id, reference_id from url_uses"
    ).fetchall()
    assert len(rows) == len(set(rows)) == 2 + 2 * len(homes)


def test_the_report_numbers_claims_as_their_documents_reports_do(
    local_server: LocalServer, tmp_path: Path, db
) -> None:
    """It printed the database's claim id: 'claim 14' for what the document calls Claim 4."""
    from provenance import pipeline

    gone = local_server.status("/gone", 404)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("One. Two. Three. Four. Five. Six.\n", encoding="utf-8")
    (docs / "b.md").write_text(
        f"---\ndate: 2016-06-01\n---\n\nFirst claim here. Prices rose again ([Vesti Blog]({gone}), "
        "May 3, 2016).\n",
        encoding="utf-8",
    )
    settings = link_settings(tmp_path)
    pipeline.scan([docs], settings, db=db)
    report = (Path(settings.reports) / "b.md").read_text(encoding="utf-8")
    assert "### Claim 2\n" in report and "Prices rose again" in report.split("### Claim 2")[1]
    text = render_linkcheck_report(run(db, settings))
    lines = [x for x in text.splitlines() if "Prices rose again" in x]
    assert lines and all(x.startswith("  - claim 2 (`") and "docs/b.md`): " in x for x in lines)


def test_captures_in_the_configured_archive_are_checked_though_it_is_loopback(
    web_server, tmp_path: Path, db
) -> None:
    """Every capture `check` found in a local archive ended as `error` ("blocked: ... a
    private, loopback or reserved address"), though the archive's endpoints are trusted."""
    archive, site = web_server(host="127.0.0.9"), web_server(host="127.0.0.2")
    capture = archive.page("/coll/20161020000000/http://news.tj/a", "<html>archived</html>")
    elsewhere = site.page("/doc", "<html>a document's page</html>")
    seed(db, [elsewhere])
    db["reference_checks"].insert(
        {"reference_id": 1, "status": "verified", "archive_url": capture, "checked_at": "x"}
    )
    settings = link_settings(
        tmp_path,
        allow_private=False,
        cdx_url=archive.url("/coll/cdx"),
        replay_url=archive.url("/coll"),
    )
    found = {s.url: s for s in run(db, settings).links}
    assert found[capture].verdict == "alive"
    assert found[elsewhere].verdict == "error"  # a document's URL on loopback: still refused
    assert found[elsewhere].last.error_kind == "private-address"


@pytest.mark.parametrize(
    ("after", "days", "rule"),
    [
        (1, 3, "A link is dead at its first failure (`--dead-after 1`)."),
        (3, 3, "A link is dead after 3 consecutive failures spread over at least 3 days; "),
        (2, 0, "A link is dead after 2 consecutive failures; until then it is failing."),
    ],
)
def test_the_report_states_the_dead_rule_as_it_is_applied(
    local_server: LocalServer, tmp_path: Path, db, after, days, rule
) -> None:
    """--dead-after 1 read "dead after 1 consecutive failures spread over at least 3 days"."""
    seed(db, [local_server.status("/gone", 404)])
    text = render_linkcheck_report(
        run(db, link_settings(tmp_path, dead_after=after, dead_days=days))
    )
    assert rule in text
    assert "1 consecutive failures" not in text


def test_a_link_that_broke_in_a_killed_run_is_newly_broken_in_the_next(
    local_server: LocalServer, tmp_path: Path, db
) -> None:
    """The run that found it never reported (killed, then abandoned the next day), yet
    its checks made the link count as dead already: no alert, ever."""
    gone = local_server.page("/gone", "<html>here</html>")
    others = [local_server.page(f"/p{i}") for i in range(4)]
    seed(db, [gone, *others])
    settings = link_settings(tmp_path, global_concurrency=1, host_concurrency=1)
    assert not run(db, settings).newly_broken  # night 0: all alive
    local_server.status("/gone", 404)

    def stop_after_gone(done: int, total: int, url: str) -> None:
        if url == gone:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):  # night 1: it fails, and the run is killed
        run(db, settings, DAY0 + dt.timedelta(days=1), progress=stop_after_gone)
    night2 = run(db, settings, DAY0 + dt.timedelta(days=2))
    assert not night2.resumed and [s.url for s in night2.newly_broken] == [gone]
    assert exit_code(night2, "new") == 2
    assert not run(db, settings, DAY0 + dt.timedelta(days=3)).newly_broken  # said once


def test_a_dead_link_blocked_for_a_night_is_not_newly_broken_again(
    local_server: LocalServer, tmp_path: Path, db
) -> None:
    """403 for one night between two 404s gave a second "newly broken" alert."""
    gone = local_server.status("/gone", 404)
    seed(db, [gone])
    settings = link_settings(tmp_path)
    assert [s.url for s in run(db, settings).newly_broken] == [gone]  # dead after 1
    local_server.status("/gone", 403)
    assert verdicts(run(db, settings, DAY0 + dt.timedelta(days=1)))[gone] == V.BLOCKED
    local_server.status("/gone", 404)
    again = run(db, settings, DAY0 + dt.timedelta(days=2))
    assert verdicts(again)[gone] == V.DEAD and not again.newly_broken


def test_a_second_linkcheck_waits_for_the_first_and_never_joins_its_run(
    local_server: LocalServer, tmp_path: Path
) -> None:
    """A second run took the first one's unfinished run for its own, checked every URL
    into it again, and failed: "link_runs is append-only"."""
    import threading
    import time

    from provenance.errors import DatabaseBusyError
    from provenance.store import locks

    settings = link_settings(tmp_path, db_timeout=5.0)
    db = store.open_db(settings.db)
    seed(db, [local_server.page("/a")])
    held, release = threading.Event(), threading.Event()

    def first_run() -> None:  # the first run, as another process would hold it
        other = store.open_db(settings.db)
        with locks.exclusive(other, "linkcheck", 1):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=first_run)
    thread.start()
    held.wait(5)
    with pytest.raises(DatabaseBusyError, match="another linkcheck run"):
        run(db, dataclasses.replace(settings, db_timeout=0.2))
    threading.Timer(0.5, release.set).start()
    started = time.monotonic()
    second = run(db, settings)
    thread.join()
    assert time.monotonic() - started >= 0.4 and second.checked == 1
    assert db.execute("select count(*), count(distinct run_id) from link_checks").fetchone() == (
        1,
        1,
    )


def test_a_host_down_for_maintenance_is_left_for_the_next_run(
    local_server: LocalServer, tmp_path: Path, db
) -> None:
    """Every URL of a host answering 503 with "Retry-After: 86400" was asked at once, one
    after the other, and each counted as a failure: the next morning all were newly dead."""
    urls = [local_server.status(f"/story{i}", 503, retry_after=86_400) for i in range(4)]
    seed(db, urls)
    summary = run(db, link_settings(tmp_path, host_concurrency=1))
    assert (summary.checked, summary.deferred, len(local_server.requests)) == (1, 3, 1)
    assert not summary.newly_broken and exit_code(summary, "any") == 0
    (checked,) = [s for s in summary.links if s.verdict is not None]
    assert checked.verdict == V.BLOCKED and checked.last.reason.startswith(
        "HTTP 503 (Retry-After 86400 s)"
    )


def test_a_story_behind_a_login_wall_is_not_dead(
    local_server: LocalServer, tmp_path: Path, db
) -> None:
    """A story answering with a redirect to the site's login page was a soft-404
    (redirect-to-shorter-path): dead and "newly broken", though readers who sign in read it."""
    local_server.page("/login", "<html><title>Sign in</title><form></form></html>")
    story = local_server.redirect(
        "/news/2016/10/25/story.html", "/login?next=/news/2016/10/25/story.html"
    )
    seed(db, [story])
    settings = link_settings(tmp_path)  # dead after one failure
    summary = run(db, settings)
    assert verdicts(summary) == {story: V.BLOCKED} and not summary.newly_broken
    text = render_linkcheck_report(summary)
    blocked = text.split("## Blocked or not checked (1)")[1].split("## Trend")[0]
    assert story in blocked and "login page" in blocked
    assert exit_code(summary, "any") == 0


def test_a_run_resumed_after_the_network_came_back_checks_its_failures_again(
    local_server: LocalServer, tmp_path: Path, db
) -> None:
    """Ctrl-C'd while the network was down, then resumed once it was back: the URLs whose
    check had failed at transport level were not checked again, so (dead after one failure)
    they were dead and newly broken, though every page answered."""
    paths = [f"/p{i}" for i in range(8)]
    urls = [local_server.page(path) for path in paths]
    seed(db, urls)
    settings = link_settings(tmp_path, global_concurrency=1, host_concurrency=1)
    assert not run(db, settings).newly_broken  # night 0: all alive
    for path in paths:
        local_server.route(path, Response(drop="reset"))

    def stop_after_three(done: int, total: int, url: str) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(db, settings, DAY0 + dt.timedelta(days=1), progress=stop_after_three)
    for path in paths:
        local_server.page(path)
    resumed = run(db, settings, DAY0 + dt.timedelta(days=1, hours=2))
    assert resumed.resumed and not resumed.newly_broken
    assert set(verdicts(resumed).values()) == {V.ALIVE}
    assert (resumed.skipped, resumed.checked, resumed.counts) == (0, 8, {"alive": 8})
    assert all(s.consecutive_failures == 0 for s in resumed.links)
    # The failed checks stay in the history, beside the ones that replaced them.
    assert db.execute("select count(*) from link_checks").fetchone() == (8 + 3 + 8,)
    assert linkstore.trend(db)[-1][1] == {"alive": 8}


def test_a_run_abandoned_in_an_outage_marks_nothing_dead_later(
    web_server: Callable[..., LocalServer], tmp_path: Path, db
) -> None:
    """Ctrl-C'd while the network was down and never resumed that day: the next day's run
    abandons it. Its outage test never ran, so its failures counted toward dead links."""
    servers = [web_server(host=f"127.0.0.{i}") for i in (2, 3)]
    urls = [srv.page(path) for srv in servers for path in ("/a", "/b")]
    seed(db, urls)
    settings = link_settings(tmp_path, global_concurrency=1, host_concurrency=1)
    assert not run(db, settings).newly_broken  # night 0: all alive
    for srv in servers:
        for path in ("/a", "/b"):
            srv.route(path, Response(drop="reset"))

    def stop_after_three(done: int, total: int, url: str) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(db, settings, DAY0 + dt.timedelta(days=1), progress=stop_after_three)
    failed = {r[0] for r in db.execute("select url from link_checks where run_id = 2")}
    assert len({url.split("/")[2] for url in failed}) == 2  # the outage spans two hosts
    broken = sorted(failed)[0]  # failed in the outage, and really gone the day after
    for srv in servers:
        for path in ("/a", "/b"):
            srv.page(path)
    host = next(srv for srv in servers if broken.startswith(srv.url("/")))
    host.status("/" + broken.rsplit("/", 1)[1], 404)
    strict = link_settings(tmp_path, dead_after=2, dead_days=0)
    later = run(db, strict, DAY0 + dt.timedelta(days=2))
    assert not later.resumed and verdicts(later)[broken] is V.FAILING  # one failure, not two
    assert not later.newly_broken
    outage = db.execute("select status, outage from link_runs where id = 2").fetchone()
    assert outage == ("abandoned", 1)


def test_a_reports_folder_it_cannot_write_in_is_said_before_the_run(
    runner: CliRunner, local_server: LocalServer, tmp_path: Path
) -> None:
    """Said after the run, the run was already the next one's baseline: the link that
    broke was no longer news the next night, and nobody had been told (exit 1 only)."""
    path = tmp_path / "cli.db"
    seed(store.open_db(path), [local_server.page("/ok"), local_server.status("/gone", 404)])
    env = {"PROVENANCE_LINK_DELAY": "0", "PROVENANCE_OFFLINE": "1", "PROVENANCE_TIMEOUT": "1"}
    args = ["linkcheck", "--db", str(path), "--allow-private", "--dead-after", "1"]
    (tmp_path / "not-a-folder").write_text("x", encoding="utf-8")
    failed = runner.invoke(cli, [*args, "--reports", str(tmp_path / "not-a-folder")], env=env)
    assert failed.exit_code == 1 and "not-a-folder: is a file" in failed.stderr
    assert len(failed.stderr.splitlines()) == 1 and "Traceback" not in failed.output
    assert store.open_db(path).execute("select count(*) from link_runs").fetchone() == (0,)
    assert local_server.requests == []
    again = runner.invoke(cli, [*args, "--reports", str(tmp_path / "r")], env=env)
    assert again.exit_code == 2, again.output  # the 404 is news
    report = next((tmp_path / "r").glob("linkcheck-*.md")).read_text(encoding="utf-8")
    assert "## Newly broken (1)" in report


def test_a_silent_host_is_asked_three_times_not_once_per_url(
    web_server: Callable[..., LocalServer], tmp_path: Path, db
) -> None:
    """Each URL of a host that never answers cost a full timeout: a dead site with 200
    cited pages held the nightly run for half an hour. After three requests in a row
    without an answer, its other URLs are failing without a request of their own."""
    silent, fine = web_server(host="127.0.0.2"), web_server(host="127.0.0.3")
    quiet = [silent.slow(f"/story/{i}", 3.0) for i in range(8)]
    alive = [fine.page(f"/p{i}") for i in range(3)]
    seed(db, quiet + alive)
    summary = run(db, link_settings(tmp_path, host_concurrency=1, dead_after=3, dead_days=0))
    assert len(silent.requests) == 3
    got = verdicts(summary)
    assert {got[url] for url in quiet} == {V.FAILING} and {got[url] for url in alive} == {V.ALIVE}
    reasons = [s.last.reason for s in summary.links if s.url in quiet]
    assert sum(r.startswith("not asked: 127.0.0.2") for r in reasons) == 5
    assert not summary.outage  # one host is no network outage


def test_a_host_that_answers_between_its_silences_is_asked_for_every_url(
    web_server: Callable[..., LocalServer], tmp_path: Path, db
) -> None:
    host = web_server(host="127.0.0.4")
    urls = [host.slow(f"/a{i}", 3.0 if i % 2 else 0.0) for i in range(6)]
    seed(db, urls)
    summary = run(db, link_settings(tmp_path, host_concurrency=1))
    assert {f"/a{i}" for i in range(6)} <= {r.path for r in host.requests}
    assert not any((s.last.reason or "").startswith("not asked") for s in summary.links)
