// The search page: search box with suggestions, results, facets, sorting, paging and the record dialog.
// Everything shown comes from /v1/search, /v1/suggest and /v1/records; the state lives in the URL.

import {
  FACET_ORDER,
  MAX_RESULT_WINDOW,
  PAGE_SIZE,
  appendHighlighted,
  el,
  filtersByFacet,
  formatNumber,
  getJson,
  labelMaps,
  readState,
  renderActiveFilters,
  renderLanguageSwitch,
  stateQuery,
  t,
  toggleFilter,
  translatePage,
  webUrl,
} from "./common.js";

const MATERIAL_ICONS = new Set(["ebook", "eaudiobook", "emagazine", "music", "course", "other"]);
const OPEN_BY_DEFAULT = new Set(["municipality", "material_type", "language", "year"]);
const SUGGEST_DELAY_MS = 150;

const ui = Object.fromEntries(
  [
    "search-form", "q", "suggestions", "sort", "result-count", "hits", "pager", "facet-groups",
    "facets-toggle", "active-filters", "did-you-mean", "partial", "error", "record", "record-body", "record-close",
    "language-switch", "explorer-link", "results",
  ].map((id) => [id.replace(/-(\w)/g, (_, c) => c.toUpperCase()), document.getElementById(id)]),
);

let state = readState();
let renderedSearch = null; // the search (URL without the record) on screen, null: none yet
let renderedRecord = null; // the record and language in the dialog
let shownQuery = null; // the query last put into the search box
let searchController = null;
let recordController = null;
const facetOpen = new Map(); // facet → open, as the user last left it

// ---- navigation: every change goes through the URL -------------------------------------------------------

function navigate(changes) {
  state = { ...state, ...changes };
  window.history.pushState(null, "", `${window.location.pathname}${stateQuery(state)}`);
  render();
}

window.addEventListener("popstate", () => {
  state = readState();
  render();
});

function linkTo(changes, label, attributes = {}) {
  return el(
    "a",
    {
      href: stateQuery({ ...state, ...changes }) || "/",
      ...attributes,
      onclick: (event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(changes);
      },
    },
    label,
  );
}

function render() {
  const { lang } = state;
  translatePage(lang);
  document.title = state.q ? `${state.q} – ${t(lang, "appTitle")}` : t(lang, "appTitle");
  renderLanguageSwitch(ui.languageSwitch, lang, (picked) => navigate({ lang: picked }));
  if (state.q !== shownQuery) {
    ui.q.value = state.q; // only when the query changed: closing a record must not undo typing
    shownQuery = state.q;
  }
  ui.sort.value = state.sort;
  ui.explorerLink.href = `/analytics${stateQuery({ q: state.q, filter: state.filter, lang, page: 1 })}`;
  const searchKey = stateQuery({ ...state, record: "" });
  if (searchKey !== renderedSearch) runSearch(searchKey);
  const recordKey = `${state.record}|${lang}`;
  if (recordKey !== renderedRecord) showRecord(recordKey);
}

// ---- search ----------------------------------------------------------------------------------------------

async function runSearch(searchKey) {
  searchController?.abort();
  const controller = new AbortController();
  searchController = controller;
  renderedSearch = searchKey;
  const { q, filter, sort, page, lang } = state;
  ui.results.setAttribute("aria-busy", "true");
  try {
    const answer = await getJson(
      "/v1/search",
      { q, filter, sort, page, page_size: PAGE_SIZE, lang },
      controller.signal,
    );
    ui.error.hidden = true;
    showAnswer(answer);
  } catch (error) {
    if (error.name === "AbortError") return;
    renderedSearch = null;
    ui.error.textContent = t(lang, "failed", { message: error.message });
    ui.error.hidden = false;
    ui.resultCount.textContent = "";
    ui.hits.replaceChildren();
    ui.pager.replaceChildren();
  } finally {
    if (searchController === controller) ui.results.removeAttribute("aria-busy");
  }
}

