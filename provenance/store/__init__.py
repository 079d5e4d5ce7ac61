"""The storage floor: the SQLite database and the scan's tables.

``scans`` gathers what callers use: ``database`` opens (and migrates) the database,
``documents`` keeps documents and the id ranges of their rows, ``saving`` writes a
scan, ``loading`` reads it back and ``claimtext`` stores claim text once and indexes
it. ``migrations`` holds every schema change as one sqlite-utils migration, over
``tables`` (the first tables) and ``slim`` (the slim scan rows, their lookups, views
and triggers). Each job keeps its own tables in its own ``store`` module
(``archive.store``, ``links.store``) over this one. It imports only ``models`` and
``errors`` from the package; never ``net/``, ``report/``, a job or click.
"""
