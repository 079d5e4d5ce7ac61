"""Several archives for discovery (issue 12): the archive list, and asking archives in order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provenance import pipeline
from provenance.archive import run as check
from provenance.archive import sources
from provenance.archive import store as checkstore
from provenance.config import ArchiveSpec, Settings, load_settings
from provenance.errors import ConfigError
from tests.fixtures.archive import expected_urls
from tests.fixtures.sources import SECOND_HOSTS
from tests.servers import Response

SEED_IDS = range(1, 28)


def pywb_spec(name: str, archive, **extra) -> dict:
    return {"name": name, "kind": "pywb-cdx", "url": archive.replay_url, **extra}


def pair_settings(pair, tmp_path: Path, **extra) -> Settings:
    specs = [pywb_spec("first", pair.first), pywb_spec("second", pair.second)]
    return load_settings(
        {"archives": json.dumps(specs), "rate_limits": "", "reports": str(tmp_path), **extra},
        env={},
        cwd=tmp_path,
    )


def in_second(db) -> set[int]:
    """Reference ids whose outlet's captures are only in the second archive."""
    return {r["id"] for r in db["references"].rows if r["domain"] in SECOND_HOSTS}


# ---------------------------------------------------------------- configuration


def test_default_is_the_one_archive_of_cdx_url(tmp_path):
    settings = load_settings(env={}, cwd=tmp_path)
    assert settings.archives == () and sources.is_default(settings)
    own = sources.primary_settings(settings)
    assert (own.cdx_url, own.replay_url) == (settings.cdx_url, settings.replay_url)
    assert sources.fetch_settings(settings).rate_limits == settings.rate_limits


def test_archive_list_from_file_env_and_flag(tmp_path):
    (tmp_path / "provenance.toml").write_text(
        'archives = ["ia", {name = "local", kind = "pywb-cdx", url = "http://127.0.0.1:8080/c",'
        " rate = 0.5, trust = 0.8}]\n",
        encoding="utf-8",
    )
    from_file = load_settings(env={}, cwd=tmp_path).archives
    assert [a.name for a in from_file] == ["ia", "local"]
    assert from_file[1] == ArchiveSpec(
        "local", "pywb-cdx", "http://127.0.0.1:8080/c", rate=0.5, trust=0.8
    )
    env = {"PROVENANCE_ARCHIVES": "commoncrawl,mg:memento-timemap=http://127.0.0.1:1208"}
    from_env = load_settings(env=env, cwd=tmp_path).archives
    assert [(a.name, a.kind) for a in from_env] == [
        ("commoncrawl", "commoncrawl"),
        ("mg", "memento-timemap"),
    ]
    flag = load_settings({"archives": "pywb-cdx=http://127.0.0.1:9/x"}, env=env, cwd=tmp_path)
    assert [(a.name, a.url) for a in flag.archives] == [("127.0.0.1:9", "http://127.0.0.1:9/x")]


@pytest.mark.parametrize(
    "value,problem",
    [
        ("nowhere", "unknown archive 'nowhere'"),
        ("ftp-cdx=http://x", "kind must be one of"),
        ("pywb-cdx=", "needs a url"),
        ("ia,ia", "its own name"),
        ('[{"kind": "pywb-cdx", "url": "http://x", "trust": 2}]', "trust is 0..1"),
        ('[{"kind": "pywb-cdx", "url": "http://x", "colour": 1}]', "unknown key"),
        ("[nope", "not valid JSON"),
    ],
)
def test_bad_archive_lists_are_config_errors(tmp_path, value, problem):
    with pytest.raises(ConfigError, match=problem):
        load_settings(env={"PROVENANCE_ARCHIVES": value}, cwd=tmp_path)


