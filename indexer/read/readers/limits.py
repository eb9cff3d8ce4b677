"""How large one record may be before a reader refuses it: the bound that keeps memory flat on any input.

The readers stream, so a file of any size is read in constant memory – as long as its records end. A
record that never ends (a 2 GB file with no record terminator, an XML element or attribute that runs on
for gigabytes, a product with millions of child elements) would otherwise be collected whole, and an
XML tree takes many times its text in memory. Past these sizes the record is a Rejection instead.

Both limits are far above any real record: ISO 2709 cannot describe a record over 99,999 bytes (five
digits of leader length), though some exporters write longer ones with a length of ``00000``, which are
still read up to ten times that; a MARCXML record is the same data with markup around each subfield, and
ONIX products with long descriptions and many prices stay well under a mebibyte. Sierra JSON is read
a file at a time, so its limit is on the file.
"""

from __future__ import annotations

MAX_ISO2709_RECORD_BYTES = 1 << 20
"""Bytes from one record terminator to the next, beyond which an ISO 2709 record is rejected and reading
resumes after the next terminator."""

MAX_XML_RECORD_BYTES = 4 << 20
"""Bytes (ONIX: characters) of XML read since the previous MARCXML ``<record>`` or ONIX ``<Product>``
ended, beyond which the unfinished one is rejected. A tree of 4 MiB of the smallest elements takes
about a hundred MiB."""

MAX_JSON_DOCUMENT_BYTES = 32 << 20
"""Bytes of one Sierra bib JSON file, which is parsed whole: a page of the API (at most 2,000 bibs) is a
few MiB, and parsed JSON takes several times its size in memory."""
