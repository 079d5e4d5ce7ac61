"""Checking one URL against local servers: every verdict, error class and soft-404 rule."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Callable

import pytest

from provenance.config import Settings
from provenance.links.probe import ProbeCache, check_url, probe_target, soft404_by_url
from provenance.links.walls import is_login
from provenance.models import LinkVerdict
from provenance.net.fetch import Fetcher
from tests.fixtures.web import NOT_FOUND_HTML, LocalServer, RecordedRequest, Response

V = LinkVerdict
SETTINGS = Settings(
    allow_private=True,
    timeout=0.5,
    host_concurrency=2,
    global_concurrency=8,
    max_body_bytes=200_000,
)


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on (bound, then closed)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


Setup = Callable[[LocalServer, LocalServer], str]


def endless_stream(server: LocalServer, path: str) -> str:
    """A radio stream at a URL without extension: GET's body outlasts the timeout."""
    stream = Response(200, b"x" * 100_000, content_type="audio/mpeg", chunk_size=1000)
    return server.route(path, dataclasses.replace(stream, chunk_delay=0.05))


def head_only(server: LocalServer, path: str) -> str:
    """A server that answers HEAD and refuses GET (405)."""
    ok, refused = Response(200, "<title>Story</title>"), Response(405, b"", {"Allow": "HEAD"})
    return server.route(path, lambda req: ok if req.method == "HEAD" else refused)


def login_wall(server: LocalServer, path: str, target: str) -> str:
    """``path`` redirects to ``target`` (its ``{path}``: the cited path), which answers 200."""
    location = target.format(path=path)
    server.page(location.split("?", 1)[0], "<html><title>Sign in</title><form></form></html>")
    return server.redirect(path, location)


# (id, setup(plain server with real 404s, server answering 200 "not found" for anything),
#  verdict, error_kind, http_status)
CASES: list[tuple[str, Setup, LinkVerdict, str | None, int | None]] = [
    ("200", lambda s, t: s.page("/news/a.html"), V.ALIVE, None, 200),
    (
        "301-chain",
        lambda s, t: (s.page("/news/new.html"), s.redirect_chain("/old", 3, "/news/new.html", 301))[
            1
        ],
        V.REDIRECTED,
        None,
        200,
    ),
    (
        "302-chain",
        lambda s, t: (s.page("/news/new.html"), s.redirect_chain("/tmp", 2, "/news/new.html", 302))[
            1
        ],
        V.REDIRECTED,
        None,
        200,
    ),
    (
        "trailing-slash-redirect",
        lambda s, t: (s.page("/news/x/"), s.redirect("/news/x", "/news/x/"))[1],
        V.ALIVE,
        None,
        200,
    ),
    ("redirect-loop", lambda s, t: s.redirect_loop("/l1", "/l2"), V.FAILING, "redirect-loop", None),
    (
        "redirect-to-root",
        lambda s, t: (s.page("/"), s.redirect("/news/2019/story", "/"))[1],
        V.SOFT_404,
        "redirect-to-root",
        200,
    ),
    (
        "404-in-url",
        lambda s, t: (s.page("/errors/404.html"), s.redirect("/news/story", "/errors/404.html"))[1],
        V.SOFT_404,
        "404-in-url",
        200,
    ),
    (
        "shorter-path",
        lambda s, t: (s.page("/news/"), s.redirect("/news/2019/10/20/a-long-story-slug", "/news/"))[
            1
        ],
        V.SOFT_404,
        "redirect-to-shorter-path",
        200,
    ),
    (
        "item-query-dropped",  # a deleted story of an old CMS lands on its home page
        lambda s, t: (
            s.page("/index.php", "<html><title>News of the day</title></html>"),
            s.redirect("/index.php?newsid=1234", "/index.php", 301),
        )[1],
        V.SOFT_404,
        "redirect-to-root",
        200,
    ),
    (
        "home-page-to-root",
        lambda s, t: (s.page("/"), s.redirect("/index.php", "/", 301))[1],
        V.REDIRECTED,
        None,
        200,
    ),
    ("soft-404-probe", lambda s, t: t.soft_404("/news/gone.html"), V.SOFT_404, "probe-match", 200),
    (
        "probe-but-real-page",
        lambda s, t: t.page(
            "/news/real.html",
            "<html><body><h1>Dushanbe budget</h1><p>The ministry said ...</p></body></html>",
        ),
        V.ALIVE,
        None,
        200,
    ),
    ("404", lambda s, t: s.status("/a", 404), V.FAILING, "http", 404),
    ("410", lambda s, t: s.status("/a", 410), V.FAILING, "http", 410),
    ("500", lambda s, t: s.status("/a", 500), V.FAILING, "http", 500),
    ("403", lambda s, t: s.status("/a", 403), V.BLOCKED, "http", 403),
    ("429-retry-after", lambda s, t: s.status("/a", 429, retry_after=1), V.BLOCKED, "http", 429),
    # a paywall or login wall: the story is there for readers who sign in
    (
        "redirect-to-login",
        lambda s, t: login_wall(s, "/news/2016/10/25/story.html", "/login?next={path}"),
        V.BLOCKED,
        "login-redirect",
        200,
    ),
    (
        "redirect-to-sign-in",
        lambda s, t: login_wall(s, "/news/story", "/account/sign-in?returnUrl={path}"),
        V.BLOCKED,
        "login-redirect",
        200,
    ),
    (
        "redirect-to-wp-login",
        lambda s, t: login_wall(s, "/2016/10/25/story/", "/wp-login.php?redirect_to={path}"),
        V.BLOCKED,
        "login-redirect",
        200,
    ),
    (
        "redirect-to-a-story-about-logins",
        lambda s, t: login_wall(s, "/news/a.html", "/news/2016/login-rules-change.html"),
        V.REDIRECTED,
        None,
        200,
    ),
    ("503", lambda s, t: s.status("/a", 503), V.FAILING, "http", 503),
    ("503-retry-after", lambda s, t: s.status("/a", 503, retry_after=1), V.BLOCKED, "http", 503),
    ("head-405", lambda s, t: s.head_fails("/h.pdf"), V.ALIVE, None, 200),
    ("head-reset", lambda s, t: s.head_fails("/h.pdf", mode="reset"), V.ALIVE, None, 200),
    ("slow-past-timeout", lambda s, t: s.slow("/slow", 2.0), V.FAILING, "timeout", None),
    # a page's GET that fails or is refused: HEAD, as before GET came first
    ("stream-past-timeout", lambda s, t: endless_stream(s, "/live"), V.ALIVE, None, 200),
    ("get-405", lambda s, t: head_only(s, "/h"), V.ALIVE, None, 200),
    ("get-and-head-405", lambda s, t: s.status("/h", 405), V.FAILING, "http", 405),
    ("connection-reset", lambda s, t: s.reset("/r"), V.FAILING, "reset", None),
    ("oversized-body", lambda s, t: t.oversized("/big.txt", 3_000_000), V.ALIVE, None, 200),
    ("refused", lambda s, t: f"http://127.0.0.1:{free_port()}/x", V.FAILING, "refused", None),
]


