"""A small corpus of real-looking Tajik, Russian and English search documents, for both backends.

Each entry gives its texts in the locales it was written in; the other locales get documents
with the texts of the first written locale along TG -> RU -> EN (as reading falls back), marked
`native=False`. Use `by_entry()` as the argument of `SearchBackend.replace`.

Words the tests rely on: Душанбе in a title (artwork 1), a subtitle (artist 1) and only a body
(story 3); Хуҷанд (Tajik) / Худжанд (Russian) / Khujand; Ҳунар alone (campaign 2) and in longer
words (story 1: Ҳунари, artwork 2: Ҳунарманд, event 1: ҳунармандони); Sabina next to Sabrina;
мардумӣ; Рудакӣ / Рудаки; Ғафурова / Гафурова; Қодирова / Кодирова; Раҳимова / Рахимова;
Сӯзанӣ / Сузани; Рашт (four letters).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from hub.enums import ContentType, Locale
from hub.i18n import LOCALES, chain_for
from hub.search.backend import Document

TG, RU, EN = Locale.TG, Locale.RU, Locale.EN
Texts = tuple[str, str, str]  # title, subtitle, body


def entry(
    type_: ContentType,
    entry_id: int,
    texts: Mapping[Locale, Texts],
    tags: tuple[str, ...] = (),
    day: int = 1,
) -> list[Document]:
    """The documents of one entry, one per locale, with fallback texts where none was written."""
    documents = []
    for locale in LOCALES:
        source = next(loc for loc in chain_for(locale, LOCALES) if loc in texts)
        title, subtitle, body = texts[source]
        documents.append(
            Document(
                type=type_,
                entry_id=entry_id,
                locale=locale,
                native=source == locale,
                title=title,
                subtitle=subtitle,
                body=body,
                tags=tags,
                published_at=datetime(2024, 5, day, 10, 0, tzinfo=UTC),
            )
        )
    return documents


ENTRIES: list[list[Document]] = [
    entry(ContentType.STORY, 1, {
        TG: ("Ҳунари мардумӣ дар Хуҷанд", "Зарина Қодирова",
             "Модарам ҳар шом сӯзанӣ медӯхт. Ман аз ӯ ёд гирифтам, ки ҳар нақш маъно дорад: "
             "анор барои фаровонӣ, офтоб барои умед. Имрӯз дар Хуҷанд ман ба духтарони ҷавон "
             "ин ҳунарро меомӯзонам."),
        RU: ("Народные ремёсла в Худжанде", "Зарина Кодирова",
             "Мама каждый вечер вышивала сюзане. Я узнала от неё, что у каждого узора есть "
             "смысл: гранат — к достатку, солнце — к надежде. Сегодня в Худжанде я учу этому "
             "ремеслу молодых девушек."),
        EN: ("Folk crafts in Khujand", "Zarina Qodirova",
             "Every evening my mother embroidered suzani. She taught me that every pattern "
             "has a meaning: the pomegranate for plenty, the sun for hope. Today in Khujand I "
             "teach this craft to young women."),
    }, tags=("crafts", "suzani"), day=2),
    entry(ContentType.STORY, 2, {
        TG: ("Сӯзании бибиам", "Малика Ҷӯраева",
             "Бибиам сӯзаниро бо дасти худ дӯхта буд ва онро ба ман мерос гузошт. Ҳоло ман "
             "ҳунарманд ҳастам ва корҳоямро дар бозори Душанбе мефурӯшам."),
    }, tags=("crafts", "family", "suzani"), day=3),
    entry(ContentType.STORY, 3, {
        RU: ("Дорога в школу", "Шахноза Исмоилова",
             "Каждое утро я шла пешком через перевал, а потом ехала на автобусе в Душанбе. "
             "Дорога занимала три часа, но я ни разу не пропустила урок."),
    }, tags=("education", "mountains"), day=4),
    entry(ContentType.STORY, 4, {
        EN: ("The mountains of Khorugh", "Farangis Nazarova",
             "In Khorugh the river is loud all night. I paint the peaks at dawn, before the "
             "light turns white, and sell the paintings at the bazaar on Saturdays."),
    }, tags=("mountains", "nature"), day=5),
    entry(ContentType.ARTIST, 1, {
        TG: ("Нигина Раҳимова", "Душанбе",
             "Нигина Раҳимова — рассоми рақамӣ. Дар корҳояш ӯ дар бораи зиндагии занон, "
             "орзуҳо ва ҷасорати онҳо нақл мекунад."),
        RU: ("Нигина Рахимова", "Душанбе",
             "Нигина Рахимова — цифровая художница. В своих работах она рассказывает о жизни "
             "женщин, их мечтах и смелости."),
        EN: ("Nigina Rahimova", "Dushanbe",
             "Nigina Rahimova is a digital artist. Her work tells of women's lives, their "
             "dreams and their courage."),
    }, day=6),
    entry(ContentType.ARTIST, 2, {
        TG: ("Мадина Ғафурова", "Хуҷанд",
             "Мадина Ғафурова аниматор аст. Филмҳои кӯтоҳи ӯ дар бораи духтарони деҳот "
             "мебошанд."),
        RU: ("Мадина Гафурова", "Худжанд",
             "Мадина Гафурова — аниматор. Её короткие фильмы рассказывают о девушках из сёл."),
        EN: ("Madina Ghafurova", "Khujand",
             "Madina Ghafurova is an animator. Her short films are about village girls."),
    }, day=7),
    entry(ContentType.ARTIST, 3, {
        TG: ("Сабрина Ҳакимова", "Истаравшан",
             "Сабрина тарроҳ аст ва барои китобҳои кӯдакон расм мекашад."),
        EN: ("Sabrina Hakimova", "Istaravshan",
             "Sabrina is a designer who draws for children's books."),
    }, day=8),
    entry(ContentType.ARTIST, 4, {
        TG: ("Сабина Юсуфова", "Панҷакент",
             "Сабина суратгир аст. Ӯ ҳаёти ҳаррӯзаи бозорҳои Панҷакентро акс мегирад."),
        RU: ("Сабина Юсуфова", "Пенджикент",
             "Сабина — фотограф. Она снимает повседневную жизнь рынков Пенджикента."),
    }, day=9),
    entry(ContentType.ARTWORK, 1, {
        TG: ("Душанбе дар борон", "Акварел", "Кӯчаҳои шаҳр пас аз борони баҳорӣ."),
        RU: ("Душанбе под дождём", "Акварель", "Улицы города после весеннего дождя."),
        EN: ("Dushanbe in the rain", "Watercolour", "The streets of the city after spring rain."),
    }, tags=("nature",), day=10),
    entry(ContentType.ARTWORK, 2, {
        TG: ("Ҳунарманд", "Қолин, пашм",
             "Қолини дастбоф бо нақшҳои кӯҳистон, ки дар Рашт бофта шудааст."),
        EN: ("The craftswoman", "Carpet, wool",
             "A hand-woven carpet with mountain patterns, made in Rasht."),
    }, tags=("crafts", "mountains"), day=11),
    entry(ContentType.COURSE, 1, {
        TG: ("Асосҳои аксбардорӣ", "Барои духтарони 16 то 25 сола",
             "Дар шаш дарс шумо бо камера, рӯшноӣ ва таҳрири аксҳо шинос мешавед."),
        RU: ("Основы фотографии", "Для девушек от 16 до 25 лет",
             "За шесть занятий вы освоите камеру, свет и обработку снимков."),
        EN: ("Photography basics", "For young women aged 16 to 25",
             "In six lessons you learn the camera, light and editing."),
    }, tags=("education",), day=12),
    entry(ContentType.MENTOR, 1, {
        TG: ("Шаҳноза Исмоилова", "Нависанда ва рӯзноманигор",
             "Шаҳноза ба духтарон дар навиштани ҳикояҳои шахсӣ кӯмак мекунад."),
        RU: ("Шахноза Исмоилова", "Писательница и журналистка",
             "Шахноза помогает девушкам писать личные истории."),
        EN: ("Shahnoza Ismoilova", "Writer and journalist",
             "Shahnoza helps young women write personal stories."),
    }, day=13),
    entry(ContentType.CAMPAIGN, 1, {
        TG: ("Аввал мактаб, баъд тӯй", "",
             "Ҳикояҳо ва расмҳо дар бораи духтароне, ки мехоҳанд таҳсилро идома диҳанд."),
        RU: ("Сначала школа, потом свадьба", "",
             "Истории и рисунки о девушках, которые хотят продолжить учёбу."),
        EN: ("School first, wedding later", "",
             "Stories and drawings about girls who want to stay in school."),
    }, tags=("education", "family"), day=14),
    entry(ContentType.CAMPAIGN, 2, {
        TG: ("Ҳунар — манбаи рӯзӣ", "",
             "Ҳунармандони ҷавон ёд мегиранд, ки корашонро чӣ тавр фурӯшанд."),
        RU: ("Ремесло — источник дохода", "",
             "Молодые мастерицы учатся продавать свои работы."),
    }, tags=("crafts",), day=15),
    entry(ContentType.EVENT, 1, {
        TG: ("Намоишгоҳи ҳунармандони Кӯлоб", "Осорхонаи миллӣ, Душанбе",
             "Қолинҳо, сӯзаниҳо ва зардӯзиҳои занони Кӯлоб."),
        RU: ("Выставка мастериц Куляба", "Национальный музей, Душанбе",
             "Ковры, сюзане и золотое шитьё женщин Куляба."),
        EN: ("Kulob craftswomen exhibition", "National Museum, Dushanbe",
             "Carpets, suzani and gold embroidery by the women of Kulob."),
    }, tags=("crafts",), day=16),
    entry(ContentType.EVENT, 2, {
        TG: ("Шеъри Рудакӣ дар девори мактаб", "Мактаби №5, Хуҷанд",
             "Духтарон байти Рудакиро бо рангҳои равшан дар девор навиштанд."),
        RU: ("Стихи Рудаки на стене школы", "Школа №5, Худжанд",
             "Девушки написали бейт Рудаки яркими красками на стене."),
        EN: ("Rudaki's verse on a school wall", "School No. 5, Khujand",
             "Girls painted a couplet by Rudaki on the wall in bright colours."),
    }, tags=("education",), day=17),
    entry(ContentType.STORY, 5, {
        RU: ("Сузани моей бабушки", "Малика Джураева",
             "Бабушка вышила это сузани своими руками и оставила его мне. Теперь я мастерица "
             "и продаю свои работы на базаре."),
    }, tags=("crafts", "family", "suzani"), day=18),
]  # fmt: skip

DOCUMENTS: tuple[Document, ...] = tuple(doc for docs in ENTRIES for doc in docs)
ENTRY_KEYS: frozenset[str] = frozenset(docs[0].entry_key for docs in ENTRIES)


def by_entry(documents: tuple[Document, ...] = DOCUMENTS) -> dict[str, list[Document]]:
    """Documents grouped by entry key: what `SearchBackend.replace` takes."""
    grouped: dict[str, list[Document]] = {}
    for doc in documents:
        grouped.setdefault(doc.entry_key, []).append(doc)
    return grouped