function showAnswer(answer) {
  const { lang } = state;
  const labels = labelMaps(answer.facets);
  const count =
    answer.total === 0 ? "resultsNone" : answer.total === 1 ? "resultsOne" : "resultsMany";
  ui.resultCount.textContent = t(lang, count, { n: answer.total });
  ui.didYouMean.hidden = !answer.did_you_mean;
  ui.didYouMean.replaceChildren(
    ...(answer.did_you_mean
      ? [t(lang, "didYouMean"), " ", linkTo({ q: answer.did_you_mean, page: 1 }, answer.did_you_mean)]
      : []),
  );
  // Nothing matched every word: these hits match most of them (Finna's "try fewer words").
  ui.partial.hidden = !answer.partial;
  ui.partial.textContent = answer.partial
    ? t(lang, "partialResults", { words: answer.unmatched.join(", ") })
    : "";
  ui.hits.replaceChildren(...answer.hits.map((hit) => hitItem(hit, labels)));
  renderActiveFilters(ui.activeFilters, state.lang, state.filter, labels, (filter) =>
    navigate({ filter, page: 1 }),
  );
  showFacets(answer.facets);
  showPager(answer.total);
}

function thumbnail(materialType, cover) {
  const icon = `/static/icons/${MATERIAL_ICONS.has(materialType) ? materialType : "other"}.svg`;
  const usable = webUrl(cover);
  const image = el("img", { src: usable ?? icon, alt: "", loading: "lazy", class: usable ? "cover" : "icon" });
  if (usable) {
    image.addEventListener(
      "error",
      () => {
        image.src = icon;
        image.className = "icon";
      },
      { once: true },
    );
  }
  return el("div", { class: "thumb" }, image);
}

/** A link to where the municipality's patrons borrow the work (opens the vendor's site), or just `text`. */
function holdingLink(holding, text) {
  const url = webUrl(holding.url);
  return url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, text) : text;
}

/** One link per municipality holding the work (a municipality may hold it from two vendors). */
function holdingLinks(holdings) {
  const seen = new Set();
  return holdings
    .filter((holding) => !seen.has(holding.municipality) && seen.add(holding.municipality))
    .map((holding) =>
      el(
        "li",
        { dataset: { municipality: holding.municipality } },
        holdingLink(holding, holding.municipality_label),
      ),
    );
}

function marked(tag, attributes, highlight, plain) {
  const node = el(tag, attributes);
  if (highlight) appendHighlighted(node, highlight);
  else node.append(plain);
  return node;
}

function hitItem(hit, labels) {
  const { lang } = state;
  const title = linkTo({ record: hit.id }, "", { class: "hit-link", dataset: { record: hit.id } });
  if (hit.highlight.title) appendHighlighted(title, hit.highlight.title);
  else title.append(hit.title);
  const names = hit.contributors.map((contributor) => contributor.name).join("; ");
  const languages = hit.languages.map((code) => labels.language?.[code] ?? code).join(", ");
  const meta = [hit.material_type_label, hit.year, languages].filter(Boolean).join(" · ");
  return el(
    "li",
    { class: "hit", dataset: { id: hit.id } },
    thumbnail(hit.material_type, hit.cover),
    el(
      "div",
      { class: "hit-body" },
      el("h3", { class: "hit-title" }, title),
      hit.subtitle ? marked("p", { class: "hit-subtitle" }, hit.highlight.subtitle, hit.subtitle) : null,
      names ? marked("p", { class: "hit-contributors" }, hit.highlight.contributors, names) : null,
      el("p", { class: "hit-meta" }, meta),
      hit.highlight.description ? marked("p", { class: "hit-snippet" }, hit.highlight.description, "") : null,
      hit.holdings.length
        ? el(
            "div",
            { class: "holdings" },
            el("span", { class: "holdings-label" }, t(lang, "availableIn")),
            el("ul", {}, holdingLinks(hit.holdings)),
          )
        : null,
    ),
  );
}

// ---- facets ----------------------------------------------------------------------------------------------

function facetGroup(name, body) {
  const selected = state.filter.some((item) => item.startsWith(`${name}:`));
  const open = facetOpen.get(name) ?? (OPEN_BY_DEFAULT.has(name) || selected);
  const details = el(
    "details",
    { class: "facet", open, dataset: { facet: name } },
    el("summary", {}, t(state.lang, `facet.${name}`)),
    body,
  );
  details.addEventListener("toggle", () => facetOpen.set(name, details.open));
  return details;
}