@pytest.mark.parametrize(
    ("setup", "verdict", "kind", "status"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_check_url_verdicts(
    web_server: Callable[..., LocalServer],
    setup: Setup,
    verdict: LinkVerdict,
    kind: str | None,
    status: int | None,
) -> None:
    plain = web_server(host="127.0.0.2")
    soft = web_server(host="127.0.0.3", fallback=Response(200, NOT_FOUND_HTML))
    url = setup(plain, soft)
    with Fetcher(SETTINGS) as fetcher:
        check = check_url(fetcher, url)
    assert (check.verdict, check.error_kind, check.http_status) == (verdict, kind, status), check
    assert check.elapsed < 3


def test_a_page_is_read_no_further_than_what_is_compared(local_server: LocalServer) -> None:
    """A page's GET read the whole body (up to max_body_bytes, 5 MB): a long download
    at a URL without extension ran into the timeout, and HEAD had to stand in for it."""
    big = Response(200, b"x" * 2_000_000, content_type="application/octet-stream")
    slow = dataclasses.replace(big, chunk_size=65_536, chunk_delay=0.1)  # 3 s in all
    url = local_server.route("/download", slow)
    settings = dataclasses.replace(SETTINGS, timeout=2.0, max_body_bytes=5_000_000)  # default
    with Fetcher(settings) as fetcher:
        check = check_url(fetcher, url)
    assert (check.verdict, check.method) == (LinkVerdict.ALIVE, "GET"), check
    assert check.elapsed < 1.5


def test_head_failure_falls_back_to_get(local_server: LocalServer) -> None:
    url = local_server.head_fails("/h.pdf")
    with Fetcher(SETTINGS) as fetcher:
        check = check_url(fetcher, url)
    methods = [r.method for r in local_server.requests_to("/h.pdf")]
    assert (check.method, methods) == ("GET", ["HEAD", "GET"])


def test_redirect_chain_is_recorded(local_server: LocalServer) -> None:
    local_server.page("/final")
    url = local_server.redirect_chain("/c", 3, "/final", 301)
    with Fetcher(SETTINGS) as fetcher:
        check = check_url(fetcher, url)
    assert [status for _, status in check.redirects] == [301, 301, 301]
    assert check.final_url == local_server.url("/final")


def test_one_probe_per_directory(web_server: Callable[..., LocalServer]) -> None:
    soft = web_server(host="127.0.0.3", fallback=Response(200, NOT_FOUND_HTML))
    urls = [
        soft.page(f"/news/{i}.html", f"<html>article {i} " + "words " * i + "</html>")
        for i in range(5)
    ]
    probes = ProbeCache()
    with Fetcher(SETTINGS) as fetcher:
        verdicts = {check_url(fetcher, u, probes=probes).verdict for u in urls}
    probed = [r for r in soft.requests if r.path.startswith("/news/pv")]
    assert (verdicts, len(probed), len(probes)) == ({V.ALIVE}, 1, 1)


def not_found_page(title: str, heading: str) -> str:
    """A CMS page for a deleted article: its own title and heading, then related stories."""
    related = "".join(f"<li><a href='/news/{i}.html'>Related story {i}</a></li>" for i in range(8))
    return (
        f"<html><head><title>{title}</title></head><body><nav>Regnum</nav>"
        f"<h1>{heading}</h1><p>Read also:</p><ul>{related}</ul></body></html>"
    )


def echo_not_found(request: RecordedRequest) -> Response:
    """A site's answer to any unknown path: 200, a not-found page naming the path."""
    return Response(200, not_found_page("Page not found", f"Nothing at {request.path}"))


SERVED: dict[str, Callable[[Callable[..., LocalServer], str, str], str]] = {
    # 200 for any path, the not-found page echoing it: the probe answers 2xx, but another page
    "echo": lambda make, path, body: make(host="127.0.0.3", fallback=echo_not_found).page(
        path, body
    ),
    # a deleted article in a CMS: 200 for its URL, real 404s for others (the probe's)
    "plain": lambda make, path, body: make(host="127.0.0.2").page(path, body),
    # a deleted file: HEAD refused, then GET answers the CMS's not-found page
    "file-head-405": lambda make, path, body: make(host="127.0.0.2").head_fails(
        path.replace(".html", ".pdf"), body
    ),
}
HEADLINE_404 = "Ошибка 404: как Роскомнадзор блокирует сайты"
NOT_FOUND_PAGES = [
    ("ru", "Страница не найдена — Regnum", "Страница не найдена", "title"),
    ("uk", "Сторінку не знайдено | Українська правда", "Помилка 404", "title"),
    ("kk", "Бет табылмады - Tengrinews.kz", "Бет табылмады", "title"),
    ("zh", "页面不存在_新浪网", "抱歉，您访问的页面不存在！", "title"),
    ("h1-only", "Regnum", "Page not found", "heading"),
    ("headline-404", f"{HEADLINE_404} — Regnum", HEADLINE_404, None),
    (
        "headline-not-found",
        "Bodies not found after the flood | Site",
        "Bodies not found after the flood",
        None,
    ),
]


@pytest.mark.parametrize("served", list(SERVED))
@pytest.mark.parametrize(
    ("title", "heading", "where"),
    [c[1:] for c in NOT_FOUND_PAGES],
    ids=[c[0] for c in NOT_FOUND_PAGES],
)
def test_not_found_title(
    web_server: Callable[..., LocalServer], served: str, title: str, heading: str, where: str | None
) -> None:
    url = SERVED[served](web_server, "/news/2019/3412-deleted.html", not_found_page(title, heading))
    with Fetcher(SETTINGS) as fetcher:
        check = check_url(fetcher, url)
    said = {"title": title, "heading": heading}.get(where or "")
    expected = (
        (V.SOFT_404, "not-found-title", f'soft-404: not-found-title (its {where} reads "{said}")')
        if where
        else (V.ALIVE, None, None)
    )
    assert (check.verdict, check.error_kind, check.reason) == expected, check
    assert check.http_status == 200


# (id, path served, title, h1, redirected from, verdict): a page about the error, whose own
# URL names its not-found message, is alive; a not-found page at a story's URL is not.
ABOUT_THE_ERROR = [
    ("wikipedia", "/wiki/HTTP_404", "HTTP 404 - Wikipedia", "HTTP 404", None, V.ALIVE),
    (
        "news-explainer",
        "/news/error-404-page-not-found-explained",
        "Error 404: page not found, explained - Site",
        "Error 404: page not found",
        None,
        V.ALIVE,
    ),
    ("story", "/news/2016/10/20/some-story", "Error 404 - Site", "Error 404", None, V.SOFT_404),
    (
        "redirected-here",
        "/wiki/HTTP_404",
        "HTTP 404 - Wikipedia",
        "HTTP 404",
        "/wiki/HTTP_Error_404",
        V.REDIRECTED,
    ),
    # the cited URL names the message, the page it was sent to does not: a soft-404
    (
        "redirected-away",
        "/errors/oops",
        "Page not found",
        "Page not found",
        "/wiki/Page_not_found",
        V.SOFT_404,
    ),
]


@pytest.mark.parametrize("fallback", [None, Response(200, NOT_FOUND_HTML)], ids=["plain", "soft"])
@pytest.mark.parametrize(
    ("path", "title", "heading", "cited", "verdict"),
    [c[1:] for c in ABOUT_THE_ERROR],
    ids=[c[0] for c in ABOUT_THE_ERROR],
)
def test_a_page_about_the_error_named_by_its_url_is_alive(
    web_server: Callable[..., LocalServer],
    fallback: Response | None,
    path: str,
    title: str,
    heading: str,
    cited: str | None,
    verdict: LinkVerdict,
) -> None:
    """The Wikipedia article "HTTP 404 - Wikipedia" at /wiki/HTTP_404 was a soft-404."""
    server = web_server(host="127.0.0.2", fallback=fallback)
    url = server.page(path, not_found_page(title, heading))
    if cited:
        url = server.redirect(cited, path, 301)
    with Fetcher(SETTINGS) as fetcher:
        check = check_url(fetcher, url)
    kind = "not-found-title" if verdict is V.SOFT_404 else None
    assert (check.verdict, check.error_kind, check.http_status) == (verdict, kind, 200), check


@pytest.mark.parametrize(
    ("fallback", "path", "methods"),
    [
        (None, "/news/story.html", ["GET"]),
        (Response(200, NOT_FOUND_HTML), "/news/story.html", ["GET"]),
        (None, "/news/story", ["GET"]),
        (None, "/files/report.PDF", ["HEAD"]),
    ],
    ids=["page", "page-the-probe-compares", "page-no-extension", "file"],
)
def test_a_page_costs_one_request(
    web_server: Callable[..., LocalServer],
    fallback: Response | None,
    path: str,
    methods: list[str],
) -> None:
    server = web_server(fallback=fallback)
    url = server.page(path, "<title>Story</title>")
    with Fetcher(SETTINGS) as fetcher:
        check = check_url(fetcher, url)
    assert (check.verdict, check.method) == (V.ALIVE, methods[-1])
    assert [r.method for r in server.requests_to(path)] == methods


@pytest.mark.parametrize("code", [429, 503])
def test_retry_after_defers_the_host(local_server: LocalServer, code: int) -> None:
    """A 503 "down for maintenance, come back in N s" was checked as a plain failure: the
    host's next URL was asked at once, and the page counted towards being dead."""
    busy = local_server.status("/busy", code, retry_after=1)
    after = local_server.page("/after")
    settings = dataclasses.replace(SETTINGS, host_concurrency=1)
    with Fetcher(settings) as fetcher:
        first = check_url(fetcher, busy)
        check_url(fetcher, after)
    gap = local_server.requests_to("/after")[0].time - local_server.requests_to("/busy")[0].time
    assert first.retry_after == 1.0 and gap >= 0.9
    assert first.verdict is V.BLOCKED and "Retry-After 1 s" in (first.reason or "")


@pytest.mark.parametrize(
    ("url", "allow", "kind", "requests"),
    [
        ("http://127.0.0.2:{port}/page", False, "private-address", 0),
        ("http://169.254.169.254/latest/meta-data/", False, "private-address", 0),
        ("http://127.0.0.2:{port}/page", True, None, 2),
    ],
    ids=["loopback-refused", "metadata-refused", "allow-private"],
)
def test_private_address_guard(
    web_server: Callable[..., LocalServer], url: str, allow: bool, kind: str | None, requests: int
) -> None:
    server = web_server(host="127.0.0.2")
    server.page("/page")
    settings = dataclasses.replace(SETTINGS, allow_private=allow)
    with Fetcher(settings) as fetcher:
        check = check_url(fetcher, url.format(port=server.port))
    expected = V.ERROR if kind else V.ALIVE
    assert (check.verdict, check.error_kind) == (expected, kind)
    assert len(server.requests) == requests  # allowed: the GET and the sibling probe


@pytest.mark.parametrize(
    ("url", "final", "rule"),
    [
        ("https://a.org/news/2019/x", "https://a.org/", "redirect-to-root"),
        ("https://a.org/news/2019/x", "https://www.a.org", "redirect-to-root"),
        ("https://a.org/", "https://a.org/", None),
        ("https://a.org/story", "https://a.org/page-not-found?from=story", "404-in-url"),
        ("https://a.org/story/404123", "https://a.org/story/404123/", None),
        ("https://a.org/news/2019/10/long-slug", "https://a.org/news", "redirect-to-shorter-path"),
        ("https://a.org/2019/10/20/long-slug", "https://a.org/p/12345", None),
        ("http://a.org/news/x", "https://a.org/news/x", None),
        # the home page is also "/index.php" (and kin), and an item may be named by its query
        ("http://a.org/index.php?newsid=1234", "http://a.org/index.php", "redirect-to-root"),
        ("http://a.org/?p=1234", "http://a.org/", "redirect-to-root"),
        ("http://a.org/news/2016/10/x.html", "http://a.org/index.php", "redirect-to-root"),
        ("http://a.org/news/x.html", "http://a.org/Default.aspx", "redirect-to-root"),
        ("http://a.org/index.php", "http://a.org/", None),
        ("http://a.org/index.html", "https://www.a.org/index.php", None),
        ("http://a.org/?p=1234", "http://a.org/2016/10/20/story/", None),
        ("http://a.org/news/x", "http://a.org/?p=1234", None),
        ("http://a.org/?utm_source=tw&fbclid=1", "http://a.org/", None),
        ("http://a.org/news/x", "http://a.org/?utm_source=old-site", "redirect-to-root"),
    ],
    ids=[
        "root",
        "root-www",
        "root-to-root",
        "404-in-url",
        "404-already-in-url",
        "ancestor",
        "canonical-short-id",
        "https-upgrade",
        "item-query-dropped",
        "wordpress-id-to-root",
        "index-php-home",
        "default-aspx-home",
        "home-to-home",
        "index-to-index",
        "wordpress-id-to-permalink",
        "to-a-wordpress-id",
        "home-with-tracking-to-root",
        "to-root-with-tracking",
    ],
)
def test_soft404_by_url(url: str, final: str, rule: str | None) -> None:
    assert soft404_by_url(url, final) == rule


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://a.org/news/2019/story.html", "https://a.org/news/2019/*.html"),
        ("https://a.org/news/story/", "https://a.org/news/*/"),
        ("https://a.org/story?id=5", "https://a.org/*"),
        ("https://a.org/", None),
    ],
    ids=["extension", "trailing-slash", "query", "root"],
)
def test_probe_target(url: str, key: str | None) -> None:
    target = probe_target(url)
    assert (target[0] if target else None) == key
    if target:
        assert target[2] in target[1] and target[1] != url


