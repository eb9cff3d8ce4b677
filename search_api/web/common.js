// Shared by the search page and the facet explorer: the interface strings, the state kept in the URL,
// calls to the JSON API, and DOM helpers that only ever insert API strings as text.

const LANGUAGES = ["fi", "sv", "en"];
const LANGUAGE_NAMES = { fi: "Suomi", sv: "Svenska", en: "English" };
export const PAGE_SIZE = 20;
export const MAX_RESULT_WINDOW = 10000;
// Facets in the order the pages show them.
export const FACET_ORDER = [
  "municipality",
  "material_type",
  "language",
  "year",
  "audience",
  "subject",
  "author",
  "genre",
  "classification",
  "publisher",
  "series",
];

// Interface strings. Facet *values* are labelled by the API (lang=); only what the page itself says is here.
// Exported for the test that checks every key exists in every language.
export const STRINGS = {
  fi: {
    appTitle: "Helmet-e-kirjasto",
    skip: "Siirry tuloksiin",
    languageSwitch: "Käyttöliittymän kieli",
    searchLabel: "Hae e-kirjaston aineistoa",
    searchPlaceholder: "Nimeke, tekijä, aihe tai ISBN",
    searchButton: "Hae",
    suggestions: "Ehdotukset",
    sortLabel: "Järjestys",
    "sort.relevance": "Osuvuus",
    "sort.newest": "Uusin ensin",
    "sort.oldest": "Vanhin ensin",
    "sort.title": "Nimeke A–Ö",
    resultsNone: "Ei tuloksia",
    resultsOne: "1 tulos",
    resultsMany: "{n} tulosta",
    searching: "Haetaan…",
    didYouMean: "Tarkoititko:",
    partialResults: "Kaikilla hakusanoilla ei löytynyt mitään. Tulokset ilman sanoja: {words}",
    failed: "Haku epäonnistui: {message}",
    filters: "Rajaa hakua",
    activeFilters: "Valitut rajaukset",
    removeFilter: "Poista rajaus {label}",
    clearFilters: "Poista kaikki rajaukset",
    yearFrom: "Vuodesta",
    yearTo: "Vuoteen",
    yearApply: "Rajaa vuodet",
    paging: "Sivut",
    previous: "Edellinen",
    next: "Seuraava",
    pageOf: "Sivu {page} / {pages}",
    availableIn: "Saatavilla:",
    close: "Sulje",
    similar: "Samankaltaisia",
    noSimilar: "Ei samankaltaisia teoksia.",
    holdings: "Saatavuus kunnittain",
    explorer: "Fasettiselain",
    backToSearch: "Hakuun",
    "kind.title": "Nimeke",
    "kind.author": "Tekijä",
    "kind.subject": "Aihe",
    "facet.municipality": "Kunta",
    "facet.material_type": "Aineistotyyppi",
    "facet.language": "Kieli",
    "facet.year": "Julkaisuvuosi",
    "facet.subject": "Aihe",
    "facet.author": "Tekijä",
    "facet.audience": "Kohderyhmä",
    "facet.genre": "Genre",
    "facet.classification": "Luokka (YKL)",
    "facet.publisher": "Kustantaja",
    "facet.series": "Sarja",
    "field.contributors": "Tekijät",
    "field.year": "Vuosi",
    "field.material": "Aineistotyyppi",
    "field.languages": "Kieli",
    "field.publisher": "Kustantaja",
    "field.series": "Sarja",
    "field.subjects": "Aiheet",
    "field.genres": "Genret",
    "field.extent": "Laajuus",
    "field.duration": "Kesto",
    "field.identifiers": "Tunnisteet",
    "field.merge": "Yhdistetty",
    mergeRecords: "{n} tietueesta ({reason})",
    "role.author": "kirjoittaja",
    "role.editor": "toimittaja",
    "role.translator": "kääntäjä",
    "role.illustrator": "kuvittaja",
    "role.composer": "säveltäjä",
    "role.lyricist": "sanoittaja",
    "role.performer": "esittäjä",
    "role.narrator": "lukija",
    "role.conductor": "kapellimestari",
    "role.instructor": "kouluttaja",
    "role.contained_work_author": "sisältyvän teoksen tekijä",
    "role.related_work_author": "liittyvän teoksen tekijä",
    "role.contributor": "muu tekijä",
    explorerTitle: "Fasettiselain",
    explorerIntro:
      "Haun ja rajausten jakaumat jokaisesta fasetista. Luvut tulevat suoraan rajapinnasta (/v1/search ja /v1/facets); jokaisen fasetin kaikki arvot voi ladata CSV-tiedostona.",
    explorerSearch: "Näytä",
    worksFound: "{n} teosta",
    worksFoundOne: "1 teos",
    topValues: "{shown} yleisintä arvoa; CSV-tiedostossa ovat kaikki.",
    allValues: "{shown} arvoa.",
    allValuesOne: "1 arvo.",
    downloadCsv: "Lataa CSV ({facet})",
    yearHistogram: "Julkaisuvuodet",
    yearChartLabel: "Teoksia julkaisuvuosittain {first}–{last}, enintään {max} vuodessa",
    showTable: "Näytä taulukkona",
    works: "Teoksia",
    crossTable: "Kunta × aineistotyyppi",
    crossNote: "Usean kunnan omistama teos lasketaan jokaisen kunnan riville.",
    total: "Yhteensä",
    toggleFilter: "Rajaa: {label}",
    noValues: "Ei arvoja.",
  },
  sv: {
    appTitle: "Helmet e-bibliotek",
    skip: "Hoppa till träffarna",
    languageSwitch: "Gränssnittets språk",
    searchLabel: "Sök i e-biblioteket",
    searchPlaceholder: "Titel, upphov, ämne eller ISBN",
    searchButton: "Sök",
    suggestions: "Förslag",
    sortLabel: "Sortering",
    "sort.relevance": "Relevans",
    "sort.newest": "Nyaste först",
    "sort.oldest": "Äldsta först",
    "sort.title": "Titel A–Ö",
    resultsNone: "Inga träffar",
    resultsOne: "1 träff",
    resultsMany: "{n} träffar",
    searching: "Söker…",
    didYouMean: "Menade du:",
    partialResults: "Inget hittades med alla sökord. Träffar utan orden: {words}",
    failed: "Sökningen misslyckades: {message}",
    filters: "Avgränsa sökningen",
    activeFilters: "Valda avgränsningar",
    removeFilter: "Ta bort avgränsningen {label}",
    clearFilters: "Ta bort alla avgränsningar",
    yearFrom: "Från år",
    yearTo: "Till år",
    yearApply: "Avgränsa åren",
    paging: "Sidor",
    previous: "Föregående",
    next: "Nästa",
    pageOf: "Sida {page} av {pages}",
    availableIn: "Tillgänglig i:",
    close: "Stäng",
    similar: "Liknande",
    noSimilar: "Inga liknande verk.",
    holdings: "Tillgänglighet per kommun",
    explorer: "Fasettutforskaren",
    backToSearch: "Till sökningen",
    "kind.title": "Titel",
    "kind.author": "Upphov",
    "kind.subject": "Ämne",
    "facet.municipality": "Kommun",
    "facet.material_type": "Materialtyp",
    "facet.language": "Språk",
    "facet.year": "Utgivningsår",
    "facet.subject": "Ämne",
    "facet.author": "Upphov",
    "facet.audience": "Målgrupp",
    "facet.genre": "Genre",
    "facet.classification": "Klass (YKL)",
    "facet.publisher": "Förlag",
    "facet.series": "Serie",
    "field.contributors": "Upphov",
    "field.year": "År",
    "field.material": "Materialtyp",
    "field.languages": "Språk",
    "field.publisher": "Förlag",
    "field.series": "Serie",
    "field.subjects": "Ämnen",
    "field.genres": "Genrer",
    "field.extent": "Omfång",
    "field.duration": "Längd",
    "field.identifiers": "Identifierare",
    "field.merge": "Sammanslaget",
    mergeRecords: "av {n} poster ({reason})",
    "role.author": "författare",
    "role.editor": "redaktör",
    "role.translator": "översättare",
    "role.illustrator": "illustratör",
    "role.composer": "kompositör",
    "role.lyricist": "textförfattare",
    "role.performer": "artist",
    "role.narrator": "uppläsare",
    "role.conductor": "dirigent",
    "role.instructor": "utbildare",
    "role.contained_work_author": "upphov till ingående verk",
    "role.related_work_author": "upphov till relaterat verk",
    "role.contributor": "medverkande",
    explorerTitle: "Fasettutforskaren",
    explorerIntro:
      "Fördelningen av varje fasett för sökningen och avgränsningarna. Siffrorna kommer direkt från API:et (/v1/search och /v1/facets); varje fasetts alla värden kan laddas ner som CSV.",
    explorerSearch: "Visa",
    worksFound: "{n} verk",
    worksFoundOne: "1 verk",
    topValues: "De {shown} vanligaste värdena; CSV-filen har alla.",
    allValues: "{shown} värden.",
    allValuesOne: "1 värde.",
    downloadCsv: "Ladda ner CSV ({facet})",
    yearHistogram: "Utgivningsår",
    yearChartLabel: "Verk per utgivningsår {first}–{last}, högst {max} per år",
    showTable: "Visa som tabell",
    works: "Verk",
    crossTable: "Kommun × materialtyp",
    crossNote: "Ett verk som flera kommuner har räknas på varje kommuns rad.",
    total: "Totalt",
    toggleFilter: "Avgränsa: {label}",
    noValues: "Inga värden.",
  },
  en: {
    appTitle: "Helmet e-library",
    skip: "Skip to results",
    languageSwitch: "Interface language",
    searchLabel: "Search the e-library",
    searchPlaceholder: "Title, author, subject or ISBN",
    searchButton: "Search",
    suggestions: "Suggestions",
    sortLabel: "Sort by",
    "sort.relevance": "Relevance",
    "sort.newest": "Newest first",
    "sort.oldest": "Oldest first",
    "sort.title": "Title A–Z",
    resultsNone: "No results",
    resultsOne: "1 result",
    resultsMany: "{n} results",
    searching: "Searching…",
    didYouMean: "Did you mean:",
    partialResults: "Nothing matched all your words. Results without: {words}",
    failed: "The search failed: {message}",
    filters: "Refine results",
    activeFilters: "Selected filters",
    removeFilter: "Remove filter {label}",
    clearFilters: "Clear all filters",
    yearFrom: "From year",
    yearTo: "To year",
    yearApply: "Limit years",
    paging: "Pages",
    previous: "Previous",
    next: "Next",
    pageOf: "Page {page} of {pages}",
    availableIn: "Available in:",
    close: "Close",
    similar: "Similar records",
    noSimilar: "No similar works.",
    holdings: "Holdings per municipality",
    explorer: "Facet explorer",
    backToSearch: "Back to search",
    "kind.title": "Title",
    "kind.author": "Author",
    "kind.subject": "Subject",
    "facet.municipality": "Municipality",
    "facet.material_type": "Material type",
    "facet.language": "Language",
    "facet.year": "Publication year",
    "facet.subject": "Subject",
    "facet.author": "Author",
    "facet.audience": "Audience",
    "facet.genre": "Genre",
    "facet.classification": "Class (YKL)",
    "facet.publisher": "Publisher",
    "facet.series": "Series",
    "field.contributors": "Contributors",
    "field.year": "Year",
    "field.material": "Material type",
    "field.languages": "Language",
    "field.publisher": "Publisher",
    "field.series": "Series",
    "field.subjects": "Subjects",
    "field.genres": "Genres",
    "field.extent": "Extent",
    "field.duration": "Duration",
    "field.identifiers": "Identifiers",
    "field.merge": "Merged",
    mergeRecords: "from {n} records ({reason})",
    "role.author": "author",
    "role.editor": "editor",
    "role.translator": "translator",
    "role.illustrator": "illustrator",
    "role.composer": "composer",
    "role.lyricist": "lyricist",
    "role.performer": "performer",
    "role.narrator": "narrator",
    "role.conductor": "conductor",
    "role.instructor": "instructor",
    "role.contained_work_author": "author of a contained work",
    "role.related_work_author": "author of a related work",
    "role.contributor": "contributor",
    explorerTitle: "Facet explorer",
    explorerIntro:
      "Every facet's distribution for the query and filters. The figures come straight from the API (/v1/search and /v1/facets); download any facet's every value as CSV.",
    explorerSearch: "Show",
    worksFound: "{n} works",
    worksFoundOne: "1 work",
    topValues: "The {shown} most common values; the CSV has them all.",
    allValues: "{shown} values.",
    allValuesOne: "1 value.",
    downloadCsv: "Download CSV ({facet})",
    yearHistogram: "Publication years",
    yearChartLabel: "Works per publication year {first}–{last}, at most {max} in a year",
    showTable: "Show as a table",
    works: "Works",
    crossTable: "Municipality × material type",
    crossNote: "A work held by several municipalities counts in each municipality's row.",
    total: "Total",
    toggleFilter: "Filter: {label}",
    noValues: "No values.",
  },
};

