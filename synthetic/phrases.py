"""Title words, ready-made titles and description sentences per language, for :mod:`synthetic.titles`.

Words are stored in the forms the title patterns need (Finnish genitives, Russian adjectives in all three
genders, Swedish nouns with the article their definite form takes), so that every generated title is
grammatical: "Talvisodan lapset", "Den sista sommaren", "Тихая река", "Mere laul", "أسرار البحر".
"""

from __future__ import annotations

from typing import NamedTuple

# --- Finnish ---------------------------------------------------------------------------------------------

FI_GENITIVES = (
    "Talvisodan",
    "Kesäyön",
    "Meren",
    "Saariston",
    "Pohjolan",
    "Isoäidin",
    "Kaupungin",
    "Majakan",
    "Järven",
    "Metsän",
    "Revontulten",
    "Syksyn",
    "Kevään",
    "Lapin",
    "Tunturin",
    "Sodan",
    "Rannan",
    "Kirjaston",
    "Hiljaisuuden",
    "Unohduksen",
    "Lumen",
    "Tuulen",
    "Satamakaupungin",
    "Kartanon",
    "Jäänmurtajan",
)
FI_HEADS_SINGULAR = (
    "unelma",
    "tytär",
    "poika",
    "salaisuus",
    "laulu",
    "muisti",
    "valo",
    "perintö",
    "kirje",
    "talo",
    "kesä",
    "ääni",
    "aika",
    "tarina",
    "lupaus",
    "vartija",
    "morsian",
    "kuningatar",
    "matka",
    "yö",
)
FI_HEADS_PLURAL = (
    "lapset",
    "varjot",
    "muistot",
    "sisaret",
    "veljekset",
    "kirjeet",
    "linnut",
    "naiset",
    "kasvot",
    "askeleet",
    "unet",
    "tähdet",
)
# Adjectives as (singular, plural) nominatives, to agree with the head noun.
FI_ADJECTIVES = (
    ("hiljainen", "hiljaiset"),
    ("viimeinen", "viimeiset"),
    ("kadonnut", "kadonneet"),
    ("pieni", "pienet"),
    ("kylmä", "kylmät"),
    ("valkoinen", "valkoiset"),
    ("pitkä", "pitkät"),
    ("sininen", "siniset"),
    ("unohdettu", "unohdetut"),
    ("salainen", "salaiset"),
    ("vieras", "vieraat"),
    ("kultainen", "kultaiset"),
)
# Given names with their genitives (consonant gradation makes them irregular).
FI_NAME_GENITIVES = (
    ("Anna", "Annan"),
    ("Aino", "Ainon"),
    ("Helmi", "Helmin"),
    ("Ilmari", "Ilmarin"),
    ("Kaisa", "Kaisan"),
    ("Elina", "Elinan"),
    ("Eero", "Eeron"),
    ("Saara", "Saaran"),
    ("Maria", "Marian"),
    ("Lauri", "Laurin"),
)
FI_TITLES = (
    "Lumen alla",
    "Ennen kuin jää lähtee",
    "Äidin kädet",
    "Sateen jälkeen",
    "Kotiin ennen pimeää",
    "Isän vene",
    "Yö Saimaalla",
    "Kaikki mitä en sanonut",
    "Pihlajan kukkiessa",
)
FI_SUBTITLES = ("romaani", "romaani", "novelleja", "kertomuksia", "jännitysromaani", "historiallinen romaani")

# --- Swedish ---------------------------------------------------------------------------------------------


class SwedishNoun(NamedTuple):
    """A noun in its definite form with the article an adjective before it takes (den, det, de)."""

    article: str
    definite: str


SV_NOUNS = (
    SwedishNoun("den", "sommaren"),
    SwedishNoun("den", "vintern"),
    SwedishNoun("det", "huset"),
    SwedishNoun("den", "flickan"),
    SwedishNoun("den", "fyren"),
    SwedishNoun("det", "brevet"),
    SwedishNoun("de", "systrarna"),
    SwedishNoun("de", "böckerna"),
    SwedishNoun("de", "fåglarna"),
    SwedishNoun("den", "hemligheten"),
    SwedishNoun("den", "ön"),
    SwedishNoun("den", "båten"),
    SwedishNoun("det", "ljuset"),
    SwedishNoun("den", "trädgården"),
    SwedishNoun("de", "breven"),
)
SV_WEAK_ADJECTIVES = ("sista", "tysta", "gamla", "stora", "blå", "långa", "mörka", "glömda", "ljusa", "vita")
SV_PLACES = (
    "vid havet",
    "i skogen",
    "på ön",
    "från Åbo",
    "i Helsingfors",
    "bortom fjärden",
    "under isen",
    "vid sjön",
    "på Åland",
    "i skären",
    "i mitt liv",
)
SV_TITLES = (
    "När isen bär",
    "Mormors kökstrappa",
    "Vågornas sång",
    "Över fjärden",
)
SV_SUBTITLES = ("roman", "roman", "noveller", "en kriminalroman", "berättelser")

