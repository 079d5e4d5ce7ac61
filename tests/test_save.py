"""Save Page Now 2 (issue 12): which cited URLs are submitted, quota, concurrency, jobs, errors."""

from __future__ import annotations

import datetime as dt
import signal
import threading
import time
from pathlib import Path
from urllib.parse import unquote

import pytest

from provenance.cli import cli
from provenance.links import store as linkstore
from provenance.links.run import run_linkcheck
from provenance.links.save import NO_KEYS, save_urls
from provenance.store import scans as store
from tests.data.warc.corpus import Capture, article
from tests.fixtures.savepagenow import ACCESS, SECRET
from tests.servers import LocalServer, Response
from tests.test_linkcheck import NO_REGISTRY, link_settings, seed

KEYS = {"IA_ACCESS_KEY": ACCESS, "IA_SECRET_KEY": SECRET}
PAGE = "<html><head><title>Story</title></head><body><p>A long enough story.</p></body></html>"


@pytest.fixture
def live():
    """Cited pages on 127.0.0.5: alive ones, a dead one, and one Save Page Now refuses."""
    server = LocalServer()
    server.start("127.0.0.5")
    for path in ("/a", "/b", "/d", "/f", "/blocked-e"):
        server.page(path, PAGE)
    server.status("/c", 404)
    yield server
    server.stop()


@pytest.fixture
def cited(tmp_path, live, ia_archive, save_page_now):
    """A database citing the live pages, checked once; /b archived near its cited date,
    /f archived only years later, /d saved five days ago."""
    url = {p: live.url(p) for p in ("a", "b", "c", "d", "f", "blocked-e")}
    ia_archive.captures = [
        Capture(url["b"], "20161021120000", article("Story", "2016-10-20", ["x"])),
        Capture(url["f"], "20190301120000", article("Story", "2016-10-20", ["x"])),
    ]
    settings = link_settings(
        tmp_path,
        offline=False,
        no_archive=True,
        cdx_url=ia_archive.cdx_url,
        spn_url=save_page_now.url,
        save_poll=0.0,
    )
    db = store.open_db(settings.db)
    seed(db, list(url.values()))
    run_linkcheck(db, settings, registry=NO_REGISTRY)
    recent = dt.datetime.now(dt.UTC) - dt.timedelta(days=5)
    db["saves"].insert(
        {"url": url["d"], "submitted_at": linkstore.iso(recent), "status": "success"}
    )
    yield db, settings, url
    db.close()


def saved_rows(db) -> dict[str, str]:
    return {r["url"]: r["status"] for r in db["saves"].rows}


def test_alive_unarchived_unsaved_urls_are_submitted_and_recorded(cited, save_page_now):
    db, settings, url = cited
    summary = save_urls(db, settings, env=KEYS)
    # Submitted: alive, no capture within 30 days of 2016-10-20, not saved lately.
    assert sorted(save_page_now.submitted) == sorted([url["a"], url["f"], url["blocked-e"]])
    assert (summary.considered, summary.archived, summary.recent) == (5, 1, 1)
    assert (summary.submitted, summary.saved, summary.failed) == (3, 2, 1)
    rows = saved_rows(db)
    assert rows[url["a"]] == rows[url["f"]] == "success" and rows[url["blocked-e"]] == "error"
    blocked = next(r for r in db["saves"].rows if r["url"] == url["blocked-e"])
    assert blocked["error"].startswith("error:blocked-url")
    # The new captures are the URLs' archived copies.
    copies = {r["url"]: r for r in db["link_replacements"].rows}
    assert set(copies) == {url["a"], url["f"]} and {r["source"] for r in copies.values()} == {
        "spn2"
    }
    assert copies[url["a"]]["replacement_url"] == summary.captures[url["a"]]
    assert summary.captures[url["a"]].endswith(f"/{url['a']}")
    # Polite: never more jobs than the user may run, never a 429 or 401.
    assert save_page_now.refused == [] and save_page_now.max_processing <= 2
    # A second run submits nothing: the saves are recent, and the refused URL waits a day.
    again = save_urls(db, settings, env=KEYS)
    assert again.recent == 4 and again.submitted == 0
    assert save_page_now.submitted.count(url["a"]) == 1


def _age_saves(db, days: float) -> None:
    """Move every submission ``days`` into the past, as if the next run came then."""
    for row in list(db["saves"].rows):
        when = dt.datetime.fromisoformat(row["submitted_at"]) - dt.timedelta(days=days)
        db["saves"].update(row["id"], {"submitted_at": linkstore.iso(when)})


