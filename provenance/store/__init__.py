"""The storage floor: the SQLite database and the scan's tables.

``scans.open_db`` opens (and migrates) the database; ``migrations`` holds every
schema change as one sqlite-utils migration. ``scans`` stores and loads scanned
documents. Each job keeps its own tables in its own ``store`` module
(``archive.store``, ``links.store``) over this one. It imports only ``models`` and
``errors`` from the package; never ``net/``, ``report/``, a job or click.
"""