# --- English ---------------------------------------------------------------------------------------------

EN_OCCUPATIONS = (
    "Ferryman",
    "Cartographer",
    "Beekeeper",
    "Glassblower",
    "Lighthouse Keeper",
    "Bookbinder",
    "Archivist",
    "Boatbuilder",
    "Harbourmaster",
    "Weaver",
)
EN_RELATIONS = ("Daughter", "Son", "Widow", "Apprentice", "Secret", "Promise", "Letters", "Garden")
EN_NOUNS = (
    "Island",
    "Winter",
    "Harbour",
    "House",
    "Silence",
    "Tide",
    "Orchard",
    "Forest",
    "Shore",
    "Lantern",
)
EN_ADJECTIVES = (
    "Quiet",
    "Northern",
    "Last",
    "Hidden",
    "Frozen",
    "Distant",
    "Little",
    "Lost",
    "Silver",
    "Long",
)
EN_PLACES = ("Helsinki", "Turku", "the North", "the Islands", "Lapland", "the Baltic", "Porvoo")
EN_SEASONS = ("Winter", "Summer", "Spring", "Season")
EN_SUBTITLES = ("A Novel", "A Novel", "Stories", "A Mystery")

# --- Russian ---------------------------------------------------------------------------------------------

RU_NOUNS: dict[str, tuple[str, ...]] = {
    "masculine": ("дом", "сад", "город", "ветер", "снег", "берег"),
    "feminine": ("ночь", "река", "дорога", "дочь", "зима", "весна", "память", "тишина"),
    "neuter": ("лето", "море", "окно", "небо", "озеро"),
}
# Adjectives as (masculine, feminine, neuter).
RU_ADJECTIVES = (
    ("белый", "белая", "белое"),
    ("тихий", "тихая", "тихое"),
    ("последний", "последняя", "последнее"),
    ("далёкий", "далёкая", "далёкое"),
    ("старый", "старая", "старое"),
    ("северный", "северная", "северное"),
    ("холодный", "холодная", "холодное"),
)
RU_TITLES = (
    "Дом у реки",
    "Письма из Хельсинки",
    "Белые ночи над заливом",
    "Снег в апреле",
    "Сад на краю города",
)
RU_SUBTITLES = ("роман", "повесть", "рассказы")

# --- Estonian --------------------------------------------------------------------------------------------

ET_GENITIVES = (
    "Mere",
    "Talve",
    "Suve",
    "Metsa",
    "Öö",
    "Linna",
    "Kodu",
    "Jõe",
    "Tuule",
    "Kevade",
    "Saare",
    "Raba",
)
ET_HEADS = (
    "laul",
    "lapsed",
    "tütar",
    "saladus",
    "aeg",
    "valgus",
    "tee",
    "unistus",
    "mälestused",
    "hääl",
    "vari",
    "kiri",
)
ET_SUBTITLES = ("romaan", "jutud")

# --- Arabic ----------------------------------------------------------------------------------------------

# A noun in the construct state followed by a definite noun: "secrets of the sea", "nights of the north".
AR_HEADS = ("ليالي", "أسرار", "رحلة", "ذاكرة", "بيت", "حديقة", "أغنية", "ابنة", "ظلال", "رسائل")
AR_GENITIVES = ("البحر", "الصحراء", "المدينة", "الشتاء", "القمر", "الياسمين", "الغربة", "النهر", "الشمال")
AR_SUBTITLES = ("رواية", "قصص")

# --- Somali ----------------------------------------------------------------------------------------------

SO_NOUNS = (
    "Jacayl",
    "Nabad",
    "Roob",
    "Dhul",
    "Badda",
    "Hooyo",
    "Geel",
    "Xiddigo",
    "Iftiin",
    "Guri",
    "Dayax",
    "Socdaal",
)
SO_TITLES = ("Sheeko-xariirooyin Soomaaliyeed", "Magaalada iftiinka", "Habeenkii roobka")
SO_SUBTITLES = ("sheeko",)

# --- non-fiction -----------------------------------------------------------------------------------------

