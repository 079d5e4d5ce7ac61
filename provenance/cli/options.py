"""The click options several commands share, and the Settings they build."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from ..config import HELP, Settings, load_settings


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--db PATH`` (also PROVENANCE_DB)."""
    return click.option("--db", metavar="PATH", help=HELP["db"] + " [default: db/provenance.db]")(
        fn
    )


def format_option(
    *choices: str, help: str = "Output format."
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--format`` among ``choices`` (the first is the default), passed as ``fmt``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help,
    )


def reports_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--reports DIR`` (also PROVENANCE_REPORTS)."""
    default = " [default: the folder the database's last scan wrote to, else reports]"
    return click.option("--reports", metavar="DIR", help=HELP["reports"] + default)(fn)


def check_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The archive options shared by ``check`` and ``scan --check``."""
    options = [
        click.option("--cdx-url", metavar="URL", help=HELP["cdx_url"]),
        click.option("--replay-url", metavar="URL", help=HELP["replay_url"]),
        click.option("--memento-url", metavar="URL", help=HELP["memento_url"]),
        click.option("--archives", metavar="LIST", help=HELP["archives"]),
        click.option(
            "--window-before",
            "window_before_days",
            type=int,
            metavar="DAYS",
            help=HELP["window_before_days"],
        ),
        click.option(
            "--window-after",
            "window_after_days",
            type=int,
            metavar="DAYS",
            help=HELP["window_after_days"],
        ),
        click.option("--content-check", is_flag=True, default=None, help=HELP["content_check"]),
        click.option("--max-requests", type=int, metavar="N", help=HELP["max_requests"]),
        click.option("--refresh", is_flag=True, default=None, help=HELP["refresh"]),
        click.option("--offline", is_flag=True, default=None, help=HELP["offline"]),
        *guard_options(),
    ]
    return functools.reduce(lambda f, opt: opt(f), reversed(options), fn)


def guard_options() -> list[Callable[..., Any]]:
    """``--allow-private``, ``--allow-host HOST[:PORT]`` and ``--allow-net CIDR`` (repeatable)."""
    return [
        click.option("--allow-private", is_flag=True, default=None, help=HELP["allow_private"]),
        click.option(
            "--allow-host",
            "allow_hosts",
            multiple=True,
            metavar="HOST[:PORT]",
            help=HELP["allow_hosts"],
        ),
        click.option(
            "--allow-net", "allow_nets", multiple=True, metavar="CIDR", help=HELP["allow_nets"]
        ),
    ]


def apply_options(options: list[Callable[..., Any]]) -> Callable[..., Any]:
    """A decorator applying several click options in order."""
    return lambda fn: functools.reduce(lambda f, opt: opt(f), reversed(options), fn)


def make_settings(given: set[str] | None = None, **overrides: Any) -> Settings:
    """Settings from defaults, config file, environment and these flag values
    (a repeatable flag given no times leaves the setting as configured); the names a
    variable or flag set are added to ``given`` when it is a set."""
    flags = {k: (v if v != () else None) for k, v in overrides.items()}
    return load_settings(flags, given=given)
