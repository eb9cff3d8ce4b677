"""Hand-written works for the demo that exercise search and merging, each held by chosen municipalities.

Random titles rarely hit the cases a demo should show, so these are fixed: a Finnish compound-word title
("Kirjastokortti ja muita tarinoita"), inflected forms ("Koirien kesä", "Kirjastossa kummittelee"), a
Swedish plural ("Böckerna i mitt liv"), letters å/ä/ö, Russian classics in Cyrillic and in Finnish
translation (so that "Dostojevski" must find "Достоевский"), and one work in each of the other
languages. The classics are in the public domain; every other person named here is invented.
"""

from __future__ import annotations

from typing import NamedTuple

from indexer.record import Municipality
from synthetic.vocabulary import FICTION_TOPICS, NONFICTION_TOPICS, POPULAR_MUSIC_TOPICS, Topic
from synthetic.works import Credit, WorkOverrides

_KNOWN_TOPICS = {topic.fin: topic for topic in (*FICTION_TOPICS, *NONFICTION_TOPICS, *POPULAR_MUSIC_TOPICS)}


def _topics(*labels: str) -> tuple[Topic, ...]:
    return tuple(_KNOWN_TOPICS[label] for label in labels)


class ShowcaseWork(NamedTuple):
    work: WorkOverrides
    holders: tuple[Municipality, ...]


ALL: tuple[Municipality, ...] = ("espoo", "helsinki", "vantaa", "kauniainen")

SHOWCASE: tuple[ShowcaseWork, ...] = (
    ShowcaseWork(
        WorkOverrides(
            "ebook",
            "fin",
            "Kirjastokortti ja muita tarinoita",
            (Credit("Lehtonen, Outi", "author"),),
            subtitle="novelleja",
            topics=_topics("kirjailijat", "ystävyys", "huumori"),
        ),
        ALL,
    ),
    ShowcaseWork(
        WorkOverrides(
            "eaudiobook",
            "fin",
            "Koirien kesä",
            (Credit("Saarinen, Eero", "author"), Credit("Kallio, Leena", "narrator")),
            topics=_topics("lapsuus", "ystävyys", "saaristo"),
        ),
        ("espoo", "helsinki", "vantaa"),
    ),
    ShowcaseWork(
        WorkOverrides(
            "ebook",
            "fin",
            "Kirjastossa kummittelee",
            (Credit("Heikkinen, Aino", "author"), Credit("Laine, Mikko", "illustrator")),
            topics=_topics("noidat", "magia", "lapsuus"),
            audience="children",
        ),
        ("helsinki", "vantaa"),
    ),
    ShowcaseWork(
        WorkOverrides(
            "ebook",
            "swe",
            "Böckerna i mitt liv",
            (Credit("Sjöberg, Karin", "author"),),
            subtitle="roman",
            topics=_topics("kirjailijat", "muistot", "suomenruotsalaiset"),
        ),
        ("espoo", "helsinki", "kauniainen"),
    ),
    ShowcaseWork(
        WorkOverrides(
            "ebook",
            "rus",
            "Преступление и наказание",
            (Credit("Достоевский, Фёдор", "author"),),
            subtitle="роман",
        ),
        ("helsinki", "vantaa", "espoo"),
    ),
    ShowcaseWork(
        WorkOverrides("ebook", "rus", "Война и мир", (Credit("Толстой, Лев", "author"),), subtitle="роман"),
        ("helsinki", "espoo"),
    ),
    ShowcaseWork(
        WorkOverrides(
            "ebook",
            "fin",
            "Rikos ja rangaistus",
            (Credit("Dostojevski, Fjodor", "author"), Credit("Kallio, Sanna", "translator")),
            subtitle="romaani",
            original_language="rus",
            original_title="Преступление и наказание",
        ),
        ("espoo", "kauniainen", "vantaa"),
    ),
    ShowcaseWork(
        WorkOverrides(
            "eaudiobook",
            "fin",
            "Kesäyön unelma",
            (Credit("Mäkelä, Sanna", "author"), Credit("Nieminen, Riikka", "narrator")),
            topics=_topics("rakkaus", "saaristo", "perheet"),
        ),
        ALL,
    ),
    ShowcaseWork(
        WorkOverrides(
            "ebook",
            "fin",
            "Talvisodan lapset",
            (Credit("Järvinen, Ilmari", "author"),),
            subtitle="romaani",
            topics=_topics("talvisota", "lapsuus", "perheet"),
        ),
        ("espoo", "vantaa"),
    ),
    ShowcaseWork(
        WorkOverrides(
            "ebook",
            "fin",
            "Jäätyneet järvet",
            (Credit("Väisänen, Noora", "author"),),
            subtitle="jännitysromaani",
        ),
        ("helsinki", "kauniainen"),
    ),
    ShowcaseWork(
        WorkOverrides(
            "eaudiobook",
            "swe",
            "Höstens ljus",
            (Credit("Lindroos, Åsa", "author"), Credit("Backman, Nils", "narrator")),
            topics=_topics("muistot", "saaristo"),
        ),
        ("helsinki", "kauniainen"),
    ),
    ShowcaseWork(
        WorkOverrides(
            "ebook", "swe", "Ålandsfärjan", (Credit("Åström, Nils", "author"),), subtitle="en kriminalroman"
        ),
        ("espoo",),
    ),
    ShowcaseWork(
        WorkOverrides(
            "ebook",
            "eng",
            "The Lighthouse Keeper's Letters",
            (Credit("Whitaker, Emily", "author"),),
            subtitle="A Novel",
        ),
        ("helsinki", "espoo", "kauniainen"),
    ),
    ShowcaseWork(
        WorkOverrides("ebook", "est", "Mere laul", (Credit("Tamm, Kadri", "author"),), subtitle="romaan"),
        ("helsinki", "vantaa"),
    ),
    ShowcaseWork(
        WorkOverrides(
            "ebook",
            "ara",
            "أسرار البحر",
            (Credit("Haddad, Salma", "author"),),
            subtitle="رواية",
            unnumbered=True,
        ),
        ("helsinki", "espoo"),
    ),
    ShowcaseWork(
        WorkOverrides(
            "ebook", "som", "Jacayl iyo nabad", (Credit("Warsame, Hodan", "author"),), unnumbered=True
        ),
        ("helsinki", "vantaa"),
    ),
    ShowcaseWork(
        WorkOverrides("score", "fin", "Valittuja pianokappaleita", (Credit("Sibelius, Jean", "composer"),)),
        ("espoo", "helsinki"),
    ),
    ShowcaseWork(
        WorkOverrides(
            "recording",
            "fin",
            "Kesäyön valssi",
            (Credit("Korhonen, Johanna", "performer"), Credit("Koskinen, Lauri", "lyricist")),
            topics=_topics("iskelmät", "laulut"),
        ),
        ("helsinki", "vantaa"),
    ),
    ShowcaseWork(
        WorkOverrides(
            "course", "fin", "Python-ohjelmoinnin alkeet", (Credit("Koskinen, Tuomas", "instructor"),)
        ),
        ("espoo", "helsinki", "vantaa"),
    ),
)
