"""The report floor: Markdown, pictures, findings and exports, rendered without I/O.

``document`` renders one document's report, ``corpus`` the index and its
cross-document tables, ``checks`` the archive verdicts inside a report, ``links`` the
nightly link-check report, ``pictures`` the Mermaid charts, ``markdown`` the escaping,
``findings`` and ``facts`` what a reviewer should look at, and ``export`` the
json/jsonl/csv records. It never does network
I/O: it imports only ``models``, ``errors``, ``config`` and the pure ``scan/`` from the
package, never ``net/``, ``store/``, the other jobs, requests or click. Writing the
files is ``pipeline``'s job.
"""