const NUMBER_FORMATS = Object.fromEntries(
  LANGUAGES.map((lang) => [lang, new Intl.NumberFormat(lang === "en" ? "en-GB" : lang)]),
);

/** The interface string `key` in `lang`, with {placeholders} filled in (numbers formatted). */
export function t(lang, key, values = {}) {
  const text = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => {
    const value = values[name];
    return typeof value === "number" ? NUMBER_FORMATS[lang].format(value) : String(value ?? "");
  });
}

export function formatNumber(lang, value) {
  return NUMBER_FORMATS[lang].format(value);
}

/** The page state as the URL holds it, so that back/forward and shared links restore it. */
export function readState(search = window.location.search) {
  const params = new URLSearchParams(search);
  const lang = params.get("lang");
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return {
    q: params.get("q") ?? "",
    filter: params.getAll("filter"),
    sort: params.get("sort") ?? "relevance",
    page: Number.isFinite(page) && page > 0 ? page : 1,
    lang: LANGUAGES.includes(lang) ? lang : "fi",
    record: params.get("record") ?? "",
  };
}

/** The query string of a state, defaults left out so that links stay short. */
export function stateQuery(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const filter of state.filter) params.append("filter", filter);
  if (state.sort && state.sort !== "relevance") params.set("sort", state.sort);
  if (state.page > 1) params.set("page", String(state.page));
  if (state.lang !== "fi") params.set("lang", state.lang);
  if (state.record) params.set("record", state.record);
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** An API URL with parameters; arrays become repeated parameters (filter=…&filter=…). */
export function apiUrl(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null && item !== "") query.append(name, String(item));
    }
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/** GET JSON from the API; a non-2xx answer throws an Error carrying the API's own `detail` message. */
export async function getJson(path, params, signal) {
  const response = await fetch(apiUrl(path, params), { headers: { Accept: "application/json" }, signal });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(body?.detail ?? `HTTP ${response.status}`);
  }
  return body;
}