# A non-fiction title is its subject ("Puutarhanhoito") with one of these subtitles.
NONFICTION_SUBTITLES: dict[str, tuple[str, ...]] = {
    "fin": ("käytännön opas", "historia ja nykypäivä", "johdatus aiheeseen", "kertomuksia ja muistoja"),
    "swe": ("en praktisk guide", "historia och nutid", "en introduktion"),
}
EN_NONFICTION_TITLES = (
    "A Short History of the Baltic",
    "The Northern Garden",
    "Cooking with the Seasons",
    "Living with Less",
    "The Art of Slow Travel",
    "Birds of the Archipelago",
    "How Cities Remember",
    "Sleep and the Modern Mind",
)
BIOGRAPHY_SUBTITLES: dict[str, str] = {"fin": "elämäkerta", "swe": "en biografi", "eng": "A Life"}

# --- magazines, music, courses ---------------------------------------------------------------------------

MAGAZINE_TITLES: dict[str, tuple[str, ...]] = {
    "fin": (
        "Kaupunkiviljelijä",
        "Retkeilijä",
        "Tiedeviikko",
        "Kotikokki",
        "Purjehtija",
        "Lukulamppu",
        "Kädentaitaja",
    ),
    "swe": ("Skärgårdsliv", "Trädgårdsvännen", "Vetenskapsveckan", "Båtfolk"),
    "eng": ("Northern Naturalist", "Modern Kitchen", "Field & Fjord", "The Reading Room"),
    "rus": ("Северный сад", "Новости науки", "Домашняя кухня"),
}
FREQUENCIES: dict[str, tuple[tuple[str, str], ...]] = {
    # (310 text, 008/18 frequency code)
    "fin": (
        ("Ilmestyy kuukausittain", "m"),
        ("Ilmestyy 6 kertaa vuodessa", "b"),
        ("Ilmestyy viikoittain", "w"),
    ),
    "swe": (("Utkommer månatligen", "m"), ("Utkommer 6 gånger per år", "b"), ("Utkommer varje vecka", "w")),
}

RECORDING_TITLES: dict[str, tuple[str, ...]] = {
    "fin": (
        "Kesäyön valssi",
        "Satamaan",
        "Pohjoinen tähti",
        "Hiljaa yössä",
        "Kaupungin valot",
        "Sinisen hetken laulut",
    ),
    "swe": ("Sånger från skären", "Nordanvind", "Sommarnatt", "Visor vid havet"),
    "eng": ("Paper Moon Harbour", "Northern Lights", "Songs for the Long Night", "Quiet Rooms"),
    "zxx": ("Orkesteriteoksia", "Pianokonsertot", "Jousikvartetot", "Sinfoniset runot", "Sonaatteja"),
}
SCORE_TITLES = (
    "Valittuja pianokappaleita",
    "Lauluja lapsille",
    "Kuorolauluja",
    "Pianosonaatteja",
    "Sonaatteja viululle ja pianolle",
    "Joululauluja",
    "Helppoja kappaleita kitaralle",
)


class Course(NamedTuple):
    """An online course: its title and what it teaches (a subject the record gets as its first topic)."""

    title: str
    subject_fin: str
    subject_swe: str


COURSES: dict[str, tuple[Course, ...]] = {
    "fin": (
        Course("Python-ohjelmoinnin alkeet", "ohjelmointi", "programmering"),
        Course("Excel-taulukkolaskennan perusteet", "taulukkolaskenta", "kalkylering"),
        Course("Valokuvauksen perusteet", "valokuvaus", "fotografering"),
        Course("Digitaalisen markkinoinnin perusteet", "markkinointi", "marknadsföring"),
        Course("Ruotsia aloittelijoille", "ruotsin kieli", "svenska"),
        Course("Englannin keskustelukurssi", "englannin kieli", "engelska"),
        Course("Työnhaku verkossa", "työnhaku", "arbetssökande"),
    ),
    "swe": (
        Course("Finska för nybörjare", "suomen kieli", "finska"),
        Course("Grunderna i fotografering", "valokuvaus", "fotografering"),
        Course("Programmering med Python", "ohjelmointi", "programmering"),
    ),
    "eng": (
        Course("Project Management Foundations", "projektinhallinta", "projektledning"),
        Course("Photography Basics", "valokuvaus", "fotografering"),
        Course("Learning Python", "ohjelmointi", "programmering"),
        Course("Excel Essential Training", "taulukkolaskenta", "kalkylering"),
        Course("Public Speaking for Beginners", "puhetaito", "talarkonst"),
    ),
}
COURSE_LEVELS: dict[str, tuple[str, ...]] = {
    "fin": ("perustaso", "jatkotaso", "syventävä taso"),
    "swe": ("grundnivå", "fortsättningsnivå"),
    "eng": ("Beginner", "Intermediate", "Advanced"),
}

