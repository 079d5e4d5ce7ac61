"""Settings layering: defaults < config file < PROVENANCE_* environment < flags."""

from __future__ import annotations

import pytest

from provenance.cli import cli
from provenance.config import IA_CDX_URL, Settings, load_settings, parse_rate_limits
from provenance.errors import ConfigError


def test_defaults_point_at_the_internet_archive(tmp_path):
    s = load_settings(env={}, cwd=tmp_path)
    assert s == Settings()
    assert s.cdx_url == IA_CDX_URL == "https://web.archive.org/cdx/search/cdx"
    assert s.replay_url == "https://web.archive.org/web"
    assert s.rate_limits["web.archive.org"] == 2.5


@pytest.mark.parametrize(
    "filename,text",
    [
        (
            "pyproject.toml",
            '[tool.provenance]\ncdx_url = "http://file/cdx"\nwindow_after_days = 5\n',
        ),
        ("provenance.toml", 'cdx_url = "http://file/cdx"\nwindow-after-days = 5\n'),
    ],
    ids=["pyproject", "provenance-toml"],
)
def test_file_then_env_then_flag(tmp_path, filename, text):
    (tmp_path / filename).write_text(text, encoding="utf-8")
    s = load_settings(env={}, cwd=tmp_path)
    assert (s.cdx_url, s.window_after_days, s.replay_url) == (
        "http://file/cdx",
        5,
        Settings().replay_url,
    )
    env = {"PROVENANCE_CDX_URL": "http://env/cdx"}
    assert load_settings(env=env, cwd=tmp_path).cdx_url == "http://env/cdx"
    s = load_settings({"cdx_url": "http://flag/cdx", "replay_url": None}, env=env, cwd=tmp_path)
    assert s.cdx_url == "http://flag/cdx"
    assert s.window_after_days == 5  # the file's other keys still apply


def test_rate_limits_add_to_the_defaults(tmp_path):
    (tmp_path / "provenance.toml").write_text(
        '[rate_limits]\n"127.0.0.1:8080" = 0.5\n', encoding="utf-8"
    )
    s = load_settings(
        env={"PROVENANCE_RATE_LIMITS": "archive.example=1,web.archive.org=5"}, cwd=tmp_path
    )
    assert s.rate_limits == {
        "web.archive.org": 5.0,
        "archive.org": 2.5,
        "127.0.0.1:8080": 0.5,
        "archive.example": 1.0,
    }


@pytest.mark.parametrize(
    "env,message",
    [
        ({"PROVENANCE_TIMEOUT": "soon"}, "timeout"),
        ({"PROVENANCE_OFFLINE": "maybe"}, "offline"),
        ({"PROVENANCE_RATE_LIMITS": "web.archive.org"}, "rate_limits"),
        ({"PROVENANCE_FAIL_ON": "sometimes"}, "fail_on"),
        ({"PROVENANCE_CDX_URL": "notaurl"}, "cdx_url = 'notaurl' is not an http"),
        ({"PROVENANCE_REPLAY_URL": "ftp://x/y"}, "replay_url = 'ftp://x/y' is not an http"),
        ({"PROVENANCE_MEMENTO_URL": "http:///coll"}, "memento_url = 'http:///coll' is not an"),
        ({"PROVENANCE_ARCHIVES": "mine:pywb-cdx=coll"}, "archives: mine: url = 'coll' is not"),
        ({"PROVENANCE_CDX_URL": "http://[::1"}, r"cdx_url = 'http://\[::1' is not an http"),
    ],
    ids=[
        "float",
        "bool",
        "rate-limits",
        "choice",
        "url",
        "scheme",
        "no-host",
        "archive-url",
        "unclosed-ipv6",
    ],
)
def test_bad_values_are_config_errors(tmp_path, env, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(env=env, cwd=tmp_path)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("db = 5", "db = 5 is not text"),
        ("reports = 7", "reports = 7 is not text"),
        ("timeout = true", "timeout = True is not valid"),
        ("dead_after = 2.5", "dead_after = 2.5 is not valid"),
        ("jobs = [2]", r"jobs = \[2\] is not valid"),
    ],
)
def test_a_value_of_the_wrong_type_in_a_file_is_a_config_error(tmp_path, line, message):
    """A file's `db = 5` made a database named "5", and `timeout = true` a 1 s timeout."""
    (tmp_path / "provenance.toml").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(env={}, cwd=tmp_path)


