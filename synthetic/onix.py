"""E-books and e-audiobooks as ONIX for Books products: release 3.0 and release 2.1, reference tags.

Publishers and e-book vendors send ONIX, so these feeds carry only what ONIX describes: books. Elements
are written in the order the ONIX schemas prescribe, with the code lists the harvester reads: product
forms (3.0: EB/ED e-book, AJ/AN audio; 2.1: DG e-book, AJ audio), contributor roles (list 17), subjects
by scheme (Thema 93, keywords 20, YKL 66, YSO 71, the libraries' fiction genres 80), audiences (28),
descriptions (TextType 03 / TextTypeCode 01), cover links, publishing dates, and notification type 03
(new or updated) or 05 (delete). Products are built as small trees of :class:`XmlElement` so that a
deliberately damaged product can be made by pruning one, then written out as text, one at a time.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Literal, NamedTuple

from synthetic.titles import natural_order
from synthetic.vocabulary import ONIX_AUDIENCE, ONIX_ROLES
from synthetic.works import Holding, Kind, Work
from synthetic.xml_text import escaped

Release = Literal["3.0", "2.1"]
NAMESPACES: dict[Release, str] = {
    "3.0": "http://ns.editeur.org/onix/3.0/reference",
    "2.1": "http://www.editeur.org/onix/2.1/reference",
}
ONIX_KINDS: frozenset[Kind] = frozenset({"ebook", "eaudiobook"})
COVER_URL = "https://covers.example.org/{}.jpg"
"""Cover images: invented links on a reserved example domain."""

NOTIFICATION_NEW_OR_UPDATED = "03"
NOTIFICATION_DELETE = "05"
_SCHEME_KEYWORDS = "20"
_SCHEME_YKL = "66"
_SCHEME_YSO = "71"
_SCHEME_FICTION_GENRES = "80"
_SCHEME_THEMA = "93"


class XmlElement(NamedTuple):
    """An element with either text or child elements (ONIX has no mixed content)."""

    name: str
    content: str | tuple[XmlElement, ...]


def element(name: str, content: str | tuple[XmlElement, ...] | list[XmlElement]) -> XmlElement:
    return XmlElement(name, content if isinstance(content, str) else tuple(content))


def onix3_product(holding: Holding) -> XmlElement:
    """The holding as an ONIX 3.0 ``<Product>``."""
    work = holding.work
    audio = work.kind == "eaudiobook"
    descriptive = [
        element("ProductComposition", "00"),
        element(
            "ProductForm",
            ("AN" if work.serial % 2 else "AJ") if audio else ("EB" if work.serial % 2 else "ED"),
        ),
        element("ProductFormDetail", "A103" if audio else "E101"),
        element("PrimaryContentType", "01" if audio else "10"),
        *_collection(work),
        element("TitleDetail", [element("TitleType", "01"), element("TitleElement", _title_parts(holding))]),
        *_contributors(work),
        *_languages(work),
        _extent(work),
        *_subjects(holding, "3.0"),
        element(
            "Audience",
            [element("AudienceCodeType", "01"), element("AudienceCodeValue", ONIX_AUDIENCE[work.audience])],
        ),
    ]
    collateral = [
        element(
            "TextContent",
            [element("TextType", "03"), element("ContentAudience", "00"), element("Text", work.description)],
        ),
        element(
            "SupportingResource",
            [
                element("ResourceContentType", "01"),
                element("ContentAudience", "00"),
                element("ResourceMode", "03"),
                element(
                    "ResourceVersion",
                    [element("ResourceForm", "02"), element("ResourceLink", _cover(holding))],
                ),
            ],
        ),
    ]
    publishing = [
        element(
            "Publisher", [element("PublishingRole", "01"), element("PublisherName", work.publisher.name)]
        ),
        element("CityOfPublication", work.publisher.place),
        element("PublishingStatus", "04"),
        element("PublishingDate", [element("PublishingDateRole", "01"), element("Date", f"{work.year}0101")]),
    ]
    return element(
        "Product",
        [
            *_record_head(holding),
            *_identifiers(holding, gtin_too=True),
            element("DescriptiveDetail", descriptive),
            element("CollateralDetail", collateral),
            element("PublishingDetail", publishing),
        ],
    )


def onix21_product(holding: Holding) -> XmlElement:
    """The holding as an ONIX 2.1 ``<Product>``: the same facts, flat in the product."""
    work = holding.work
    audio = work.kind == "eaudiobook"
    title = [element("TitleType", "01"), element("TitleText", work.title)]
    if holding.subtitle:
        title.append(element("Subtitle", holding.subtitle))
    series = []
    if work.series is not None:
        series = [
            element(
                "Series",
                [
                    element("TitleOfSeries", work.series.title),
                    element("NumberWithinSeries", str(work.series.number)),
                ],
            )
        ]
    form = (
        [element("ProductForm", "AJ"), element("ProductFormDetail", "A103")]
        if audio
        else [
            element("ProductForm", "DG"),
            element("EpubType", "029"),
        ]
    )
    extent = [_extent(work)] if audio else [element("NumberOfPages", str(work.pages))]
    return element(
        "Product",
        [
            *_record_head(holding),
            *_identifiers(holding, gtin_too=False),
            *form,
            *series,
            element("Title", title),
            *_contributors(work),
            *_languages(work),
            *extent,
            *_subjects(holding, "2.1"),
            element(
                "Audience",
                [
                    element("AudienceCodeType", "01"),
                    element("AudienceCodeValue", ONIX_AUDIENCE[work.audience]),
                ],
            ),
            element("OtherText", [element("TextTypeCode", "01"), element("Text", work.description)]),
            element(
                "MediaFile",
                [
                    element("MediaFileTypeCode", "04"),
                    element("MediaFileLinkTypeCode", "01"),
                    element("MediaFileLink", _cover(holding)),
                ],
            ),
            element(
                "Publisher", [element("PublishingRole", "01"), element("PublisherName", work.publisher.name)]
            ),
            element("CityOfPublication", work.publisher.place),
            element("PublishingStatus", "04"),
            element("PublicationDate", f"{work.year}0101"),
        ],
    )


def serialised(node: XmlElement, indent: str = "  ") -> str:
    """``node`` as indented XML text, one element per line."""
    if isinstance(node.content, str):
        return f"{indent}<{node.name}>{escaped(node.content)}</{node.name}>"
    if not node.content:
        return f"{indent}<{node.name}/>"
    inner = "\n".join(serialised(child, indent + "  ") for child in node.content)
    return f"{indent}<{node.name}>\n{inner}\n{indent}</{node.name}>"


def without(node: XmlElement, name: str) -> XmlElement:
    """``node`` with every descendant element called ``name`` removed (to make a broken product)."""
    if isinstance(node.content, str):
        return node
    return XmlElement(node.name, tuple(without(child, name) for child in node.content if child.name != name))


class OnixWriter:
    """Writes products into an ONIX message of one release as they come; :meth:`close` ends it."""

    def __init__(self, path: Path, release: Release, *, sender: str, sent: datetime) -> None:
        self.path = path
        self.release = release
        self.records = 0
        self._file: BinaryIO = path.open("wb")
        if release == "3.0":
            header = element(
                "Header",
                [
                    element("Sender", [element("SenderName", sender)]),
                    element("SentDateTime", f"{sent:%Y%m%dT%H%M%S}"),
                ],
            )
        else:
            header = element(
                "Header", [element("FromCompany", sender), element("SentDate", f"{sent:%Y%m%d}")]
            )
        self._file.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<ONIXMessage release="{release}" xmlns="{NAMESPACES[release]}">\n'
            f"{serialised(header)}\n".encode()
        )

    def write(self, product: XmlElement) -> None:
        self._file.write(serialised(product).encode() + b"\n")
        self.records += 1

    def close(self) -> None:
        self._file.write(b"</ONIXMessage>\n")
        self._file.close()

    def __enter__(self) -> OnixWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def record_reference(holding: Holding) -> str:
    """The product's RecordReference: the municipality's own id in reverse-domain form, as ONIX advises."""
    return f"fi.{holding.municipality}.kirjasto.{holding.record_id}"


def _record_head(holding: Holding) -> list[XmlElement]:
    head = [element("RecordReference", record_reference(holding))]
    if holding.deleted:
        head += [
            element("NotificationType", NOTIFICATION_DELETE),
            element("DeletionText", "Poistettu valikoimasta"),
        ]
    else:
        head.append(element("NotificationType", NOTIFICATION_NEW_OR_UPDATED))
    return head


def _identifiers(holding: Holding, *, gtin_too: bool) -> list[XmlElement]:
    number = holding.work.number
    if number is None:
        return [
            element(
                "ProductIdentifier",
                [
                    element("ProductIDType", "01"),
                    element("IDTypeName", "Kirjaston tunniste"),
                    element("IDValue", holding.record_id),
                ],
            )
        ]
    types = ("15", "03") if gtin_too else ("15",)
    return [
        element("ProductIdentifier", [element("ProductIDType", id_type), element("IDValue", number.value)])
        for id_type in types
    ]


def _collection(work: Work) -> list[XmlElement]:
    if work.series is None:
        return []
    return [
        element(
            "Collection",
            [
                element("CollectionType", "10"),
                element(
                    "CollectionSequence",
                    [
                        element("CollectionSequenceType", "02"),
                        element("CollectionSequenceNumber", str(work.series.number)),
                    ],
                ),
                element(
                    "TitleDetail",
                    [
                        element("TitleType", "01"),
                        element(
                            "TitleElement",
                            [element("TitleElementLevel", "02"), element("TitleText", work.series.title)],
                        ),
                    ],
                ),
            ],
        )
    ]


def _title_parts(holding: Holding) -> list[XmlElement]:
    parts = [element("TitleElementLevel", "01"), element("TitleText", holding.work.title)]
    if holding.subtitle:
        parts.append(element("Subtitle", holding.subtitle))
    return parts


def _contributors(work: Work) -> list[XmlElement]:
    return [
        element(
            "Contributor",
            [
                element("SequenceNumber", str(number)),
                element("ContributorRole", ONIX_ROLES[credit.role]),
                element("PersonName", natural_order(credit.name)),
                element("PersonNameInverted", credit.name),
            ],
        )
        for number, credit in enumerate(work.credits, start=1)
    ]


def _languages(work: Work) -> list[XmlElement]:
    languages = [element("Language", [element("LanguageRole", "01"), element("LanguageCode", work.language)])]
    if work.original_language is not None:
        languages.append(
            element(
                "Language", [element("LanguageRole", "02"), element("LanguageCode", work.original_language)]
            )
        )
    return languages


def _extent(work: Work) -> XmlElement:
    if work.minutes is not None:
        return element(
            "Extent",
            [
                element("ExtentType", "09"),
                element("ExtentValue", str(work.minutes)),
                element("ExtentUnit", "05"),
            ],
        )
    return element(
        "Extent",
        [element("ExtentType", "00"), element("ExtentValue", str(work.pages)), element("ExtentUnit", "03")],
    )


def _subjects(holding: Holding, release: Release) -> list[XmlElement]:
    """Thema (the main subject) and YKL codes, YSO headings with their ids, the fiction genre, keywords."""
    work = holding.work
    subjects = []
    if work.thema is not None:
        subjects.append(_main_subject(work.thema, release))
    if work.ykl is not None:
        subjects.append(_subject(_SCHEME_YKL, code=work.ykl))
    subjects += [_subject(_SCHEME_YSO, code=topic.yso_id, heading=topic.fin) for topic in holding.topics]
    if work.shelf_genre is not None:
        subjects.append(_subject(_SCHEME_FICTION_GENRES, heading=work.shelf_genre))
    keywords = [genre.fin for genre in work.genres] + [place.fin for place in work.places]
    if keywords:
        subjects.append(_subject(_SCHEME_KEYWORDS, heading="; ".join(keywords)))
    return subjects


def _main_subject(thema: str, release: Release) -> XmlElement:
    """ONIX 3.0 flags the main subject with an empty ``<MainSubject/>``; 2.1 has a composite of its own."""
    if release == "2.1":
        return element(
            "MainSubject",
            [element("MainSubjectSchemeIdentifier", _SCHEME_THEMA), element("SubjectCode", thema)],
        )
    subject = _subject(_SCHEME_THEMA, code=thema)
    return element("Subject", [element("MainSubject", ()), *subject.content])


def _subject(scheme: str, *, code: str | None = None, heading: str | None = None) -> XmlElement:
    parts = [element("SubjectSchemeIdentifier", scheme)]
    if code is not None:
        parts.append(element("SubjectCode", code))
    if heading is not None:
        parts.append(element("SubjectHeadingText", heading))
    return element("Subject", parts)


def _cover(holding: Holding) -> str:
    number = holding.work.number
    return COVER_URL.format(number.value if number is not None else holding.record_id)
