"""The scan job: documents in, claims and resolved references out.

``ingest.read_document`` reads a file (encoding, metadata, HTML text), ``extract``
finds the parenthetical citations (``grammar`` and ``dates`` read them), ``split``
cuts the text into claims, and ``outlets.resolve`` names the outlet and its domain
through the registry (``outlets/``: the bundled file, a user's own entries, and the
forms of a name its aliases do not list). Every module here is pure: it imports only ``models``,
``errors`` and ``config`` from the package, never ``net/``, ``store/``, ``report/``,
the other jobs or click. Storing and reporting a scan is ``pipeline``'s work.

The package is also the public ``provenance.scan(paths, settings)`` call: calling it
runs a whole scan (see ``provenance.pipeline.scan``).
"""