def test_each_archive_gets_its_endpoints_rate_and_trust(tmp_path):
    settings = load_settings(
        {
            "archives": json.dumps(
                [
                    "ia",
                    {"name": "p", "kind": "pywb-cdx", "url": "http://127.0.0.1:7/c", "rate": 0.25},
                    {"name": "half", "kind": "ia-cdx", "url": "http://127.0.0.2:7", "trust": 0.5},
                    "commoncrawl",
                ]
            )
        },
        env={},
        cwd=tmp_path,
    )
    specs = {s.name: s for s in settings.archives}
    own = sources.archive_settings(specs["p"], settings)
    assert (own.cdx_url, own.replay_url) == ("http://127.0.0.1:7/c/cdx", "http://127.0.0.1:7/c")
    half = sources.archive_settings(specs["half"], settings)
    assert half.cdx_url == "http://127.0.0.2:7/cdx/search/cdx"
    assert half.verify_threshold == pytest.approx(settings.verify_threshold / 0.5)
    limits = sources.fetch_settings(settings).rate_limits
    assert limits["127.0.0.1:7"] == 0.25 and limits["web.archive.org"] == 2.5
    assert limits["index.commoncrawl.org"] == limits["data.commoncrawl.org"] == 2.0
    assert "127.0.0.1:7" in sources.trusted_hosts(settings)


# ---------------------------------------------------------------- two pywb archives


def test_no_captures_in_the_first_archive_are_verified_from_the_second(
    seed_db, pywb_pair, tmp_path
):
    settings = pair_settings(pywb_pair, tmp_path)
    before_second = len(pywb_pair.second.requests())
    summary = check.run_check(seed_db, settings)
    assert summary.verdicts == {"verified": 27}
    checks = checkstore.load_checks(seed_db)
    moved = in_second(seed_db)
    assert moved and {rid: c.best.original_url for rid, c in checks.items()} == expected_urls()
    assert {rid for rid, c in checks.items() if c.archive == "second"} == moved
    assert all(checks[rid].archives == ["first", "second"] for rid in moved)
    assert all(checks[rid].archives == ["first"] for rid in SEED_IDS if rid not in moved)
    # The second archive was asked only about what the first had nothing for.
    asked = pywb_pair.second.requests()[before_second:]
    cdx = [p for p in asked if "/cdx?" in p]
    assert cdx and all(any(h in p for h in SECOND_HOSTS) for p in cdx)
    # The report names the archive of each source found in the second one.
    pipeline.write_reports(seed_db, settings)
    report = next(Path(settings.reports).glob("seed*.md")).read_text(encoding="utf-8")
    assert report.count("\n- Found in: second") == len(moved)
    assert "\n- Found in: first" in report


def test_a_changed_archive_list_rechecks_no_captures(seed_db, pywb_pair, tmp_path):
    only_first = load_settings(
        {"archives": json.dumps([pywb_spec("first", pywb_pair.first)]), "rate_limits": ""},
        env={},
        cwd=tmp_path,
    )
    first = check.run_check(seed_db, only_first)
    moved = in_second(seed_db)
    assert first.verdicts == {"verified": 27 - len(moved), "no-captures": len(moved)}
    again = check.run_check(seed_db, only_first)
    assert again.checked == 0  # final verdicts are kept while the list is the same
    both = check.run_check(seed_db, pair_settings(pywb_pair, tmp_path))
    assert both.verdicts.get("verified") == 27 and both.requests > 0


# ---------------------------------------------------------------- faults in one archive

FAULTS = {
    "429": Response(429, "slow down", {"Retry-After": "0"}),
    "503": Response(503, "busy", {"Retry-After": "0"}),
    "timeout": Response(200, "[]", delay=1.5, content_type="application/json"),
    "malformed": Response(200, '[["urlkey","timestamp"],["x"', content_type="application/json"),
}