def test_a_url_save_page_now_refuses_waits_longer_each_time(cited, save_page_now):
    """Save Page Now refuses some URLs every time ("error:blocked-url"): each refusal in a
    row doubles the wait (1, 2, 4... days, at most save_days), so the daily quota is not
    spent on it every night, while a passing fault is still retried the next day."""
    db, settings, url = cited
    blocked = url["blocked-e"]
    tries = []
    for _ in range(8):
        save_urls(db, settings, env=KEYS)
        tries.append(save_page_now.submitted.count(blocked))
        _age_saves(db, 1)
    # submitted on day 0, then after waits of 1 and 2 days: days 1 and 3; the next, day 7
    assert tries == [1, 2, 2, 3, 3, 3, 3, 4]
    statuses = [r["status"] for r in db["saves"].rows if r["url"] == blocked]
    assert statuses == ["error"] * 4


def test_a_url_saved_once_is_not_saved_again_after_save_days(cited, save_page_now):
    """/f, cited in 2016, has no capture near that date, and never will: once saved, its
    capture is the copy kept. It was submitted again each time save_days had passed."""
    db, settings, url = cited
    long_ago = linkstore.iso(dt.datetime.now(dt.UTC) - dt.timedelta(days=400))
    db["saves"].insert({"url": url["f"], "submitted_at": long_ago, "status": "success"})
    db["saves"].insert({"url": url["a"], "submitted_at": long_ago, "status": "pending"})
    summary = save_urls(db, settings, env=KEYS)
    assert url["f"] not in save_page_now.submitted and summary.recent == 2  # /f and /d
    assert url["a"] in save_page_now.submitted  # a job not known to have ended: not a save
    assert "2 saved before" in str(summary)


def test_the_daily_quota_and_concurrency_the_api_reports_are_respected(cited, save_page_now):
    db, settings, url = cited
    save_page_now.concurrency, save_page_now.daily_limit = 1, 2
    summary = save_urls(db, settings, env=KEYS)
    assert summary.submitted == 2 and summary.left == 1
    assert summary.stopped == "daily quota used (2 of 2 captures)"
    assert save_page_now.refused == [] and save_page_now.max_processing == 1


def test_without_keys_nothing_is_submitted(cited, save_page_now):
    db, settings, _url = cited
    summary = save_urls(db, settings, env={"IA_ACCESS_KEY": ACCESS})
    assert str(summary) == NO_KEYS and save_page_now.server.requests == []


def test_refused_keys_stop_at_once(cited, save_page_now):
    db, settings, url = cited
    summary = save_urls(db, settings, env={**KEYS, "IA_SECRET_KEY": "wrong"})
    assert summary.stopped == "keys refused (HTTP 401)" and summary.submitted == 0
    assert len(save_page_now.server.requests) == 1 and saved_rows(db) == {url["d"]: "success"}


def test_a_429_stops_submitting_without_retrying(cited, save_page_now):
    db, settings, _url = cited
    busy = Response(429, '{"message": "slow down"}', {"Retry-After": "60"})
    save_page_now.faults.append(("POST /save", busy))
    summary = save_urls(db, settings, env=KEYS)
    assert summary.stopped == "rate limited (HTTP 429)" and summary.left == 3
    posts = [r for r in save_page_now.server.requests if r.method == "POST"]
    assert len(posts) == 1 and summary.submitted == 0  # asked once, never again this run
    save_page_now.faults.append(("GET /save/status/user", busy))
    assert save_urls(db, settings, env=KEYS).stopped == "rate limited (HTTP 429)"


def test_a_failed_capture_lookup_is_not_submitted(cited, ia_archive, save_page_now):
    db, settings, url = cited
    ia_archive.inject("/cdx/", *[Response(503, "busy")] * 20)
    summary = save_urls(db, settings, env=KEYS)
    assert summary.lookup_failed == 4 and save_page_now.submitted == []


def test_a_job_pending_too_long_is_left_and_not_resubmitted(cited, save_page_now):
    db, settings, url = cited
    save_page_now.polls_pending = 10_000
    quick = settings.__class__(**{**settings.__dict__, "save_poll": 0.02, "save_job_timeout": 1})
    summary = save_urls(db, quick, env=KEYS)
    # Two slots, both held by jobs that never end: the third URL waits for the next run.
    assert (summary.pending, summary.saved, summary.left) == (2, 0, 1)
    assert summary.stopped == "no capture slot came free"
    assert set(saved_rows(db).values()) <= {"pending", "success"}
    save_page_now.jobs.clear()  # the account's slots are free again
    assert save_urls(db, quick, env=KEYS).submitted == 1  # only the one never submitted