function valueList(name, values) {
  const { lang } = state;
  return el(
    "fieldset",
    {},
    el("legend", { class: "visually-hidden" }, t(lang, `facet.${name}`)),
    el(
      "ul",
      { class: "facet-values" },
      values.map((value, index) => {
        const id = `facet-${name}-${index}`;
        return el(
          "li",
          {},
          el("input", {
            type: "checkbox",
            id,
            checked: value.selected,
            dataset: { facet: name, value: value.value },
            onchange: () => navigate({ filter: toggleFilter(state.filter, name, value.value), page: 1 }),
          }),
          el(
            "label",
            { for: id },
            el("span", { class: "value-label" }, value.label),
            el("span", { class: "value-count" }, formatNumber(lang, value.count)),
          ),
        );
      }),
    ),
  );
}

function yearForm(values) {
  const { lang } = state;
  const years = values.map((value) => Number(value.value));
  const [low, high] = (filtersByFacet(state.filter).year?.[0] ?? "").split("..");
  const input = (id, key, value) =>
    el(
      "div",
      { class: "year-field" },
      el("label", { for: id }, t(lang, key)),
      el("input", {
        id,
        type: "number",
        inputmode: "numeric",
        min: Math.min(...years),
        max: Math.max(...years),
        value: value || null,
      }),
    );
  return el(
    "form",
    {
      class: "year-form",
      onsubmit: (event) => {
        event.preventDefault();
        const from = event.target.querySelector("#year-from").value;
        const to = event.target.querySelector("#year-to").value;
        const others = state.filter.filter((item) => !item.startsWith("year:"));
        navigate({ filter: from || to ? [...others, `year:${from}..${to}`] : others, page: 1 });
      },
    },
    input("year-from", "yearFrom", low),
    input("year-to", "yearTo", high),
    el("button", { type: "submit" }, t(lang, "yearApply")),
  );
}

function showFacets(facets) {
  const focused = document.activeElement?.dataset ?? {};
  const groups = FACET_ORDER.filter((name) => facets[name]?.length).map((name) =>
    facetGroup(name, name === "year" ? yearForm(facets.year) : valueList(name, facets[name])),
  );
  ui.facetGroups.replaceChildren(...groups);
  if (focused.facet) {
    const again = [...ui.facetGroups.querySelectorAll("input[data-facet]")].find(
      (input) => input.dataset.facet === focused.facet && input.dataset.value === focused.value,
    );
    again?.focus();
  }
}

const narrowScreen = window.matchMedia("(max-width: 700px)");

function setFacetsExpanded(expanded) {
  ui.facetsToggle.setAttribute("aria-expanded", String(expanded));
  ui.facetGroups.hidden = !expanded;
}

ui.facetsToggle.addEventListener("click", () =>
  setFacetsExpanded(ui.facetsToggle.getAttribute("aria-expanded") !== "true"),
);
narrowScreen.addEventListener("change", () => setFacetsExpanded(!narrowScreen.matches));
setFacetsExpanded(!narrowScreen.matches);

// ---- paging ----------------------------------------------------------------------------------------------

function showPager(total) {
  const { lang, page } = state;
  const pages = Math.ceil(Math.min(total, MAX_RESULT_WINDOW) / PAGE_SIZE);
  if (pages <= 1) {
    ui.pager.replaceChildren();
    return;
  }
  const numbers = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const items = [];
  const step = (target, key) =>
    target >= 1 && target <= pages
      ? linkTo({ page: target }, t(lang, key), { rel: key === "next" ? "next" : "prev" })
      : el("span", { class: "disabled", "aria-disabled": "true" }, t(lang, key));
  items.push(el("li", {}, step(page - 1, "previous")));
  numbers.forEach((n, index) => {
    if (index > 0 && n - numbers[index - 1] > 1) items.push(el("li", { class: "gap", "aria-hidden": "true" }, "…"));
    const label = t(lang, "pageOf", { page: n, pages });
    items.push(
      el(
        "li",
        {},
        n === page
          ? el("span", { class: "current", "aria-current": "page", "aria-label": label }, formatNumber(lang, n))
          : linkTo({ page: n }, formatNumber(lang, n), { "aria-label": label }),
      ),
    );
  });
  items.push(el("li", {}, step(page + 1, "next")));
  ui.pager.replaceChildren(el("ul", {}, items));
}

