"""The word lists the synthetic catalogues are made of: titles, names, publishers, subjects, classes, links.

Everything a generated record says comes from here, so that what looks real can be checked in one place.
Titles are built from small grammars per language (see :mod:`synthetic.titles`) whose words are stored
in the inflected forms the patterns need, because Finnish, Russian or Estonian titles cannot be made by
gluing dictionary forms together. Authority identifiers are given only where they were verified: the YSO
ids below are the ones Finnish libraries attach to these very labels in the real records under
``tests/data/real/`` (mostly the Melinda sample ``natlibfi/marc-record-serializers/aleph-sequential``),
and so are the SLM genre URNs; a concept whose id was not verified has none, and its records carry no
``$0``. People, publishers, series and most titles are invented; the only real persons are authors and
composers whose works are in the public domain (Dostoevsky, Tolstoy, Sibelius…).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from indexer.record import Audience, Role

Language = Literal["fin", "swe", "eng", "rus", "est", "ara", "som"]
LANGUAGES: tuple[Language, ...] = ("fin", "swe", "eng", "rus", "est", "ara", "som")

# Language names as Helmet writes them in 546 notes and 240 $l, in Finnish.
LANGUAGE_NAMES_FI: dict[str, str] = {
    "fin": "suomi",
    "swe": "ruotsi",
    "eng": "englanti",
    "rus": "venäjä",
    "est": "viro",
    "ara": "arabia",
    "som": "somali",
}


class Topic(NamedTuple):
    """A general subject (YSO concept) by its Finnish and Swedish labels; ``yso_id`` only where verified."""

    fin: str
    swe: str
    yso_id: str | None = None


class Genre(NamedTuple):
    """A form or genre term of SLM (Suomalainen lajityyppi- ja muotosanasto); ``slm_id`` where verified."""

    fin: str
    swe: str
    slm_id: str | None = None


class Publisher(NamedTuple):
    name: str
    place: str


class Relator(NamedTuple):
    """A role as MARC writes it: the relator code ($4) and the RDA terms ($e) in Finnish and Swedish."""

    code: str
    fin: str
    swe: str


class Vendor(NamedTuple):
    """A service that delivers the licensed resource; ``url`` is a template filled per holding with
    ``{library}`` (the municipality's account), ``{number}`` and ``{slug}``. The hosts are the real
    services' (the harvester recognises e-book vendors by host), the paths are invented."""

    name: str
    url: str
    link_text_fin: str
    link_text_swe: str


# --- people ---------------------------------------------------------------------------------------------

GIVEN_NAMES: dict[Language, tuple[str, ...]] = {
    "fin": (
        "Aino",
        "Anna",
        "Eero",
        "Eino",
        "Elina",
        "Helmi",
        "Ilmari",
        "Johanna",
        "Kaisa",
        "Lauri",
        "Leena",
        "Mikko",
        "Noora",
        "Pekka",
        "Riikka",
        "Sanna",
        "Tuomas",
        "Veera",
        "Ville",
        "Marjatta",
        "Juhani",
        "Outi",
        "Aleksi",
        "Iida",
    ),
    "swe": (
        "Astrid",
        "Björn",
        "Elsa",
        "Erik",
        "Ingrid",
        "Johan",
        "Karin",
        "Lars",
        "Linnea",
        "Maja",
        "Nils",
        "Sigrid",
        "Stina",
        "Ulf",
        "Åsa",
        "Gunnar",
        "Ebba",
        "Mikael",
    ),
    "eng": (
        "Alice",
        "Daniel",
        "Emily",
        "George",
        "Hannah",
        "James",
        "Laura",
        "Oliver",
        "Rachel",
        "Samuel",
        "Thomas",
        "Victoria",
        "Margaret",
        "Peter",
    ),
    "est": (
        "Kadri",
        "Mari",
        "Liis",
        "Triin",
        "Kristi",
        "Tiit",
        "Jaan",
        "Andres",
        "Peeter",
        "Rein",
        "Mart",
        "Ülle",
    ),
    "ara": (
        "Ahmad",
        "Layla",
        "Omar",
        "Salma",
        "Yusuf",
        "Mariam",
        "Karim",
        "Nour",
        "Rania",
        "Samir",
        "Hala",
        "Tariq",
    ),
    "som": (
        "Cali",
        "Maxamed",
        "Xasan",
        "Faadumo",
        "Hodan",
        "Cawo",
        "Axmed",
        "Sahra",
        "Ayaan",
        "Nimco",
        "Cabdi",
        "Hibo",
    ),
}

FAMILY_NAMES: dict[Language, tuple[str, ...]] = {
    "fin": (
        "Virtanen",
        "Korhonen",
        "Mäkinen",
        "Nieminen",
        "Mäkelä",
        "Hämäläinen",
        "Laine",
        "Heikkinen",
        "Koskinen",
        "Järvinen",
        "Lehtonen",
        "Saarinen",
        "Salminen",
        "Heinonen",
        "Niemi",
        "Kallio",
        "Turunen",
        "Salonen",
        "Rantanen",
        "Karjalainen",
        "Ahonen",
        "Väisänen",
        "Kärkkäinen",
        "Häkkinen",
    ),
    "swe": (
        "Lindqvist",
        "Holmström",
        "Sjöberg",
        "Nyström",
        "Ekholm",
        "Lindroos",
        "Grönlund",
        "Forsman",
        "Backman",
        "Åström",
        "Wikström",
        "Söderberg",
        "Blomqvist",
        "Sundell",
    ),
    "eng": (
        "Ashworth",
        "Bennett",
        "Calloway",
        "Fletcher",
        "Harding",
        "Kingsley",
        "Marlowe",
        "Pemberton",
        "Thornton",
        "Whitaker",
        "Ellison",
        "Grayson",
    ),
    "est": (
        "Tamm",
        "Saar",
        "Sepp",
        "Mägi",
        "Kask",
        "Kukk",
        "Rebane",
        "Ilves",
        "Pärn",
        "Koppel",
        "Lepik",
        "Ots",
    ),
    "ara": ("Haddad", "Khoury", "Mansour", "Nasser", "Saleh", "Awad", "Hamdan", "Qasim", "Said", "Bakri"),
    "som": (
        "Warsame",
        "Jaamac",
        "Faarax",
        "Cabdullahi",
        "Nuur",
        "Yuusuf",
        "Aadan",
        "Xuseen",
        "Ciise",
        "Maxamuud",
    ),
}

# Russian names agree with the person's gender, so they are kept apart: surnames as (male, female).
RUSSIAN_GIVEN_NAMES: dict[str, tuple[str, ...]] = {
    "female": ("Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана"),
    "male": ("Иван", "Алексей", "Дмитрий", "Михаил", "Сергей", "Николай", "Андрей", "Павел"),
}
RUSSIAN_FAMILY_NAMES: tuple[tuple[str, str], ...] = (
    ("Иванов", "Иванова"),
    ("Смирнов", "Смирнова"),
    ("Кузнецов", "Кузнецова"),
    ("Соколов", "Соколова"),
    ("Волков", "Волкова"),
    ("Лебедев", "Лебедева"),
    ("Морозов", "Морозова"),
    ("Орлов", "Орлова"),
)

# Bands and ensembles that perform on the recordings (110 fields).
ENSEMBLES: dict[Language, tuple[str, ...]] = {
    "fin": ("Pohjoistuuli", "Kaamos", "Satamaorkesteri", "Lumikuningattaret", "Hiljaiset kadut", "Revontuli"),
    "swe": ("Skärgårdsbandet", "Fyrljus", "Nordanvind", "Systrarna Strand"),
    "eng": ("The Harbour Lights", "Northern Echo", "Paper Boats", "The Quiet Rooms"),
}
# Composers whose works are in the public domain, as Finnish catalogues write their names.
COMPOSERS: tuple[str, ...] = (
    "Sibelius, Jean",
    "Madetoja, Leevi",
    "Merikanto, Oskar",
    "Kuula, Toivo",
    "Mozart, Wolfgang Amadeus",
    "Chopin, Frédéric",
    "Grieg, Edvard",
    "Beethoven, Ludwig van",
    "Bach, Johann Sebastian",
    "Tšaikovski, Pjotr Iljitš",
)

# --- publishers and places (invented publishers, real places) ---------------------------------------------

PUBLISHERS: dict[str, tuple[Publisher, ...]] = {
    "fin": (
        Publisher("Kustannus Kaarna", "Helsinki"),
        Publisher("Sammalkirjat", "Tampere"),
        Publisher("Kirjayhtymä Lumo", "Helsinki"),
        Publisher("Kustantamo Routa", "Oulu"),
        Publisher("Aalto & Laituri", "Turku"),
        Publisher("Kustannusosakeyhtiö Kajo", "Espoo"),
    ),
    "swe": (
        Publisher("Förlaget Skärgård", "Helsingfors"),
        Publisher("Bokförlaget Fyren", "Åbo"),
        Publisher("Nordvik & Söner", "Stockholm"),
    ),
    "eng": (
        Publisher("Northlight Press", "London"),
        Publisher("Harbour & Finch", "Edinburgh"),
        Publisher("Bramblewood Books", "New York"),
    ),
    "rus": (
        Publisher("Издательство «Белый город»", "Москва"),
        Publisher("Северная книга", "Санкт-Петербург"),
    ),
    "est": (Publisher("Kirjastus Laine", "Tallinn"), Publisher("Kirjastus Kaseke", "Tartu")),
    "ara": (Publisher("Dar al-Qamar", "Beirut"), Publisher("Dar al-Nakhil", "Cairo")),
    "som": (Publisher("Iftiin Publishing", "Muqdisho"), Publisher("Daabacaadda Hiddo", "Hargeysa")),
}

# --- subjects (YSO) --------------------------------------------------------------------------------------

FICTION_TOPICS: tuple[Topic, ...] = (
    Topic("ystävyys", "vänskap", "p9000"),
    Topic("parisuhde", "parförhållande", "p2797"),
    Topic("sukupolvet", "generationer", "p2209"),
    Topic("naiset", "kvinnor", "p16991"),
    Topic("tytöt", "flickor", "p7196"),
    Topic("nuoret", "ungdomar", "p11617"),
    Topic("joulu", "jul", "p419"),
    Topic("talvisota", "vinterkriget", "p8904"),
    Topic("jatkosota", "fortsättningskriget", "p5943"),
    Topic("toinen maailmansota", "andra världskriget", "p8900"),
    Topic("maahanmuutto", "invandring", "p14542"),
    Topic("pakolaisuus", "flyktingskap", "p9977"),
    Topic("identiteetti", "identitet (självbild)", "p9743"),
    Topic("huumori", "humor", "p9239"),
    Topic("noidat", "häxor", "p2088"),
    Topic("magia", "magi", "p6089"),
    Topic("taiteilijat", "konstnärer", "p7017"),
    Topic("kirjailijat", "författare", "p8970"),
    Topic("kaupungit", "städer", "p1688"),
    Topic("perinne", "tradition", "p7037"),
    Topic("hiljaisuus", "tystnad", "p4692"),
    Topic("tulevaisuus", "framtid", "p817"),
    Topic("kriisit", "kriser", "p6173"),
    Topic("suomenruotsalaiset", "finlandssvenskar", "p3418"),
    Topic("kirjeet", "brev", "p8646"),
    Topic("elämäntapa", "livsstil", "p8760"),
    Topic("rakkaus", "kärlek"),
    Topic("perheet", "familjer"),
    Topic("lapsuus", "barndom"),
    Topic("saaristo", "skärgårdar"),
    Topic("muistot", "minnen"),
    Topic("salaisuudet", "hemligheter"),
)

NONFICTION_TOPICS: tuple[Topic, ...] = (
    Topic("historia", "historia", "p1780"),
    Topic("kulttuurihistoria", "kulturhistoria", "p18452"),
    Topic("filosofia", "filosofi", "p1056"),
    Topic("kasvatus", "fostran", "p476"),
    Topic("oppiminen", "inlärning", "p2945"),
    Topic("arkkitehtuuri", "arkitektur", "p8025"),
    Topic("kuvataide", "bildkonst", "p2739"),
    Topic("ympäristö", "miljö", "p6033"),
    Topic("politiikka", "politik", "p454"),
    Topic("sananvapaus", "yttrandefrihet", "p7003"),
    Topic("työelämä", "arbetsliv", "p16262"),
    Topic("hyvinvointi", "välfärd", "p1947"),
    Topic("harrastukset", "hobbyer", "p2901"),
    Topic("journalismi", "journalistik", "p1161"),
    Topic("tiede", "vetenskap", "p2240"),
    Topic("luovuus", "kreativitet", "p8311"),
    Topic("kansanperinne", "folktradition", "p1362"),
    Topic("sotahistoria", "krigshistoria", "p13199"),
    Topic("elämäkerrat", "biografier", "p11597"),
    Topic("muistelmat", "memoarer", "p8111"),
    Topic("ruoanvalmistus", "matlagning"),
    Topic("puutarhanhoito", "trädgårdsskötsel"),
    Topic("luonto", "natur"),
    Topic("matkailu", "turism"),
)

POPULAR_MUSIC_TOPICS: tuple[Topic, ...] = (
    Topic("rock", "rock (musik)", "p1882"),
    Topic("iskelmät", "schlager", "p1857"),
    Topic("laulut", "sånger", "p2371"),
    Topic("elokuvamusiikki", "filmmusik", "p17741"),
    Topic("viihdemusiikki", "underhållningsmusik", "p8434"),
    Topic("laulelmat", "visor", "p16293"),
)
ART_MUSIC_TOPICS: tuple[Topic, ...] = (
    Topic("musiikki", "musik", "p1808"),
    Topic("orkesterimusiikki", "orkestermusik", "p13806"),
    Topic("laulumusiikki", "vokalmusik", "p769"),
)
SCORE_TOPIC = Topic("nuottijulkaisut", "musikalier", "p2966")

MAGAZINE_TOPICS: tuple[Topic, ...] = (
    Topic("kulttuurilehdet", "kulturtidskrifter", "p1681"),
    Topic("harrastukset", "hobbyer", "p2901"),
    Topic("tiede", "vetenskap", "p2240"),
    Topic("kulttuuri", "kultur", "p372"),
    Topic("politiikka", "politik", "p454"),
    Topic("ruoanvalmistus", "matlagning"),
    Topic("puutarhanhoito", "trädgårdsskötsel"),
    Topic("veneily", "båtliv"),
)

COURSE_TOPICS: tuple[Topic, ...] = (
    Topic("aikuiskoulutus", "vuxenutbildning", "p300"),
    Topic("jatkuva koulutus", "kontinuerlig utbildning", "p14966"),
    Topic("osaaminen", "kunnande", "p8343"),
    Topic("ammatillinen kehitys", "professionell utveckling", "p13158"),
    Topic("urakehitys", "karriärutveckling", "p14983"),
    Topic("työelämä", "arbetsliv", "p16262"),
)

# Geographic names (651), all with verified YSO place ids.
PLACES: tuple[Topic, ...] = (
    Topic("Helsinki", "Helsingfors", "p94137"),
    Topic("Suomi", "Finland", "p94426"),
    Topic("Turku", "Åbo", "p94447"),
    Topic("Karjala", "Karelen", "p94192"),
    Topic("Porvoo", "Borgå", "p94352"),
    Topic("Uusimaa", "Nyland", "p94465"),
    Topic("Ruotsi", "Sverige", "p94383"),
    Topic("Venäjä", "Ryssland", "p94479"),
    Topic("Viro", "Estland", "p104987"),
    Topic("Pohjoismaat", "Norden", "p94350"),
    Topic("Eurooppa", "Europa", "p94111"),
    Topic("Yhdysvallat", "Förenta staterna", "p105078"),
    Topic("Saksa", "Tyskland", "p105087"),
    Topic("Turun saaristo", "Åbolands skärgård", "p105067"),
    Topic("Neuvostoliitto", "Sovjetunionen", "p94304"),
)

# --- genres and forms (SLM, 655 $2 slm/fin) -------------------------------------------------------------

NOVELS = Genre("romaanit", "romaner", "s518")
FICTION_GENRES: tuple[Genre, ...] = (
    NOVELS,
    Genre("novellit", "noveller", "s27"),
    Genre("historialliset romaanit", "historiska romaner", "s445"),
    Genre("fantasiakirjallisuus", "fantasylitteratur", "s1140"),
    Genre("perheromaanit", "familjeromaner", "s1154"),
    Genre("pienoisromaanit", "kortromaner", "s388"),
    Genre("kertomukset", "berättelser", "s618"),
    Genre("romanttinen jännityskirjallisuus", "romantisk spänningslitteratur", "s926"),
    Genre("elämäkertaromaanit", "biografiska romaner", "s770"),
)
FICTION = Genre("kaunokirjallisuus", "skönlitteratur", "s975")
TRANSLATIONS = Genre("käännökset", "översättningar", "s1044")
CHILDRENS_BOOKS = Genre("lastenkirjallisuus", "barnlitteratur", "s1181")
MUSIC_GENRES: tuple[Genre, ...] = (
    Genre("populaarimusiikki", "populärmusik", "s1218"),
    Genre("maailmanmusiikki", "världsmusik", "s1188"),
    Genre("perinnemusiikki", "traditionell musik", "s662"),
    Genre("hengellinen musiikki", "andlig musik", "s1139"),
)
ART_MUSIC = Genre("taidemusiikki", "konstmusik", "s474")
# Form terms Helmet adds for the carrier; the harvester reads them to tell the material apart.
EBOOKS = Genre("e-kirjat", "e-böcker")
AUDIOBOOKS = Genre("äänikirjat", "ljudböcker")
EMAGAZINES = Genre("e-lehdet", "e-tidskrifter")
ONLINE_COURSES = Genre("verkkokurssit", "webbkurser")

# Genres of the Finnish public libraries' supplementary fiction classification (Fiktiivisen aineiston
# lisäluokitus), written by Helmet as 084 with first indicator 9, and sent by ONIX feeds as scheme 80.
SHELF_GENRES: tuple[str, ...] = (
    "Eläimet",
    "Erä",
    "Fantasia",
    "Historia",
    "Huumori",
    "Jännitys",
    "Kauhu",
    "Rakkaus",
    "Scifi",
    "Seikkailu",
    "Sota",
    "Urheilu",
    "Uskonto",
)

# --- classification --------------------------------------------------------------------------------------

# YKL (Yleisten kirjastojen luokitusjärjestelmä), the public libraries' classification: the classes the
# generator writes in 084, with their captions for reference (records carry the code only). The captions
# of the main classes are shortened; 84.2 is as a Helmet librarian quotes it on kirjastot.fi, 78.891 and
# 99.1 as the issue names them.
YKL: dict[str, str] = {
    "0": "Yleisteokset",
    "1": "Filosofia. Psykologia",
    "3": "Yhteiskunta",
    "4": "Maantiede",
    "5": "Luonnontieteet",
    "6": "Soveltavat tieteet",
    "7": "Taiteet. Liikunta",
    "78": "Musiikki",
    "78.891": "Pop- ja rockmusiikki",
    "84": "Kertomakirjallisuus",
    "84.2": "Suomenkielinen kertomakirjallisuus",
    "9": "Historia",
    "99.1": "Elämäkerrat",
}
FINNISH_FICTION_CLASS = "84.2"
FICTION_CLASS = "84"
BIOGRAPHY_CLASS = "99.1"
MUSIC_CLASS = "78"
POP_ROCK_CLASS = "78.891"
NONFICTION_CLASSES: tuple[str, ...] = ("1", "3", "4", "5", "6", "7", "9")
MAGAZINE_CLASSES: tuple[str, ...] = ("0", "3", "5", "6", "7")

# Thema subject categories for ONIX feeds.
THEMA_FICTION: tuple[str, ...] = ("FBA", "FF", "FV", "FR", "FM", "FH")  # modern, crime, historical, romance…
THEMA_BIOGRAPHY = "DNB"
THEMA_CHILDREN = "YF"

# --- roles -----------------------------------------------------------------------------------------------

RELATORS: dict[Role, Relator] = {
    "author": Relator("aut", "kirjoittaja", "författare"),
    "translator": Relator("trl", "kääntäjä", "översättare"),
    "narrator": Relator("nrr", "lukija", "uppläsare"),
    "performer": Relator("prf", "esittäjä", "utförare"),
    "composer": Relator("cmp", "säveltäjä", "kompositör"),
    "lyricist": Relator("lyr", "sanoittaja", "textförfattare"),
    "illustrator": Relator("ill", "kuvittaja", "illustratör"),
    "instructor": Relator("ins", "kouluttaja", "instruktör"),
    "conductor": Relator("cnd", "kapellimestari", "dirigent"),
}
# ONIX ContributorRole (code list 17) for the roles that e-books and e-audiobooks have.
ONIX_ROLES: dict[Role, str] = {
    "author": "A01",
    "translator": "B06",
    "narrator": "E07",
    "illustrator": "A12",
}

# MARC 008/22 target audience and ONIX audience codes (list 28).
MARC_AUDIENCE: dict[Audience, str] = {"children": "j", "youth": "d", "adult": "e"}
ONIX_AUDIENCE: dict[Audience, str] = {"children": "02", "youth": "03", "adult": "01"}

# --- access -----------------------------------------------------------------------------------------------

EBOOK_VENDORS: tuple[Vendor, ...] = (
    Vendor(
        "Ellibs", "https://www.ellibslibrary.com/{library}/{number}", "Linkki e-kirjaan", "Länk till e-boken"
    ),
    Vendor(
        "OverDrive",
        "https://{library}.overdrive.com/media/{number}",
        "Lainaa OverDrivesta",
        "Låna från OverDrive",
    ),
    Vendor("Elisa Kirja", "https://kirja.elisa.fi/ekirja/{slug}", "Linkki e-kirjaan", "Länk till e-boken"),
    Vendor("Booky", "https://www.booky.fi/kirja/{number}", "Linkki e-kirjaan", "Länk till e-boken"),
)
AUDIOBOOK_VENDORS: tuple[Vendor, ...] = (
    Vendor(
        "Ellibs",
        "https://www.ellibslibrary.com/{library}/{number}",
        "Linkki e-äänikirjaan",
        "Länk till e-ljudboken",
    ),
    Vendor(
        "BookBeat",
        "https://www.bookbeat.com/fi/kirja/{slug}-{number}",
        "Kuuntele BookBeatissa",
        "Lyssna på BookBeat",
    ),
    Vendor(
        "OverDrive",
        "https://{library}.overdrive.com/media/{number}",
        "Lainaa OverDrivesta",
        "Låna från OverDrive",
    ),
)
MAGAZINE_VENDORS: tuple[Vendor, ...] = (
    Vendor(
        "PressReader",
        "https://www.pressreader.com/finland/{slug}",
        "Lue PressReaderissa",
        "Läs på PressReader",
    ),
    Vendor("Zinio", "https://www.zinio.com/fi/{slug}/m{number}", "Lue Ziniossa", "Läs på Zinio"),
)
MUSIC_VENDORS: tuple[Vendor, ...] = (
    Vendor(
        "Naxos Music Library",
        "https://{library}.naxosmusiclibrary.com/catalogue/item.asp?cid={number}",
        "Kuuntele Naxos Music Librarystä",
        "Lyssna i Naxos Music Library",
    ),
)
SCORE_VENDORS: tuple[Vendor, ...] = (
    Vendor(
        "Naxos Music Library",
        "https://{library}.naxosmusiclibrary.com/sheetmusic/{number}",
        "Nuotti Naxos Music Librarystä",
        "Noter i Naxos Music Library",
    ),
)
# Course providers: platforms that libraries license e-courses from.
COURSE_VENDORS: tuple[Vendor, ...] = (
    Vendor(
        "LinkedIn Learning", "https://www.linkedin.com/learning/{slug}", "Siirry kurssille", "Gå till kursen"
    ),
    Vendor(
        "Mango Languages",
        "https://learn.mangolanguages.com/course/{slug}",
        "Siirry kurssille",
        "Gå till kursen",
    ),
    Vendor("Eduhouse", "https://www.eduhouse.fi/kurssit/{slug}", "Siirry kurssille", "Gå till kursen"),
)