def test_linkcheck_save_on_the_command_line(
    runner, tmp_path: Path, live, ia_archive, save_page_now
):
    db_path = tmp_path / "p.db"
    db = store.open_db(db_path)
    seed(db, [live.url("/a"), live.url("/c")])
    db.close()
    args = ["linkcheck", "--db", str(db_path), "--reports", str(tmp_path / "r"), "--allow-private"]
    args += ["--cdx-url", ia_archive.cdx_url, "--no-archive", "--save", "--save-days", "10"]
    env = {
        "PROVENANCE_SPN_URL": save_page_now.url,
        "PROVENANCE_SAVE_POLL": "0",
        "PROVENANCE_LINK_DELAY": "0",
        "PROVENANCE_TIMEOUT": "2",
    }
    result = runner.invoke(cli, args, env={**env, **KEYS})
    assert result.exit_code == 0, result.output
    assert save_page_now.submitted == [live.url("/a")]
    assert "1 submitted: 1 saved" in result.output
    without = runner.invoke(cli, ["save", "--db", str(db_path)], env=env)
    assert NO_KEYS in without.output and without.exit_code == 0


def test_jobs_left_pending_are_polled_again_by_the_next_run(cited, save_page_now):
    """A job still pending at save_job_timeout stayed 'pending' for ever: the next run
    said "saved before" and never asked how it ended."""
    db, settings, url = cited
    save_page_now.polls_pending = 60
    quick = settings.__class__(**{**settings.__dict__, "save_poll": 0.01, "save_job_timeout": 0.05})
    first = save_urls(db, quick, env=KEYS)
    assert first.pending >= 1 and first.saved == 0
    pending = [u for u, status in saved_rows(db).items() if status == "pending"]
    for job in save_page_now.jobs.values():
        job["polls"] = 1  # done by now
    again = save_urls(db, quick, env=KEYS)
    assert {saved_rows(db)[u] for u in pending} <= {"success", "error"}  # none left pending
    assert again.saved + again.failed >= len(pending)
    replaced = {r["url"] for r in db["link_replacements"].rows if r["source"] == "spn2"}
    assert {u for u in pending if saved_rows(db)[u] == "success"} <= replaced
    assert url["a"] in replaced


@pytest.mark.parametrize(
    ("keys", "spn", "code", "said"),
    [
        ({**KEYS, "IA_SECRET_KEY": "wrong"}, None, 3, "stopped: keys refused (HTTP 401)"),
        (KEYS, "http://127.0.0.1:9", 4, "stopped: user status: refused"),
    ],
    ids=["keys-refused", "unreachable"],
)
def test_save_says_why_it_stopped_once_and_exits_non_zero(
    runner, cited, save_page_now, keys, spn, code, said
):
    """Refused keys and an unreachable Save Page Now exited 0, each said twice."""
    db, settings, _url = cited
    env = {"PROVENANCE_SPN_URL": spn or save_page_now.url, "PROVENANCE_TIMEOUT": "2", **keys}
    args = ["save", "--db", settings.db, "--cdx-url", settings.cdx_url]
    result = runner.invoke(cli, args, env=env)
    assert result.exit_code == code, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and said in lines[0]


def test_failed_capture_lookups_are_one_line_and_stop_after_threshold(
    cited, ia_archive, save_page_now, caplog
):
    """Each URL waited out its own failed lookup, with one warning each."""
    db, settings, _url = cited
    ia_archive.inject("/cdx/", *[Response(503, "busy")] * 40)
    with caplog.at_level("WARNING"):
        summary = save_urls(db, settings, env=KEYS)
    assert summary.lookup_failed == 4 and save_page_now.submitted == []
    (line,) = [r.getMessage() for r in caplog.records if "lookup for" in r.getMessage()]
    assert line.endswith("(and 2 more); gave up after 3 in a row, 1 left for the next run")


def test_jobs_left_pending_do_not_hold_a_run_that_cannot_reach_save_page_now(cited):
    """With Save Page Now down, a pending job left by an earlier run was polled until
    save_job_timeout: 10 minutes a run, every run."""
    import time

    db, settings, url = cited
    then = linkstore.iso(dt.datetime.now(dt.UTC) - dt.timedelta(days=40))
    db["saves"].insert(
        {"url": url["a"], "job_id": "spn2-0099", "status": "pending", "submitted_at": then}
    )
    down = settings.__class__(
        **{**settings.__dict__, "spn_url": "http://127.0.0.1:9/save", "save_job_timeout": 600.0}
    )
    started = time.monotonic()
    summary = save_urls(db, down, env=KEYS)
    assert time.monotonic() - started < 10 and summary.stop_kind == "network"
    assert saved_rows(db)[url["a"]] == "pending"  # asked again by the next run