ui.pager.addEventListener("click", (event) => {
  if (event.target.closest("a")) ui.results.focus();
});

// ---- record dialog ---------------------------------------------------------------------------------------

function field(lang, key, value) {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return [];
  return [el("dt", {}, t(lang, `field.${key}`)), el("dd", {}, Array.isArray(value) ? value.join("; ") : value)];
}

function recordView(work, similar) {
  const { lang } = state;
  // An original-script name (MARC 880) is shown first, its romanisation beside it in brackets.
  const contributors = work.contributors.map((c) => {
    const name = c.romanised ? `${c.name} [${c.romanised}]` : c.name;
    return c.role === "author" ? name : `${name} (${t(lang, `role.${c.role}`)})`;
  });
  const identifiers = Object.entries(work.identifiers)
    .filter(([, values]) => values.length)
    .map(([kind, values]) => `${kind.toUpperCase()} ${values.join(", ")}`);
  const publisher = [work.publisher, work.place].filter(Boolean).join(", ");
  return [
    el("h2", { id: "record-title", tabindex: "-1" }, work.title),
    work.title_romanised ? el("p", { class: "record-romanised" }, work.title_romanised) : null,
    work.subtitle ? el("p", { class: "record-subtitle" }, work.subtitle) : null,
    el(
      "div",
      { class: "record-main" },
      thumbnail(work.material_type, work.cover),
      el(
        "dl",
        { class: "record-fields" },
        field(lang, "contributors", contributors),
        field(lang, "year", work.year === null ? null : String(work.year)),
        field(lang, "material", work.material_type_label),
        field(lang, "languages", work.language_labels),
        field(lang, "publisher", publisher),
        field(lang, "series", work.series),
        field(lang, "subjects", work.subjects.map((subject) => subject.term)),
        field(lang, "genres", work.genres),
        field(lang, "extent", work.extent),
        field(lang, "duration", work.duration),
        field(lang, "identifiers", identifiers),
        field(lang, "merge", t(lang, "mergeRecords", { n: work.merge.records, reason: work.merge.reason })),
      ),
    ),
    work.description ? el("p", { class: "record-description" }, work.description) : null,
    el("h3", {}, t(lang, "holdings")),
    el(
      "ul",
      { class: "record-holdings" },
      work.holdings.map((holding) =>
        el(
          "li",
          { dataset: { municipality: holding.municipality } },
          // The vendor's host tells two holdings of one municipality apart.
          holdingLink(
            holding,
            webUrl(holding.url)
              ? `${holding.municipality_label} – ${new URL(holding.url).hostname}`
              : holding.municipality_label,
          ),
        ),
      ),
    ),
    el("h3", {}, t(lang, "similar")),
    similar.length
      ? el(
          "ul",
          { class: "similar" },
          similar.map((hit) =>
            el(
              "li",
              {},
              linkTo({ record: hit.id }, hit.title, { dataset: { record: hit.id } }),
              el(
                "span",
                { class: "similar-meta" },
                ` · ${[hit.material_type_label, hit.year].filter(Boolean).join(" · ")}`,
              ),
            ),
          ),
        )
      : el("p", {}, t(lang, "noSimilar")),
  ];
}

async function showRecord(recordKey) {
  recordController?.abort();
  renderedRecord = recordKey;
  const { record, lang } = state;
  if (!record) {
    if (ui.record.open) ui.record.close();
    return;
  }
  const controller = new AbortController();
  recordController = controller;
  const path = `/v1/records/${encodeURIComponent(record)}`;
  ui.record.setAttribute("aria-busy", "true");
  try {
    const [work, similar] = await Promise.all([
      getJson(path, { lang }, controller.signal),
      getJson(`${path}/similar`, { lang, size: 6 }, controller.signal),
    ]);
    ui.recordBody.replaceChildren(...recordView(work, similar.similar).filter(Boolean));
  } catch (error) {
    if (error.name === "AbortError") return;
    renderedRecord = null;
    ui.recordBody.replaceChildren(
      el("h2", { id: "record-title", tabindex: "-1" }, t(lang, "failed", { message: error.message })),
    );
  } finally {
    if (recordController === controller) ui.record.removeAttribute("aria-busy");
  }
  if (!ui.record.open) ui.record.showModal();
  document.getElementById("record-title").focus();
}

