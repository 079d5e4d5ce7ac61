"""Shared pytest configuration: fixtures live in tests/fixtures/, one module per area."""

pytest_plugins = [
    "tests.fixtures.guard",  # socket guard: only 127.0.0.1 / ::1 may be reached
    "tests.fixtures.store",  # temporary databases and settings
    "tests.fixtures.web",  # local HTTP servers for live pages and injected faults
    "tests.fixtures.archive",  # pywb + IA-style CDX fake over WARCs written with warcio
    "tests.fixtures.sources",  # second archives: a pywb pair, IA-format pair, Common Crawl
    "tests.fixtures.savepagenow",  # a fake Save Page Now 2 server
]
