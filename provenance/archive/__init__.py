"""The check job: find each reference's source in web archives and verify it.

``run.run_check`` is the entry point; it drives ``batch`` (one batch's lookups, page
fetches and verdicts), and ``sources`` asks the configured archives in order
(``commoncrawl`` adds Common Crawl). ``targets`` turns stored references into CDX
queries, ``client`` and ``cdx`` ask the archive (through ``net.fetch``; ``memento``
reads TimeMaps), ``captures`` ranks what comes back, ``verify`` (with ``evidence``,
``textmatch``, ``pagefacts``, ``claimwords`` and ``amounts``) scores the fetched pages, and
``store`` keeps the verdicts and the response cache. It may import ``net/``, ``store/``,
``scan.outlets.resolve`` (the outlet registry), ``models``, ``errors`` and ``config``; never
``links/``, ``report/`` or click. The orchestration stays here, beside the parts it
drives, rather than in ``pipeline``: only this job knows the order of a check.
"""