def test_a_capture_spent_while_the_database_is_locked_is_not_spent_again(
    cited, ia_archive, save_page_now
):
    """The job's row was written only after the submit: a database another run kept
    locked lost it, and the next run submitted the URL again, spending a second capture."""
    import sqlite3

    _db, settings, _url = cited
    db = store.open_db(settings.db, timeout=0.2)
    holder: list[sqlite3.Connection] = []
    answer = save_page_now.server.fallback

    def lock_then_answer(request):  # another run takes the write lock as the job starts
        if request.method == "POST" and not holder:
            holder.append(
                sqlite3.connect(settings.db, isolation_level=None, check_same_thread=False)
            )
            holder[0].execute("BEGIN IMMEDIATE")
        return answer(request)

    save_page_now.server.fallback = lock_then_answer
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        save_urls(db, settings, env=KEYS)
    spent = list(save_page_now.submitted)
    assert len(spent) == 1
    holder[0].rollback()
    save_page_now.server.fallback = answer
    ia_archive.captures.append(wayback_has(spent[0]))  # the capture it spent is in the archive
    again = save_urls(db, settings, env=KEYS)
    assert save_page_now.submitted.count(spent[0]) == 1  # not submitted twice
    assert again.submitted == 2 and again.recent == 2 and again.interrupted_captured == 1
    assert saved_rows(db)[spent[0]] == "success"
    db.close()


def wayback_has(url: str) -> Capture:
    """The capture Save Page Now made of ``url`` just now, as the archive's CDX lists it."""
    return Capture(url, f"{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}", article("Story", "2016", ["x"]))


def ctrl_c_while_submitting(save_page_now, *, captured: bool) -> None:
    """Ctrl-C reaches the save run while its first submit is in flight (after its
    "submitting" row is written); Save Page Now makes the capture, or never does."""
    answer = save_page_now.server.fallback
    main = threading.main_thread().ident or 0

    def interrupt(request):
        if request.method != "POST":
            return answer(request)
        save_page_now.server.fallback = answer  # once
        reply = answer(request) if captured else Response(503, "")
        signal.pthread_kill(main, signal.SIGINT)  # while the run waits for the answer
        time.sleep(0.2)
        return reply

    save_page_now.server.fallback = interrupt


