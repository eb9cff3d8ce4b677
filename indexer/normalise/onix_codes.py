"""The ONIX for Books code lists the normaliser reads, cut down to the codes that decide something here.

The lists are EDITEUR's; the numbers in the comments are the ONIX code list numbers
(https://ns.editeur.org/onix/en). ONIX 2.1 used the same codes for the same things, except where a
``_2_1`` table says otherwise.
"""

from __future__ import annotations

from indexer.record import COVER_LINK, SAMPLE_LINK, Audience, Role

NOTIFICATION_DELETE = "05"  # 1

# 17: contributor roles. Forewords, notes, photographs, direction, production… are plain contributors.
ROLES: dict[str, Role] = {
    # by (author), with, screenplay by, created by, text by, original author, comic script by
    "A01": "author", "A02": "author", "A03": "author", "A09": "author", "A14": "author", "A38": "author",
    "A45": "author",
    "A04": "lyricist", "A05": "lyricist", "A31": "lyricist",  # libretto, lyrics, book and lyrics
    "A06": "composer",
    # by (artist), illustrated by, drawings by, inked or coloured by, inker, colourist
    "A07": "illustrator", "A12": "illustrator", "A35": "illustrator", "A40": "illustrator",
    "A46": "illustrator", "A47": "illustrator",
    # edited by, series edited by, edited and translated by, editor-in-chief, guest / volume / managing /
    # associate / consultant / general / literary / technical / scientific / original editor
    "B01": "editor", "B09": "editor", "B10": "editor", "B11": "editor", "B12": "editor", "B13": "editor",
    "B16": "editor", "B19": "editor", "B20": "editor", "B21": "editor", "B24": "editor", "B26": "editor",
    "B29": "editor", "B31": "editor",
    "C01": "editor", "C02": "editor",  # compiled by, selected by
    "B06": "translator", "B08": "translator",  # translated by, translated with commentary by
    "D03": "conductor",
    # actor, dancer, vocal soloist, instrumental soloist, orchestra / band / ensemble, performed by
    "E01": "performer", "E02": "performer", "E05": "performer", "E06": "performer", "E08": "performer",
    "E99": "performer",
    "E03": "narrator", "E07": "narrator",  # narrator, read by
}  # fmt: skip

# 5: product identifiers.
ID_ISBN = frozenset({"02", "15", "24"})  # ISBN-10, ISBN-13, co-publisher's ISBN-13
ID_GTIN = frozenset({"03", "04"})  # GTIN-13 (EAN), UPC
ID_ISMN = frozenset({"05", "25"})
ID_PROPRIETARY = "01"
ID_PREFIXES = {"06": "doi:", "13": "lccn:", "22": "", "23": "oclc:"}  # DOI, LCCN, URN (prefixed), OCLC
ISSN_IDENTIFIER = "02"  # 13 (collection identifiers) and 2.1 series identifiers alike

TITLE_DISTINCTIVE = "01"  # 15
TITLE_UNDEFINED = "00"  # ONIX 2.1 feeds use it for the only title they send
LEVEL_COLLECTION = frozenset({"02", "03"})  # 149, title element levels: collection, subcollection

LANGUAGE_OF_TEXT = "01"  # 22
LANGUAGE_ORIGINAL = "02"

PUBLISHER_ROLE = "01"  # 45
# 163: the publication date, then the date of first publication.
PUBLISHING_DATE_ROLES = ("01", "11")

# 27: subject schemes. Coded schemes whose codes are kept as classification:
CLASSIFICATION_SCHEMES = {
    "01": "ddc", "02": "ddc", "03": "lcc", "09": "udc", "66": "ykl",
    "10": "bisac", "11": "bisac", "22": "bisac",
    "12": "bic", "13": "bic", "14": "bic", "15": "bic", "16": "bic", "17": "bic",
    "29": "clil",
    "93": "thema", "94": "thema", "95": "thema", "96": "thema", "97": "thema", "98": "thema", "99": "thema",
}  # fmt: skip
# Heading vocabularies, with the language of their terms where they have only one. YSO is multilingual,
# but the Finnish trade sends its Finnish labels.
SUBJECT_VOCABULARIES: dict[str, tuple[str, str | None]] = {
    "04": ("lcsh", "eng"), "06": ("mesh", "eng"), "A8": ("lcshac", "eng"), "B6": ("fast", "eng"),
    "64": ("ysa", "fin"), "65": ("allars", "swe"), "67": ("musa", "fin"), "68": ("cilla", "swe"),
    "69": ("kaunokki", "fin"), "70": ("bella", "swe"), "71": ("yso", "fin"), "72": ("yso-paikat", "fin"),
    "A5": ("rameau", "fre"), "91": ("gnd", "ger"),
}  # fmt: skip
SCHEME_KEYWORDS = "20"
SCHEME_HIDDEN_KEYWORDS = "B2"  # "not for display"
SCHEME_FICTION_GENRES = "80"  # Fiktiivisen aineiston lisäluokitus: Finnish fiction genres
SCHEME_BISAC_2_1 = "10"  # what ONIX 2.1's BASICMainSubject holds
SCHEME_BIC_2_1 = "12"  # and BICMainSubject

# 28: audience codes; school and language-teaching material says nothing of the reader's age.
AUDIENCES: dict[str, Audience] = {
    "01": "adult",  # general / trade, shelved for adults like MARC's 'g'
    "02": "children",
    "03": "youth",
    "05": "adult",  # college / higher education
    "06": "adult",  # professional and scholarly
    "08": "adult",  # adult education
}
AUDIENCE_TYPE_ONIX = "01"  # 29: the audience code value is from list 28
# 30: age ranges, in years or months (months are converted).
AGE_IN_YEARS = frozenset({"17", "18"})  # interest age, reading age
AGE_IN_MONTHS = "16"
RANGE_TO = "04"  # 31: precision; 01 exact and 03 from give the youngest reader
YOUTH_FROM_AGE = 12
ADULT_FROM_AGE = 18

# 153 (3.0 TextType) and 33 (2.1 TextTypeCode), most wanted first.
DESCRIPTION_TYPES = ("03", "02")  # description, short description
DESCRIPTION_TYPES_2_1 = ("01", "03", "02")  # main, long, short description
EXCERPT_2_1 = "23"  # OtherText with a TextLink to an excerpt

# 158: supporting resources linked as cover and sample; 38 and 40: ONIX 2.1 media files.
RESOURCE_LINK_TEXTS = {"01": COVER_LINK, "15": SAMPLE_LINK}
MEDIA_FILE_COVERS = frozenset({"04", "06"})  # front cover image, high quality front cover image
MEDIA_FILE_URL = "01"

# 23 extent types and 24 units.
PAGE_EXTENTS = ("00", "05", "07", "11", "10", "08")  # main content, total numbered, absolute, … pages
DURATION_EXTENTS = frozenset({"09", "14"})  # duration, duration of main content
UNIT_PAGES = "03"
DECIMAL_DURATION_UNITS = {"04": 3600, "05": 60, "06": 1}  # hours, minutes, seconds: seconds in one
CLOCK_DURATION_UNITS = {"14": 0, "15": 1, "16": 2}  # HHH, HHHMM, HHHMMSS: two-digit groups after hours