def test_well_typed_values_in_a_file_are_taken(tmp_path):
    (tmp_path / "provenance.toml").write_text(
        'db = "x.db"\ntimeout = 5\nrate_limits = {"a.org" = 1}\nstrict = true\njobs = 2\n',
        encoding="utf-8",
    )
    settings = load_settings(env={}, cwd=tmp_path)
    assert (settings.db, settings.timeout, settings.strict, settings.jobs) == ("x.db", 5.0, True, 2)


def test_an_empty_endpoint_is_no_endpoint(tmp_path):
    (tmp_path / "provenance.toml").write_text(
        'cdx_url = ""\nmemento_url = "http://127.0.0.1:8080/coll"\n', encoding="utf-8"
    )
    settings = load_settings(env={}, cwd=tmp_path)  # a Memento archive without a CDX
    assert (settings.cdx_url, settings.memento_url) == ("", "http://127.0.0.1:8080/coll")


def test_unknown_key_in_file(tmp_path):
    (tmp_path / "provenance.toml").write_text('cdx = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting 'cdx'"):
        load_settings(env={}, cwd=tmp_path)


def test_parse_rate_limits():
    assert parse_rate_limits("a.org=1, b.org:8080=0.25") == {"a.org": 1.0, "b.org:8080": 0.25}


def test_cli_config_error_exit_code(runner, monkeypatch):
    monkeypatch.setenv("PROVENANCE_TIMEOUT", "soon")
    res = runner.invoke(cli, ["report", "--db", "x.db"])
    assert res.exit_code == 3
    assert res.output.startswith("error: PROVENANCE_TIMEOUT")
    monkeypatch.setenv("PROVENANCE_TIMEOUT", "5")
    monkeypatch.setenv("PROVENANCE_CDX_URL", "notaurl")  # 19 lines and exit 4, before
    res = runner.invoke(cli, ["check", "--db", "x.db"])
    assert res.exit_code == 3
    assert res.output.splitlines() == [
        "error: PROVENANCE_CDX_URL: cdx_url = 'notaurl' is not an http(s) URL with a host"
    ]


def test_provenance_toml_overrides_pyproject_key_by_key(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.provenance]\ncdx_url = "http://py/cdx"\nreports = "out"\n', encoding="utf-8"
    )
    (tmp_path / "provenance.toml").write_text('cdx_url = "http://own/cdx"\n', encoding="utf-8")
    s = load_settings(env={}, cwd=tmp_path)
    assert (s.cdx_url, s.reports) == ("http://own/cdx", "out")


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"dead_after": 0}, "dead_after must be at least 1"),
        ({"window_before_days": -1}, "window_before_days must be at least 0"),
        ({"host_concurrency": 0}, "host_concurrency must be at least 1"),
    ],
    ids=["dead-after", "window", "concurrency"],
)
def test_out_of_range_settings(tmp_path, overrides, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(overrides, env={}, cwd=tmp_path)


def test_exclude_globs_add_up_from_file_env_and_flags(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.provenance]\nexclude = ["./notes", "*.bak"]\n')
    env = {"PROVENANCE_EXCLUDE": "drafts, tmp/"}
    settings = load_settings({"exclude": ("*.bak", "old")}, env=env, cwd=tmp_path)
    assert settings.exclude == ("./notes", "*.bak", "drafts", "tmp/", "old")
    assert load_settings(env={}, cwd=tmp_path / "none").exclude == ()
    (tmp_path / "provenance.toml").write_text("exclude = 3\n")
    with pytest.raises(ConfigError, match="exclude = 3 is not a list of globs"):
        load_settings(env={}, cwd=tmp_path)


def test_db_timeout_setting(tmp_path):
    assert load_settings(env={}, cwd=tmp_path).db_timeout == 60.0
    assert load_settings(env={"PROVENANCE_DB_TIMEOUT": "2.5"}, cwd=tmp_path).db_timeout == 2.5
    with pytest.raises(ConfigError, match="db_timeout must be at least 0"):
        load_settings({"db_timeout": -1}, env={}, cwd=tmp_path)


def test_an_outage_ratio_over_one_is_a_config_error(tmp_path):
    """2 turned outage detection off without a word."""
    with pytest.raises(ConfigError, match="outage_ratio must be at most 1"):
        load_settings(env={"PROVENANCE_OUTAGE_RATIO": "2"}, cwd=tmp_path)
