"""Stage 1, read: sources, their locations (files, HTTP, OAI-PMH) and the format readers.

What comes out is :class:`indexer.record.RawRecord` (the record's fields as the catalogue wrote them),
:class:`~indexer.record.DeleteEvent` and :class:`~indexer.record.Rejection`, plus one
:class:`~indexer.record.FileRead` per file done.
"""
