// The facet explorer: for the query and filters in the URL, every facet's distribution as bars, the year
// histogram, municipality × material type, and a CSV link per facet. All figures are the API's own, shown
// as they come: the bars from one /v1/search (its facets), every year from /v1/facets/year, the table from
// /v1/facets/material_type once per municipality. Six requests a view, well inside the rate limit.

import {
  FACET_ORDER,
  apiUrl,
  el,
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
} from "./common.js";

const BAR_VALUES = 15; // values drawn per facet (of those /v1/search returns); the CSV has them all
const ALL_VALUES = 10000; // the facet listing's largest page
const TERM_FACETS = FACET_ORDER.filter((name) => name !== "year");
const SVG = "http://www.w3.org/2000/svg";

const ui = Object.fromEntries(
  [
    "explorer-form", "q", "active-filters", "summary", "error", "explorer", "year-chart", "year-table",
    "year-csv", "cross-table", "facet-charts", "language-switch", "search-link",
  ].map((id) => [id.replace(/-(\w)/g, (_, c) => c.toUpperCase()), document.getElementById(id)]),
);

let state = readState();
let controller = null;

function navigate(changes) {
  state = { ...state, ...changes, page: 1, record: "" };
  window.history.pushState(null, "", `${window.location.pathname}${stateQuery(state)}`);
  render();
}

window.addEventListener("popstate", () => {
  state = readState();
  render();
});

function csvUrl(name, filter = state.filter) {
  return apiUrl(`/v1/facets/${name}`, {
    q: state.q,
    filter,
    lang: state.lang,
    format: "csv",
    bom: "true", // Excel reads a CSV without the UTF-8 byte order mark in a legacy code page
    page_size: ALL_VALUES,
  });
}

function csvLink(name) {
  return el(
    "a",
    { class: "csv-link", href: csvUrl(name), download: true, dataset: { facet: name } },
    t(state.lang, "downloadCsv", { facet: t(state.lang, `facet.${name}`) }),
  );
}

async function render() {
  const { lang, q, filter } = state;
  translatePage(lang);
  document.title = `${t(lang, "explorerTitle")} – ${t(lang, "appTitle")}`;
  renderLanguageSwitch(ui.languageSwitch, lang, (picked) => navigate({ lang: picked }));
  ui.q.value = q;
  ui.searchLink.href = `/${stateQuery({ q, filter, lang, page: 1 })}`;
  controller?.abort();
  const current = new AbortController();
  controller = current;
  const base = { q, filter, lang };
  ui.explorer.setAttribute("aria-busy", "true");
  try {
    const [search, years] = await Promise.all([
      getJson("/v1/search", { ...base, page_size: 1 }, current.signal),
      getJson("/v1/facets/year", { ...base, sort: "label", page_size: ALL_VALUES }, current.signal),
    ]);
    const rows = await crossRows(search.facets.municipality ?? [], search.fuzzy, current.signal);
    ui.error.hidden = true;
    ui.summary.textContent = t(lang, search.total === 1 ? "worksFoundOne" : "worksFound", { n: search.total });
    renderActiveFilters(
      ui.activeFilters,
      lang,
      filter,
      labelMaps(search.facets),
      (remaining) => navigate({ filter: remaining }),
    );
    showYears(years.values);
    showCross(rows);
    ui.facetCharts.replaceChildren(...TERM_FACETS.map((name) => facetChart(name, search.facets[name] ?? [])));
  } catch (error) {
    if (error.name === "AbortError") return;
    ui.error.textContent = t(lang, "failed", { message: error.message });
    ui.error.hidden = false;
  } finally {
    if (controller === current) ui.explorer.removeAttribute("aria-busy");
  }
}

// ---- one bar chart per facet -----------------------------------------------------------------------------

function facetChart(name, all) {
  const { lang } = state;
  const values = all.slice(0, BAR_VALUES);
  const max = Math.max(1, ...values.map((value) => value.count));
  const bars = values.map((value) => {
    const bar = el("span", { class: "bar" });
    bar.style.width = `${(100 * value.count) / max}%`;
    return el(
      "li",
      { dataset: { value: value.value } },
      el(
        "button",
        {
          type: "button",
          class: "bar-label",
          "aria-pressed": String(value.selected),
          title: t(lang, "toggleFilter", { label: value.label }),
          onclick: () => navigate({ filter: toggleFilter(state.filter, name, value.value) }),
        },
        value.label,
      ),
      el("span", { class: "bar-track", "aria-hidden": "true" }, bar),
      el("span", { class: "bar-count" }, formatNumber(lang, value.count)),
    );
  });
  return el(
    "section",
    { class: "panel", dataset: { facet: name }, "aria-labelledby": `chart-${name}` },
    el("div", { class: "panel-head" }, el("h2", { id: `chart-${name}` }, t(lang, `facet.${name}`)), csvLink(name)),
    el(
      "p",
      { class: "note values-shown" },
      t(lang, all.length > BAR_VALUES ? "topValues" : values.length === 1 ? "allValuesOne" : "allValues", {
        shown: values.length,
      }),
    ),
    bars.length ? el("ol", { class: "bars" }, bars) : el("p", {}, t(lang, "noValues")),
  );
}

