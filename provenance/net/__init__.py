"""The network floor: every HTTP request the tool makes goes through here.

``fetch.Fetcher`` is the only user of requests: deadlines, size caps, retries and
the per-host ``limiter``. ``hostguard`` refuses private and metadata addresses, and
``errors`` turns low-level failures into one readable cause. It imports only
``models``, ``errors`` and ``config`` from the package; never ``store/``,
``report/``, a job or click.
"""