/** `url` if it is an http(s) address, else null: a harvested link must never become a javascript: URL. */
export function webUrl(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
}

/** Create an element; string children become text nodes, never markup. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

/**
 * Append an API highlight (HTML-escaped text with <mark>) to `node`. It is parsed in an inert document and
 * only its text and <mark> elements are copied, so even a malformed highlight cannot add markup.
 */
export function appendHighlighted(node, marked) {
  const parsed = new DOMParser().parseFromString(`<body>${marked}</body>`, "text/html");
  for (const child of parsed.body.childNodes) {
    node.append(child.nodeName === "MARK" ? el("mark", {}, child.textContent) : child.textContent);
  }
}

/** Translate the static parts of a page: elements with data-i18n (text), data-i18n-placeholder, data-i18n-label. */
export function translatePage(lang) {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(lang, node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
    node.placeholder = t(lang, node.dataset.i18nPlaceholder);
  }
  for (const node of document.querySelectorAll("[data-i18n-label]")) {
    node.setAttribute("aria-label", t(lang, node.dataset.i18nLabel));
  }
}

/** Fill the language switch (three buttons); `onPick(lang)` is called with the chosen language. */
export function renderLanguageSwitch(container, current, onPick) {
  container.replaceChildren(
    ...LANGUAGES.map((lang) =>
      el(
        "button",
        { type: "button", lang, "aria-pressed": String(lang === current), onclick: () => onPick(lang) },
        LANGUAGE_NAMES[lang],
      ),
    ),
  );
}

