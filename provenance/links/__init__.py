"""The nightly link check: probe every known URL, keep the history, say what broke.

``run.run_linkcheck`` is the entry point and ``run.write_report`` writes its report.
``urls`` gathers the known URLs, ``pool`` and ``probe`` check them politely (through
``net.fetch``), ``replace`` suggests an archived copy for a dead one through the
archive job's client, ``save`` submits alive, unarchived cited URLs to Save Page Now,
``store`` keeps the append-only history and ``verdicts`` reads a URL's verdict from it
(dead after N failures over D days, outage runs left out). It may import
``net/``, ``store/``, ``archive.client`` and ``archive.cdx``, ``report.links``,
``scan.outlets.resolve``, ``models``, ``errors`` and ``config``; never click.
"""
