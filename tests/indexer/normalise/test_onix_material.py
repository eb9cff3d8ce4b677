from __future__ import annotations

import pytest

from indexer.normalise.onix_material import MaterialSignals, material_type


def signals(
    form: str | None,
    details: str = "",
    content: str = "",
    *,
    has_issn: bool = False,
    is_issue: bool = False,
) -> MaterialSignals:
    return MaterialSignals(form, frozenset(details.split()), frozenset(content.split()), has_issn, is_issue)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (signals("EB", "E107"), "ebook"),  # digital download and online, PDF
        (signals("ED", "E101 E200"), "ebook"),  # EPUB, reflowable
        (signals("EC"), "ebook"),  # streaming
        (signals("EA", "E101"), "ebook"),
        (signals("DG"), "ebook"),  # ONIX 2.1 electronic book text
        (signals("AJ", "A103"), "eaudiobook"),  # downloadable MP3
        (signals("AN"), "eaudiobook"),
        (signals("AO"), "eaudiobook"),
        (signals("ED", "A103"), "eaudiobook"),  # an MP3 sold as a generic digital product
        (signals("EA", "", "01"), "eaudiobook"),  # audiobook content
        (signals("AJ", "A103", "03"), "music"),  # downloadable music recording
        (signals("AC", "", "03"), "music"),  # music CD: music whatever the carrier
        (signals("PI"), "music"),  # sheet music
        (signals("AC"), "other"),  # an audio CD of unknown content (audiobooks on CD are not e-material)
        (signals("AC", "", "01"), "other"),
        (signals("ED", "E101", has_issn=True, is_issue=True), "emagazine"),
        (signals("ED", "E101", has_issn=True), "ebook"),  # an e-book in a book series with an ISSN
        (signals("ED", "E101", is_issue=True), "ebook"),  # an issue-like title without ISSN
        (signals("ED", "E143"), "course"),  # SCORM e-learning package
        (signals("BC", "B105"), "other"),
        (signals("BB", has_issn=True, is_issue=True), "other"),  # a printed magazine
        (signals(None), "other"),
        (signals("ZZ"), "other"),
    ],
)
def test_material_type(given: MaterialSignals, expected: str) -> None:
    assert material_type(given) == expected