def test_a_server_that_never_answers_is_asked_once(local_server: LocalServer) -> None:
    """A GET that got no answer at all within the timeout was followed by a HEAD, which
    waited out the timeout again: a host that had gone silent cost each of its URLs twice
    the timeout (40 s by default) and twice the requests."""
    url = local_server.slow("/silent", 3.0)
    with Fetcher(SETTINGS) as fetcher:
        check = check_url(fetcher, url)
    assert (check.verdict, check.error_kind) == (V.FAILING, "timeout")
    assert [r.method for r in local_server.requests_to("/silent")] == ["GET"]
    assert check.elapsed < 0.5 + 0.4


@pytest.mark.parametrize(
    ("url", "login"),
    [
        ("https://www.facebook.com/login/?next=https%3A%2F%2Fwww.facebook.com%2Fp%2F1", True),
        ("https://x.com/i/flow/login?redirect_after_login=%2Fuser%2Fstatus%2F1", True),
        ("https://www.instagram.com/accounts/login/?next=/p/abc/", True),
        ("https://www.linkedin.com/authwall?trk=gf&sessionRedirect=https%3A%2F%2Fx", True),
        ("https://accounts.google.com/ServiceLogin?continue=https://docs.google.com/d/1", True),
        ("https://example.org/users/sign_in", True),
        ("https://example.org/Login.aspx?ReturnUrl=%2fnews%2f1", True),
        ("https://example.org/news/2016/login-rules-change.html", False),
        ("https://example.org/news/blogin/", False),
        ("https://example.org/authors/ivanov", False),
    ],
)
def test_login_pages_are_told_by_a_path_segment(url: str, login: bool) -> None:
    assert is_login(url) is login