// ---- the year histogram ----------------------------------------------------------------------------------

function svg(tag, attributes, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

function showYears(values) {
  const { lang } = state;
  const years = values
    .map((value) => ({ year: Number(value.value), count: value.count }))
    .filter((entry) => Number.isInteger(entry.year))
    .sort((a, b) => a.year - b.year);
  ui.yearCsv.href = csvUrl("year");
  ui.yearCsv.textContent = t(lang, "downloadCsv", { facet: t(lang, "facet.year") });
  ui.yearTable.replaceChildren(
    el(
      "thead",
      {},
      el("tr", {}, el("th", { scope: "col" }, t(lang, "facet.year")), el("th", { scope: "col" }, t(lang, "works"))),
    ),
    el(
      "tbody",
      {},
      years.map(({ year, count }) =>
        el(
          "tr",
          { dataset: { year } },
          el("th", { scope: "row" }, String(year)),
          el("td", {}, formatNumber(lang, count)),
        ),
      ),
    ),
  );
  if (!years.length) {
    ui.yearChart.replaceChildren(el("p", {}, t(lang, "noValues")));
    return;
  }
  const first = years[0].year;
  const last = years[years.length - 1].year;
  const max = Math.max(...years.map((entry) => entry.count));
  const width = (last - first + 1) * 10;
  const chart = svg(
    "svg",
    {
      viewBox: `0 0 ${width} 100`,
      preserveAspectRatio: "none",
      role: "img",
      "aria-label": t(lang, "yearChartLabel", { first: String(first), last: String(last), max }),
    },
    ...years.map(({ year, count }) => {
      const height = Math.max(1, (100 * count) / max);
      return svg(
        "rect",
        { x: (year - first) * 10 + 1, y: 100 - height, width: 8, height, "data-year": year },
        svg("title", {}, `${year}: ${formatNumber(lang, count)}`),
      );
    }),
  );
  ui.yearChart.replaceChildren(
    el("span", { class: "axis-max" }, formatNumber(lang, max)),
    chart,
    el("div", { class: "axis" }, el("span", {}, String(first)), el("span", {}, String(last))),
  );
}

// ---- municipality × material type ------------------------------------------------------------------------

/**
 * For each municipality, the material_type facet with that municipality as the only municipality filter,
 * matched as the search was (`fuzzy`): with other filters the API would decide afresh between the words
 * as typed and the fuzzy retry, and a row could count other works than the municipality's bar.
 */
async function crossRows(municipalities, fuzzy, signal) {
  const others = state.filter.filter((item) => !item.startsWith("municipality:"));
  const listings = await Promise.all(
    municipalities.map((municipality) =>
      getJson(
        "/v1/facets/material_type",
        {
          q: state.q,
          filter: [...others, `municipality:${municipality.value}`],
          lang: state.lang,
          page_size: 100,
          fuzzy,
        },
        signal,
      ),
    ),
  );
  return municipalities.map((municipality, index) => ({ municipality, values: listings[index].values }));
}

function showCross(rows) {
  const { lang } = state;
  const columns = new Map(); // material type → {label, total}
  for (const row of rows) {
    for (const value of row.values) {
      const column = columns.get(value.value) ?? { label: value.label, total: 0 };
      column.total += value.count;
      columns.set(value.value, column);
    }
  }
  const order = [...columns.entries()].sort((a, b) => b[1].total - a[1].total).map(([type]) => type);
  const head = el(
    "tr",
    {},
    el("th", { scope: "col" }, t(lang, "facet.municipality")),
    order.map((type) => el("th", { scope: "col", dataset: { type } }, columns.get(type).label)),
    el("th", { scope: "col" }, t(lang, "total")),
  );
  const body = rows.map(({ municipality, values }) => {
    const counts = Object.fromEntries(values.map((value) => [value.value, value.count]));
    const total = values.reduce((sum, value) => sum + value.count, 0);
    return el(
      "tr",
      { dataset: { municipality: municipality.value } },
      el("th", { scope: "row" }, municipality.label),
      order.map((type) => el("td", { dataset: { type } }, formatNumber(lang, counts[type] ?? 0))),
      el("td", { class: "row-total" }, formatNumber(lang, total)),
    );
  });
  ui.crossTable.replaceChildren(el("thead", {}, head), el("tbody", {}, body));
}

ui.explorerForm.addEventListener("submit", (event) => {
  event.preventDefault();
  navigate({ q: ui.q.value.trim() });
});

render();