# --- descriptions (520) ----------------------------------------------------------------------------------

FICTION_BLURBS: dict[str, tuple[str, ...]] = {
    "fin": (
        "Lämminhenkinen romaani ihmisistä, jotka etsivät paikkaansa maailmassa.",
        "Jännittävä kertomus, jossa mikään ei ole sitä, miltä näyttää.",
        "Tarina ystävyydestä, menetyksestä ja uuden alun mahdollisuudesta.",
        "Kirja vie lukijan kolmen sukupolven matkalle halki vuosikymmenten.",
        "Humoristinen ja koskettava kuvaus arjesta ja sen pienistä ihmeistä.",
        "Tiivistunnelmainen romaani perhesalaisuuksista ja niiden hinnasta.",
    ),
    "swe": (
        "En varm roman om människor som söker sin plats i världen.",
        "En spännande berättelse där ingenting är vad det ser ut att vara.",
        "En berättelse om vänskap, förlust och möjligheten till en ny början.",
        "En humoristisk och gripande skildring av vardagen och dess små under.",
    ),
    "eng": (
        "A warm-hearted novel about people searching for their place in the world.",
        "A gripping story in which nothing is quite what it seems.",
        "A tale of friendship, loss and the chance of a new beginning.",
        "A funny and moving portrait of everyday life and its small miracles.",
    ),
    "rus": (
        "Тёплый роман о людях, которые ищут своё место в мире.",
        "Захватывающая история, в которой ничто не является тем, чем кажется.",
        "Рассказ о дружбе, утрате и надежде на новое начало.",
    ),
    "est": (
        "Soe romaan inimestest, kes otsivad oma kohta maailmas.",
        "Põnev lugu, milles miski pole see, mis paistab.",
        "Lugu sõprusest, kaotusest ja uue alguse võimalusest.",
    ),
    "ara": (
        "رواية دافئة عن أناس يبحثون عن مكانهم في العالم.",
        "قصة مشوقة لا شيء فيها كما يبدو.",
        "حكاية عن الصداقة والفقد وإمكانية بداية جديدة.",
    ),
    "som": ("Sheeko ku saabsan jacayl, qoys iyo rajo.", "Sheeko ku saabsan saaxiibtinimo iyo socdaal dheer."),
}
NONFICTION_BLURBS: dict[str, tuple[str, ...]] = {
    "fin": (
        "Selkeä ja käytännönläheinen johdatus aiheeseen.",
        "Teos kokoaa yhteen uusinta tietoa ja käytännön esimerkkejä.",
    ),
    "swe": (
        "En tydlig och praktisk introduktion till ämnet.",
        "Boken samlar ny kunskap och praktiska exempel.",
    ),
    "eng": (
        "A clear and practical introduction to the subject.",
        "Brings together new research and practical examples.",
    ),
}
MAGAZINE_BLURBS: dict[str, str] = {
    "fin": "Lehti tarjoaa ajankohtaisia artikkeleita, haastatteluja ja vinkkejä.",
    "swe": "Tidningen erbjuder aktuella artiklar, intervjuer och tips.",
    "eng": "The magazine offers topical articles, interviews and tips.",
    "rus": "Журнал публикует актуальные статьи, интервью и советы.",
}
MUSIC_BLURBS: dict[str, str] = {
    "fin": "Levyllä kuullaan sekä uusia kappaleita että tuttuja suosikkeja.",
    "swe": "Skivan bjuder på både nya låtar och kära favoriter.",
    "eng": "New songs alongside well-loved favourites.",
    "zxx": "Tallenne sisältää teoksia säveltäjän eri kausilta.",
}
SCORE_BLURB = "Nuottijulkaisu sisältää teoksia eri vaikeustasoille."
COURSE_BLURBS: dict[str, str] = {
    "fin": "Verkkokurssi etenee lyhyinä videoina ja harjoituksina omaan tahtiin.",
    "swe": "Webbkursen består av korta videor och övningar i egen takt.",
    "eng": "The online course proceeds in short videos and exercises at your own pace.",
}
# How a description names its topics ("Aiheina ystävyys, joulu ja perheet.") and who reads an audiobook.
TOPICS_SENTENCE: dict[str, tuple[str, str]] = {"fin": ("Aiheina {}.", "ja"), "swe": ("Teman: {}.", "och")}
NARRATOR_SENTENCE: dict[str, str] = {
    "fin": "Äänikirjan lukee {}.",
    "swe": "Uppläsare: {}.",
    "eng": "Read by {}.",
    "rus": "Читает {}.",
    "est": "Loeb {}.",
    "ara": "بصوت {}.",
    "som": "Waxaa akhriyay {}.",
}
