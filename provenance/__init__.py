"""provenance: find, check and report the sources behind a document's claims."""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