@pytest.fixture
def interruptible():
    """Ctrl-C raises KeyboardInterrupt here, even in a job its shell started with it ignored."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def cdx_asked(ia_archive, url: str) -> int:
    return sum(url in unquote(r.path) for r in ia_archive.cdx_requests())


def test_a_save_interrupted_before_its_submit_is_submitted_again(
    cited, ia_archive, save_page_now, interruptible
):
    """A run killed right after writing a URL's "submitting" row left it so for ever: the
    URL counted as saved for save_days, though Save Page Now never made its capture."""
    db, settings, url = cited
    ctrl_c_while_submitting(save_page_now, captured=False)
    with pytest.raises(KeyboardInterrupt):
        save_urls(db, settings, env=KEYS)
    (left,) = [u for u, status in saved_rows(db).items() if status == "submitting"]
    assert save_page_now.submitted == [] and left in (url["a"], url["f"], url["blocked-e"])
    asked = cdx_asked(ia_archive, left)
    summary = save_urls(db, settings, env=KEYS)
    assert save_page_now.submitted.count(left) == 1  # no capture since its row: again
    assert summary.interrupted_again == 1 and summary.submitted == 3
    assert cdx_asked(ia_archive, left) == asked + 1  # one lookup for the row, none other
    rows = [r for r in db["saves"].rows if r["url"] == left]
    assert len(rows) == 1 and rows[0]["status"] in ("success", "error")  # its row, reused
    assert "; 1 interrupted save resolved (1 queued again)" in str(summary)


def test_a_save_interrupted_after_its_submit_takes_the_capture_the_archive_shows(
    cited, ia_archive, save_page_now, interruptible
):
    db, settings, url = cited
    ctrl_c_while_submitting(save_page_now, captured=True)
    with pytest.raises(KeyboardInterrupt):
        save_urls(db, settings, env=KEYS)
    (spent,) = save_page_now.submitted
    assert saved_rows(db)[spent] == "submitting"
    capture = wayback_has(spent)
    ia_archive.captures.append(capture)
    summary = save_urls(db, settings, env=KEYS)
    assert save_page_now.submitted.count(spent) == 1 and summary.submitted == 2
    (row,) = [r for r in db["saves"].rows if r["url"] == spent]
    archive_url = f"{settings.replay_url.rstrip('/')}/{capture.timestamp}/{spent}"
    assert (row["status"], row["timestamp"], row["archive_url"]) == (
        "success",
        capture.timestamp,
        archive_url,
    )
    copy = db["link_replacements"].get(spent)
    assert (copy["replacement_url"], copy["source"]) == (archive_url, "spn2")
    assert summary.interrupted_captured == 1 and summary.captures[spent] == archive_url
    assert "; 1 interrupted save resolved (1 captured since)" in str(summary)


def test_an_interrupted_save_the_archive_cannot_answer_for_is_left_and_said(
    cited, ia_archive, save_page_now
):
    db, settings, url = cited
    then = linkstore.iso(dt.datetime.now(dt.UTC) - dt.timedelta(hours=2))
    for name in ("a", "c"):  # c: dead since
        db["saves"].insert({"url": url[name], "submitted_at": then, "status": "submitting"})
    ia_archive.inject("/cdx/", Response(503, "busy"))
    summary = save_urls(db, settings, env=KEYS)
    assert url["a"] not in save_page_now.submitted and saved_rows(db)[url["a"]] == "submitting"
    assert (summary.interrupted_unknown, summary.interrupted_dropped) == (1, 1)
    assert saved_rows(db)[url["c"]] == "error"  # no capture since, not alive: not held back
    assert str(summary).endswith(
        "; 1 interrupted save resolved (1 no longer alive)"
        "; 1 interrupted save left submitting (capture lookup failed)"
    )
    again = save_urls(db, settings, env=KEYS)  # the archive answers: asked again, submitted
    assert again.interrupted_again == 1 and save_page_now.submitted.count(url["a"]) == 1


@pytest.mark.parametrize("offline", [False, True], ids=["archive-misses", "offline"])
def test_the_capture_save_made_is_offered_when_the_page_dies_months_later(
    cited, live, save_page_now, offline
):
    """Saved today, /a (cited 2016) had its capture offered as the archived copy for 30
    days only: a page dying later got a CDX lookup around 2016 whose miss overwrote the
    capture in link_replacements (or, offline, nothing at all), and no copy was offered."""
    db, settings, url = cited
    capture = save_urls(db, settings, env=KEYS).captures[url["a"]]
    live.status("/a", 404)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=45)
    checking = settings.__class__(**{**settings.__dict__, "no_archive": False, "offline": offline})
    summary = run_linkcheck(db, checking, now=later, registry=NO_REGISTRY)
    (dead,) = [s for s in summary.links if s.url == url["a"]]
    assert dead.broken and dead.replacement_url == capture
    again = run_linkcheck(db, checking, now=later + dt.timedelta(days=1), registry=NO_REGISTRY)
    assert [s.replacement_url for s in again.links if s.url == url["a"]] == [capture]


@pytest.mark.parametrize(
    ("keys", "spn"),
    [({**KEYS, "IA_SECRET_KEY": "wrong"}, None), (KEYS, "http://127.0.0.1:9/save")],
    ids=["keys-refused", "unreachable"],
)
def test_links_newly_broken_exit_2_though_save_then_fails(
    runner, tmp_path: Path, live, ia_archive, save_page_now, keys, spn
):
    """`linkcheck --save` exited 3 (keys refused) or 4 (Save Page Now down) when links had
    newly broken: the scheduler, acting on 2, raised no alert, and the next night the
    links were no longer new."""
    db_path = tmp_path / "p.db"
    db = store.open_db(db_path)
    seed(db, [live.url("/a"), live.url("/c")])
    db.close()
    args = ["linkcheck", "--db", str(db_path), "--reports", str(tmp_path / "r"), "--allow-private"]
    args += ["--cdx-url", ia_archive.cdx_url, "--no-archive", "--save", "--dead-after", "1"]
    env = {
        "PROVENANCE_SPN_URL": spn or save_page_now.url,
        "PROVENANCE_SAVE_POLL": "0",
        "PROVENANCE_LINK_DELAY": "0",
        "PROVENANCE_TIMEOUT": "2",
    }
    result = runner.invoke(cli, args, env={**env, **keys})
    assert result.exit_code == 2, result.output
    assert "1 newly broken" in result.stderr and "stopped: " in result.stderr
