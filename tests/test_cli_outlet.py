"""``provenance outlet NAME...``: how names resolve in the registry a run uses."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from provenance.cli import cli

LOCAL = {
    "outlets": [
        {
            "id": "two-majors",
            "name": "Two Majors",
            "category": "unknown",
            "aliases": ["Two Majors", "Dva Mayora"],
            "domains": [{"domain": "t.me", "path": "/dva_majors"}],
        }
    ]
}


def _run(*args: str):
    return CliRunner().invoke(cli, ["outlet", *args])


def _heads(*args: str) -> list[str]:
    """The first line said of each name (``outlet ARGS``, which must succeed)."""
    done = _run(*args)
    assert done.exit_code == 0, done.output
    return [line for line in done.stdout.splitlines() if not line.startswith(" ")]


def test_a_name_shows_its_entry_how_it_matched_and_the_domain_for_the_date(tmp_path: Path):
    db = str(tmp_path / "p.db")
    before = _run("Asia-Plus", "--date", "2016-10-20", "--db", db)
    after = _run("Asia-Plus", "--date", "2021-05-01", "--db", db)
    assert before.exit_code == after.exit_code == 0, before.stderr
    assert before.stdout.splitlines()[0] == "Asia-Plus: Asia-Plus [asia-plus], by its alias"
    assert "domain searched for a citation of 2016-10-20: news.tj\n" in before.stdout
    assert "domain searched for a citation of 2021-05-01: asiaplustj.info\n" in after.stdout
    assert "news.tj (until 2019-08-19, former)" in before.stdout
    assert "sources: https://" in before.stdout
    assert not Path(db).exists()  # a lookup creates no database


def test_the_forms_no_alias_lists_say_how_they_matched(tmp_path: Path) -> None:
    done = _run(
        "RFE/RL's Russian Service", "Russia's Defense Ministry", "--db", str(tmp_path / "p.db")
    )
    assert done.exit_code == 0, done.stderr
    heads = [line for line in done.stdout.splitlines() if not line.startswith(" ")]
    assert heads == [
        "RFE/RL's Russian Service: Radio Svoboda (RFE/RL Russian Service) [radio-svoboda], "
        "through its owner",
        "Russia's Defense Ministry: Ministry of Defence of Russia [russia-mod], "
        "as a state body in another form",
    ]
    assert "  part of: Radio Free Europe/Radio Liberty [rferl]" in done.stdout


def test_an_unknown_name_exits_2_and_says_where_to_add_it(tmp_path: Path) -> None:
    done = _run("Kolokol Weekly", "Example.kz", "--db", str(tmp_path / "db" / "p.db"))
    assert done.exit_code == 2
    assert done.stdout.splitlines() == [
        "Kolokol Weekly: not in the registry",
        "Example.kz: not in the registry; its site example.kz",
    ]
    assert "outlets.local.json" in done.stderr and len(done.stderr.splitlines()) == 1


def test_the_users_own_outlets_are_merged_in(tmp_path: Path) -> None:
    (tmp_path / "outlets.local.json").write_text(json.dumps(LOCAL), encoding="utf-8")
    done = _run("Dva Mayora", "--db", str(tmp_path / "p.db"), "--format", "json")
    assert done.exit_code == 0, done.stderr
    (record,) = json.loads(done.stdout)
    assert (record["outlet_id"], record["method"], record["domain"]) == (
        "two-majors",
        "alias",
        "t.me",
    )
    without = _run("Dva Mayora", "--db", str(tmp_path / "elsewhere" / "p.db"))
    assert without.exit_code == 2


def test_a_bad_date_is_a_usage_error() -> None:
    done = _run("TASS", "--date", "2016-13-01")
    assert done.exit_code == 2
    assert "Traceback" not in done.stderr and "--date" in done.stderr


def test_an_unknown_name_is_offered_the_closest_entries() -> None:
    done = _run("Kazinfrom", "Novaya Gazetta")
    assert done.exit_code == 2
    assert done.stdout.splitlines() == [
        "Kazinfrom: not in the registry",
        "  close: Kazinform [kazinform]",
        "Novaya Gazetta: not in the registry",
        "  close: Novaya Gazeta [novaya-gazeta]",
    ]
    (record,) = json.loads(_run("Kazinfrom", "--format", "json").stdout)
    assert (record["outlet_id"], record["close"]) == (None, ["kazinform"])


def test_a_name_two_papers_share_is_offered_both() -> None:
    """ "Zerkalo" is the Baku daily and the Belarusian site (since 2021): it picks neither,
    and was offered only the site, whose "Zerkalo.io" was the one name close enough."""
    done = _run("Zerkalo")
    assert done.exit_code == 2
    assert done.stdout.splitlines() == [
        "Zerkalo: not in the registry",
        "  close: Zerkalo (Azerbaijan) [zerkalo-az], Zerkalo (Belarus) [zerkalo-io]",
    ]


def test_an_account_resolves_as_a_scan_reads_it() -> None:
    """ "Telegram/@mod_russia" in a citation is the MoD's channel (its t.me address is in
    the registry); `outlet` answered with the bare platform, as it did not derive the
    address a scan does."""
    assert _heads("Telegram/@mod_russia", "Telegram, @mod_russia", "Telegram/@someone") == [
        "Telegram/@mod_russia: Ministry of Defence of Russia [russia-mod], by its address "
        "(a link, or an account's: Telegram/@mod_russia)",
        "Telegram, @mod_russia: Ministry of Defence of Russia [russia-mod], by its address "
        "(a link, or an account's: Telegram/@mod_russia)",
        "Telegram/@someone: Telegram [telegram], as a platform",
    ]
    import provenance

    (res,) = provenance.resolve_outlets(["Telegram/@mod_russia"])  # the library says the same
    assert (res.outlet.id, res.method) == ("russia-mod", "url")