def ia_pair_settings(a, b, tmp_path: Path) -> Settings:
    specs = [
        {"name": "a", "kind": "ia-cdx", "cdx": a.cdx_url, "replay": a.replay_url},
        {"name": "b", "kind": "ia-cdx", "cdx": b.cdx_url, "replay": b.replay_url},
    ]
    return load_settings(
        {"archives": json.dumps(specs), "rate_limits": "", "max_retries": 0, "timeout": 0.5},
        env={},
        cwd=tmp_path,
    )


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_failing_first_archive_leaves_the_second_working(seed_db, ia_pair, tmp_path, fault):
    a, b = ia_pair
    a.inject("/cdx/", *[FAULTS[fault]] * 60)
    summary = check.run_check(seed_db, ia_pair_settings(a, b, tmp_path))
    checks = checkstore.load_checks(seed_db)
    moved = in_second(seed_db)
    verdicts = {rid: c.status for rid, c in checks.items()}
    # Found in b: verified. Only in a, which failed: error (retried), never "no captures".
    assert verdicts == {rid: "verified" if rid in moved else "error" for rid in SEED_IDS}
    assert {checks[rid].archive for rid in moved} == {"b"}
    assert all(checks[rid].error.startswith("a: ") for rid in SEED_IDS if rid not in moved)
    assert summary.verdicts.get("no-captures") is None and b.cdx_requests()


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_failing_second_archive_never_turns_into_no_captures(seed_db, ia_pair, tmp_path, fault):
    a, b = ia_pair
    b.inject("/cdx/", *[FAULTS[fault]] * 60)
    check.run_check(seed_db, ia_pair_settings(a, b, tmp_path))
    checks = checkstore.load_checks(seed_db)
    moved = in_second(seed_db)
    verdicts = {rid: c.status for rid, c in checks.items()}
    assert verdicts == {rid: "error" if rid in moved else "verified" for rid in SEED_IDS}
    assert all(checks[rid].error.startswith("b: ") for rid in moved)
    assert {checks[rid].best.original_url for rid in SEED_IDS if rid not in moved} == {
        url for rid, url in expected_urls().items() if rid not in moved
    }


# ---------------------------------------------------------------- Memento TimeMaps


def give_urls(db) -> dict[int, str]:
    """Cite the second hosts' references by URL (the article each one should find)."""
    urls = {rid: url for rid, url in expected_urls().items() if rid in in_second(db)}
    for rid, url in urls.items():
        db.execute('update "references" set url = ? where id = ?', [url, rid])
    db.conn.commit()
    return urls


def memento_settings(pair, tmp_path: Path, **extra) -> Settings:
    specs = [
        pywb_spec("first", pair.first),
        {"name": "mg", "kind": "memento-timemap", "url": pair.second.memento_url},
    ]
    values = {"archives": json.dumps(specs), "rate_limits": "", "reports": str(tmp_path)}
    return load_settings({**values, **extra}, env={}, cwd=tmp_path)


@pytest.mark.parametrize("content_check", [False, True])
def test_a_url_missing_from_the_first_archive_is_found_in_a_memento_timemap(
    seed_db, pywb_pair, tmp_path, content_check
):
    urls = give_urls(seed_db)
    before = len(pywb_pair.second.requests())
    settings = memento_settings(pywb_pair, tmp_path, content_check=content_check)
    summary = check.run_check(seed_db, settings)
    checks = checkstore.load_checks(seed_db)
    found = "verified" if content_check else "archived"
    assert {rid: checks[rid].status for rid in urls} == dict.fromkeys(urls, found)
    assert {checks[rid].archive for rid in urls} == {"mg"}
    assert {rid: checks[rid].closest.original_url for rid in urls} == urls
    pipeline.write_reports(seed_db, settings)
    report = next(Path(settings.reports).glob("seed*.md")).read_text(encoding="utf-8")
    assert report.count("- Found in: mg") == len(urls)
    expected = {"verified": 27 - len(urls)}
    expected[found] = expected.get(found, 0) + len(urls)
    assert summary.verdicts == expected
    # The second archive was asked for TimeMaps of the cited URLs only, never by domain.
    asked = pywb_pair.second.requests()[before:]
    timemaps = [p for p in asked if "/timemap/link/" in p]
    assert timemaps and not [p for p in asked if "/cdx?" in p]
    assert {p.split("/timemap/link/", 1)[1] for p in timemaps} == set(urls.values())