/** `filter` values split into facet → [value], with year ranges kept as written. */
export function filtersByFacet(filters) {
  const byFacet = {};
  for (const filter of filters) {
    const colon = filter.indexOf(":");
    if (colon < 1) continue;
    (byFacet[filter.slice(0, colon)] ??= []).push(filter.slice(colon + 1));
  }
  return byFacet;
}

/** The filters with `facet:value` added, or removed when it is already there. */
export function toggleFilter(filters, facet, value) {
  const filter = `${facet}:${value}`;
  return filters.includes(filter) ? filters.filter((item) => item !== filter) : [...filters, filter];
}

/**
 * The selected filters as removable chips (and "clear all" when there are several); `labels` maps
 * facet → value → label from the API, `onChange(filters)` receives the filters that remain.
 */
export function renderActiveFilters(container, lang, filters, labels, onChange) {
  const chips = filters.map((item) => {
    const colon = item.indexOf(":");
    const facet = item.slice(0, colon);
    const value = item.slice(colon + 1);
    const label = `${t(lang, `facet.${facet}`)}: ${labels[facet]?.[value] ?? value}`;
    return el(
      "li",
      {},
      el(
        "button",
        {
          type: "button",
          class: "chip",
          "aria-label": t(lang, "removeFilter", { label }),
          onclick: () => onChange(filters.filter((other) => other !== item)),
        },
        label,
        el("span", { "aria-hidden": "true" }, " ×"),
      ),
    );
  });
  if (!chips.length) {
    container.replaceChildren();
    return;
  }
  container.replaceChildren(
    el("h2", { class: "visually-hidden" }, t(lang, "activeFilters")),
    el("ul", { class: "chips" }, chips),
    chips.length > 1
      ? el("button", { type: "button", class: "link-button", onclick: () => onChange([]) }, t(lang, "clearFilters"))
      : "",
  );
}

/** facet → value → label, from lists of {value, label} per facet as the API returns them. */
export function labelMaps(valuesByFacet) {
  return Object.fromEntries(
    Object.entries(valuesByFacet).map(([facet, values]) => [
      facet,
      Object.fromEntries(values.map((value) => [value.value, value.label])),
    ]),
  );
}