ui.recordClose.addEventListener("click", () => ui.record.close());
ui.record.addEventListener("close", () => {
  if (state.record) navigate({ record: "" });
});

// ---- search box with suggestions (ARIA combobox) ---------------------------------------------------------

let suggestTimer = 0;
let suggestController = null;
let suggestions = [];
let active = -1;

function closeSuggestions() {
  suggestions = [];
  active = -1;
  ui.suggestions.hidden = true;
  ui.suggestions.replaceChildren();
  ui.q.setAttribute("aria-expanded", "false");
  ui.q.removeAttribute("aria-activedescendant");
}

function cancelSuggestions() {
  window.clearTimeout(suggestTimer);
  suggestController?.abort();
  closeSuggestions();
}

function setActive(index) {
  active = index;
  ui.suggestions.querySelectorAll("[role=option]").forEach((option, position) => {
    option.setAttribute("aria-selected", String(position === index));
    if (position === index) option.scrollIntoView({ block: "nearest" });
  });
  if (index >= 0) ui.q.setAttribute("aria-activedescendant", `suggestion-${index}`);
  else ui.q.removeAttribute("aria-activedescendant");
}

function pick(index) {
  const suggestion = suggestions[index];
  cancelSuggestions();
  // A title leads to its work; an author or subject becomes a search in that field.
  const q = suggestion.kind === "title" ? suggestion.text : `${suggestion.kind}:"${suggestion.text}"`;
  navigate({ q, page: 1, record: suggestion.kind === "title" && suggestion.id ? suggestion.id : "" });
}

async function fetchSuggestions() {
  const text = ui.q.value.trim();
  suggestController?.abort();
  if (text.length < 2) {
    closeSuggestions();
    return;
  }
  const controller = new AbortController();
  suggestController = controller;
  try {
    const answer = await getJson("/v1/suggest", { q: text, size: 8 }, controller.signal);
    suggestions = answer.suggestions;
  } catch (error) {
    if (error.name !== "AbortError") closeSuggestions();
    return;
  }
  active = -1;
  if (!suggestions.length || document.activeElement !== ui.q) {
    closeSuggestions();
    return;
  }
  ui.suggestions.replaceChildren(
    ...suggestions.map((suggestion, index) =>
      el(
        "li",
        {
          id: `suggestion-${index}`,
          role: "option",
          "aria-selected": "false",
          class: "suggestion",
          dataset: { kind: suggestion.kind },
          onmousedown: (event) => {
            event.preventDefault(); // keep focus in the box until the pick is done
            pick(index);
          },
        },
        el("span", { class: "suggestion-text" }, suggestion.text),
        el("span", { class: "suggestion-kind" }, t(state.lang, `kind.${suggestion.kind}`)),
      ),
    ),
  );
  ui.suggestions.hidden = false;
  ui.q.setAttribute("aria-expanded", "true");
}

ui.q.addEventListener("input", () => {
  // Suggestions for what the box no longer says are dropped at once, shown or still on their way, so that
  // Enter can never pick one of them.
  cancelSuggestions();
  suggestTimer = window.setTimeout(fetchSuggestions, SUGGEST_DELAY_MS);
});

ui.q.addEventListener("keydown", (event) => {
  const open = !ui.suggestions.hidden && suggestions.length > 0;
  if (event.key === "ArrowDown" && open) {
    event.preventDefault();
    setActive((active + 1) % suggestions.length);
  } else if (event.key === "ArrowUp" && open) {
    event.preventDefault();
    setActive(active <= 0 ? suggestions.length - 1 : active - 1);
  } else if (event.key === "Enter" && open && active >= 0) {
    event.preventDefault();
    pick(active);
  } else if (event.key === "Escape" && open) {
    event.preventDefault();
    cancelSuggestions();
  }
});

ui.q.addEventListener("blur", cancelSuggestions);

ui.searchForm.addEventListener("submit", (event) => {
  event.preventDefault();
  cancelSuggestions();
  navigate({ q: ui.q.value.trim(), page: 1, record: "" });
});

ui.sort.addEventListener("change", () => navigate({ sort: ui.sort.value, page: 1 }));

render();