def test_a_memento_only_list_cannot_search_by_outlet_and_date(seed_db, pywb_pair, tmp_path):
    spec = [{"name": "mg", "kind": "memento-timemap", "url": pywb_pair.second.memento_url}]
    values = {"archives": json.dumps(spec), "rate_limits": "", "reports": str(tmp_path)}
    summary = check.run_check(seed_db, load_settings(values, env={}, cwd=tmp_path))
    assert summary.verdicts == {"no-captures": 27}
    notes = {c.note for c in checkstore.load_checks(seed_db).values()}
    assert notes == {sources.NO_ARCHIVE_NOTE}


MEMENTO_FAULTS = {
    "429": Response(429, "slow down", {"Retry-After": "0"}),
    "503": Response(503, "busy", {"Retry-After": "0"}),
    "timeout": Response(200, "", delay=1.5),
    "malformed": Response(200, "<html>not a timemap</html>", content_type="text/html"),
}


@pytest.fixture
def timemaps():
    """A Memento TimeMap endpoint (MemGator-style paths) on 127.0.0.7: every URL has one
    memento, on the cited day; ``faults`` answers the next TimeMap requests instead."""
    from tests.servers import LocalServer

    server = LocalServer()
    server.start("127.0.0.7")
    faults: list[Response] = []

    def answer(request) -> Response:
        if faults:
            return faults.pop(0)
        url = request.path.split("/timemap/link/", 1)[1]
        memento = server.url(f"/mg/20161020120000/{url}")
        body = (
            f'<{url}>; rel="original",\n'
            f'<{memento}>; rel="first last memento"; datetime="Thu, 20 Oct 2016 12:00:00 GMT"\n'
        )
        return Response(200, body, content_type="application/link-format")

    server.fallback = answer
    yield server, faults
    server.stop()


@pytest.mark.parametrize("fault", [None, *sorted(MEMENTO_FAULTS)])
def test_a_memento_archive_keeps_its_rate_and_its_faults_stay_errors(
    seed_db, timemaps, tmp_path, fault
):
    server, faults = timemaps
    urls = give_urls(seed_db)
    faults.extend([MEMENTO_FAULTS[fault]] * 10 if fault else [])
    spec = [{"name": "mg", "kind": "memento-timemap", "url": server.url("/mg"), "rate": 0.3}]
    values = {"archives": json.dumps(spec), "rate_limits": "", "max_retries": 0, "timeout": 0.5}
    check.run_check(seed_db, load_settings(values, env={}, cwd=tmp_path))
    checks = checkstore.load_checks(seed_db)
    want = "error" if fault else "archived"
    assert {checks[rid].status for rid in urls} == {want}
    assert {checks[rid].archive for rid in urls} == {"mg"}
    starts = [r.time for r in server.requests]
    assert len(starts) == len(set(urls.values())) and len(starts) > 1
    # The archive's own rate (0.3 s between starts; arrival times jitter a little).
    assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.25


def test_a_bad_archives_flag_is_a_configuration_error(runner, tmp_path):
    from provenance.cli import cli

    result = runner.invoke(cli, ["check", "--archives", "ia,ftp-cdx=http://x", "--db", "x.db"])
    assert result.exit_code == 3 and "kind must be one of" in result.output


@pytest.mark.parametrize("way", ["cdx-url", "archive-list"])
def test_an_endpoint_put_right_rechecks_the_no_captures_it_gave(seed_db, pywb_pair, tmp_path, way):
    """A wrong endpoint's "no-captures" are final verdicts: putting --cdx-url right, or an
    archive's url under the same name, checked nothing ("37 already done")."""

    def settings_for(archive) -> Settings:
        if way == "cdx-url":
            flags = {"cdx_url": archive.cdx_url, "replay_url": archive.replay_url}
        else:
            flags = {"archives": json.dumps([pywb_spec("mine", archive)])}
        return load_settings({**flags, "rate_limits": ""}, env={}, cwd=tmp_path)

    wrong = check.run_check(seed_db, settings_for(pywb_pair.second))
    assert wrong.verdicts["no-captures"] >= 27 - len(in_second(seed_db))
    assert check.run_check(seed_db, settings_for(pywb_pair.second)).checked == 0  # still final
    right = check.run_check(seed_db, settings_for(pywb_pair.first))
    assert right.checked == 27 and right.verdicts["verified"] == 27 - len(in_second(seed_db))
