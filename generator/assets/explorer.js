/* factcheck-site claims explorer.
 *
 * Progressive enhancement of the /claims/ page: the page ships a plain table of every
 * claim (#fc-all-claims) and a hidden mount point (#fc-explorer) that names the
 * explorer data (data-src) and the site root (data-base). This script fetches the data,
 * builds a filter form and a results table in the mount, and hides the plain table.
 * Without JavaScript, or if the data cannot be loaded, the plain table stays.
 *
 * Filter state lives in the query string (verdict, outlet, person, place, tag, from,
 * to, text, sort), so a reloaded or shared address shows the same list. The free text
 * is not `q`: Material for MkDocs reads `?q=` as a site search link, opens its search
 * dialog over the page and drops `q` from the address when the dialog closes.
 *
 * Claim values are untrusted: every node is made with createElement and filled with
 * textContent or setAttribute; nothing is ever parsed as HTML.
 */
(() => {
  "use strict";

  const PAGE_SIZE = 200;
  const TYPING_DELAY = 150;
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];
  const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
  const FACETS = [
    { key: "verdict", field: "verdicts", label: "Verdict", any: "Any verdict" },
    { key: "outlet", field: "outlets", label: "Outlet", any: "Any outlet" },
    { key: "person", field: "people", label: "Person", any: "Any person" },
    { key: "place", field: "places", label: "Place", any: "Any place" },
    { key: "tag", field: "tags", label: "Tag", any: "Any tag" },
  ];
  const SORTS = [
    ["date-desc", "Date, newest first"],
    ["date-asc", "Date, oldest first"],
    ["title-asc", "Title, A to Z"],
  ];
  const DEFAULT_SORT = SORTS[0][0];
  const TEXT = "text"; // the free-text parameter (see above for why not `q`)
  const PARAMS = FACETS.map((f) => f.key).concat(["from", "to", TEXT, "sort"]);
  // Marks a mount as taken, shared by every copy of this script a page might run.
  const STARTED = Symbol.for("factcheck-site.explorer");

  const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });
  const numbers = new Intl.NumberFormat("en");
  const dataCache = new Map();
  let serial = 0;

  // --- small helpers ---------------------------------------------------------------

  /** An element with attributes (`text` sets textContent) and children; never HTML. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === false || value === null || value === undefined) continue;
      if (name === "text") node.textContent = String(value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  function str(value) {
    if (typeof value === "string") return value;
    return value === null || value === undefined ? "" : String(value);
  }

  function names(value) {
    return Array.isArray(value) ? value.map(str) : [];
  }

  /** Lower case without accents, so "zabíhullah" finds "Zabihullah". */
  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /** A date as a reader writes it ("6 September 2021", "6 Sep 2021") or ISO
   * ("2021-09-06") -> ISO; "" for empty text; null for text that is no date. */
  function parseDay(text) {
    const value = text.trim();
    if (!value) return "";
    let year, month, day;
    if (ISO_DAY.test(value)) {
      [year, month, day] = value.split("-").map(Number);
    } else {
      const parts = /^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$/.exec(value);
      if (!parts) return null;
      const name = parts[2].toLowerCase();
      const index = name.length >= 3
        ? MONTHS.findIndex((m) => m.toLowerCase().startsWith(name)) : -1;
      if (index < 0) return null;
      [year, month, day] = [Number(parts[3]), index + 1, Number(parts[1])];
    }
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1
      || date.getUTCDate() !== day) return null;
    return date.toISOString().slice(0, 10);
  }

  /** "2021-09-06" as "6 September 2021", like the generator's long_date. */
  function longDate(iso) {
    if (!ISO_DAY.test(iso)) return iso;
    const [year, month, day] = iso.split("-").map(Number);
    const name = MONTHS[month - 1];
    return name ? `${day} ${name} ${year}` : iso;
  }

  function plural(count, word) {
    return `${numbers.format(count)} ${word}${count === 1 ? "" : "s"}`;
  }

  function tally(counts, key) {
    counts.set(key, (counts.get(key) || 0) + 1);
  }

  // --- data ----------------------------------------------------------------------

  function load(url) {
    if (!dataCache.has(url)) {
      const request = fetch(url, { credentials: "same-origin" }).then((response) => {
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return response.json();
      });
      request.catch(() => dataCache.delete(url));
      dataCache.set(url, request);
    }
    return dataCache.get(url);
  }

  /** The explorer data as plain strings, claims newest first, with search text folded. */
  function prepare(raw) {
    const rawVerdicts = Array.isArray(raw && raw.verdicts) ? raw.verdicts : [];
    const verdicts = rawVerdicts.map((v) => ({
      name: str(v.name), label: str(v.label) || str(v.name), slug: str(v.slug) || str(v.name),
      onScale: true,
    }));
    const byName = new Map(verdicts.map((v) => [v.name, v]));
    const rawClaims = Array.isArray(raw && raw.claims) ? raw.claims : [];
    const claims = rawClaims.map((c, index) => {
      const verdictName = str(c.verdict);
      if (!byName.has(verdictName)) {
        // Not on the scale: shown by name, with the badge's default fill.
        const v = { name: verdictName, label: verdictName, slug: verdictName, onScale: false };
        byName.set(verdictName, v);
        verdicts.push(v);
      }
      const verdict = byName.get(verdictName);
      const claim = {
        index, id: str(c.id), title: str(c.title), claimant: str(c.claimant), date: str(c.date),
        verdict, verdicts: [verdict.slug], outlets: names(c.outlets), people: names(c.people),
        places: names(c.places), tags: names(c.tags),
      };
      claim.text = fold(`${claim.title}\n${claim.claimant}`);
      return claim;
    });
    // The claims come newest first; keep that order as the tie-break of the default sort.
    claims.sort(sorter(DEFAULT_SORT));
    claims.forEach((c, i) => { c.index = i; });
    const dates = claims.map((c) => c.date).filter((d) => ISO_DAY.test(d)).sort();
    return { verdicts, claims, minDate: dates[0] || "", maxDate: dates[dates.length - 1] || "" };
  }

  /** [value, text, count] options of one facet: verdicts in scale order, the rest A to Z. */
  function facetOptions(facet, data) {
    const counts = new Map();
    if (facet.key === "verdict") {
      for (const c of data.claims) tally(counts, c.verdict);
      return data.verdicts.map((v) => [v.slug, v.label, counts.get(v) || 0]);
    }
    for (const c of data.claims) for (const name of c[facet.field]) tally(counts, name);
    return Array.from(counts)
      .sort((a, b) => collator.compare(a[0], b[0]))
      .map(([name, n]) => [name, name, n]);
  }

  // --- state <-> address -----------------------------------------------------------

  function readState(search, data) {
    const params = new URLSearchParams(search);
    const state = {};
    for (const facet of FACETS) state[facet.key] = params.get(facet.key) || "";
    if (state.verdict) {
      // A verdict's name works as well as its slug.
      const v = data.verdicts.find((x) => x.slug === state.verdict || x.name === state.verdict);
      if (v) state.verdict = v.slug;
    }
    for (const key of ["from", "to"]) {
      const day = params.get(key) || "";
      state[key] = ISO_DAY.test(day) ? day : "";
    }
    state[TEXT] = params.get(TEXT) || "";
    const sort = params.get("sort") || "";
    state.sort = SORTS.some(([value]) => value === sort) ? sort : DEFAULT_SORT;
    return state;
  }

  function writeState(state) {
    const url = new URL(window.location.href);
    const params = url.searchParams; // keeps parameters not ours (e.g. Material's ?h=)
    for (const key of PARAMS) params.delete(key);
    for (const key of PARAMS) {
      const value = state[key];
      if (value && !(key === "sort" && value === DEFAULT_SORT)) params.set(key, value);
    }
    const query = params.toString();
    const next = url.pathname + (query ? `?${query}` : "") + url.hash;
    const here = window.location.pathname + window.location.search + window.location.hash;
    if (next !== here) window.history.replaceState(window.history.state, "", next);
  }

  // --- filtering -------------------------------------------------------------------

  function matcher(state) {
    const words = fold(state[TEXT]).split(/\s+/).filter(Boolean);
    const facets = FACETS.filter((f) => state[f.key]).map((f) => [f.field, state[f.key]]);
    const { from, to } = state;
    return (c) => {
      for (const [field, value] of facets) if (!c[field].includes(value)) return false;
      if (from && !(c.date >= from)) return false;
      if (to && !(c.date <= to)) return false;
      for (const word of words) if (!c.text.includes(word)) return false;
      return true;
    };
  }

  function sorter(sort) {
    if (sort === "date-asc") {
      return (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : b.index - a.index);
    }
    if (sort === "title-asc") {
      return (a, b) => collator.compare(a.title, b.title) || a.index - b.index;
    }
    return (a, b) => (a.date > b.date ? -1 : a.date < b.date ? 1 : a.index - b.index);
  }

  function isFiltered(state) {
    return FACETS.some((f) => state[f.key]) || Boolean(state.from || state.to)
      || Boolean(state[TEXT].trim());
  }

  // --- rendering -------------------------------------------------------------------

  /** A listed claim's verdict badge, as generator/badges.py's `verdict_tag` writes it:
   * the label, and a class whose colour and icon the site's stylesheet holds. A verdict
   * not on the scale has no class: the label on the badge's default fill. */
  function badge(v) {
    return el("span", { class: v.onScale ? `fc-badge fc-v-${v.slug}` : "fc-badge", text: v.label });
  }

  /** A row of the generator's `claim_table` macro. */
  function row(c, base) {
    const link = el("a", { href: `${base}claims/${encodeURIComponent(c.id)}/`, text: c.title });
    const when = ISO_DAY.test(c.date)
      ? el("time", { datetime: c.date, text: longDate(c.date) })
      : c.date;
    return el("tr", null,
      el("td", null, link),
      el("td", null, badge(c.verdict)),
      el("td", { text: c.claimant }),
      el("td", null, when));
  }

  function field(id, label, control, extraClass) {
    const classes = extraClass ? `fc-explorer__field ${extraClass}` : "fc-explorer__field";
    return el("div", { class: classes }, el("label", { for: id, text: label }), control);
  }

  /** A select of [value, text, count?] options, led by an "any" option if anyText. */
  function select(id, name, options, anyText) {
    const node = el("select", { id, name });
    if (anyText) node.append(el("option", { value: "", text: anyText }));
    for (const [value, text, count] of options) {
      const shown = count === undefined ? text : `${text} (${numbers.format(count)})`;
      node.append(el("option", { value, text: shown }));
    }
    return node;
  }

  /** Sets a select's value, adding an option for a value the data does not have so a
   * stale or hand-written address shows what it filters on (and finds nothing). */
  function setSelect(node, value) {
    if (value && !Array.from(node.options).some((o) => o.value === value)) {
      node.append(el("option", { value, text: `${value} (0)` }));
    }
    node.value = value;
  }

  function build(mount, allClaims, data) {
    const id = `fc-explorer-${++serial}`;
    const base = mount.getAttribute("data-base") || "";
    const rows = new Map(); // claim -> its <tr>, made once, when first shown
    const controls = {};

    const facets = el("div", { class: "fc-explorer__filters" });
    for (const facet of FACETS) {
      const options = facetOptions(facet, data);
      controls[facet.key] = select(`${id}-${facet.key}`, facet.key, options, facet.any);
      facets.append(field(`${id}-${facet.key}`, facet.label, controls[facet.key]));
    }

    // Text inputs, not type=date: the browser's date input shows mm/dd/yyyy (or the
    // reader's locale), while the site writes "6 September 2021" everywhere.
    const dateHint = `${id}-dates-hint`;
    const dateInput = (key) => el("input", {
      type: "text", id: `${id}-${key}`, name: key, autocomplete: "off", spellcheck: "false",
      inputmode: "text", "aria-describedby": dateHint,
    });
    controls.from = dateInput("from");
    controls.to = dateInput("to");
    const example = longDate(data.minDate || "2021-09-06");
    const dates = el("fieldset", { class: "fc-explorer__dates" },
      el("legend", { text: "Claim date" }),
      field(`${id}-from`, "From", controls.from),
      field(`${id}-to`, "To", controls.to),
      el("span", { id: dateHint, class: "fc-explorer__hint", text: `As in ${example}.` }));

    controls[TEXT] = el("input", {
      type: "search", id: `${id}-text`, name: TEXT, autocomplete: "off", spellcheck: "false",
      "aria-describedby": `${id}-text-hint`,
    });
    const text = field(`${id}-text`, "Title or claimant contains", controls[TEXT],
      "fc-explorer__field--text");
    text.append(el("span", {
      id: `${id}-text-hint`, class: "fc-explorer__hint", text: "Every word must match.",
    }));

    controls.sort = select(`${id}-sort`, "sort", SORTS, "");
    const clear = el("button", {
      type: "button", class: "fc-explorer__button fc-explorer__clear", text: "Clear filters",
    });
    const others = el("div", { class: "fc-explorer__filters" },
      dates, text,
      field(`${id}-sort`, "Sort by", controls.sort, "fc-explorer__field--sort"),
      el("div", { class: "fc-explorer__actions" }, clear));
    const form = el("form", {
      class: "fc-explorer__form", role: "search", "aria-label": "Filter claims", method: "get",
    }, facets, others);

    const status = el("p", {
      class: "fc-explorer__count", id: `${id}-count`, role: "status", "aria-live": "polite",
    });
    const tbody = el("tbody");
    const table = el("table", { class: "fc-claims", "aria-describedby": `${id}-count` },
      el("thead", null, el("tr", null,
        el("th", { scope: "col", text: "Claim" }),
        el("th", { scope: "col", text: "Verdict" }),
        el("th", { scope: "col", text: "Claimant" }),
        el("th", { scope: "col", text: "Claim date" }))),
      tbody);
    const results = el("div", { class: "fc-table-wrap fc-explorer__results" }, table);
    const empty = el("p", {
      class: "fc-explorer__empty", hidden: true, text: "No claims match these filters.",
    });
    const more = el("button", {
      type: "button", class: "fc-explorer__button fc-explorer__more", hidden: true,
    });

    // One button in front of the filters: on a phone the claims come first.
    const toggle = el("summary", { class: "fc-explorer__toggle" });
    const panel = el("details", { class: "fc-explorer__panel" }, toggle, form);
    panel.open = !window.matchMedia || window.matchMedia("(min-width: 45em)").matches;

    mount.replaceChildren(panel, status, results, empty, more);

    let matches = [];
    let shown = 0;
    let timer = 0;

    function state() {
      const s = {};
      for (const key of PARAMS) s[key] = controls[key].value;
      for (const key of ["from", "to"]) s[key] = parseDay(s[key]) || "";
      return s;
    }

    /** Marks date text that is no date; the filter then ignores it. */
    function checkDates() {
      for (const key of ["from", "to"]) {
        const bad = parseDay(controls[key].value) === null;
        if (bad) controls[key].setAttribute("aria-invalid", "true");
        else controls[key].removeAttribute("aria-invalid");
      }
    }

    function label(s) {
      const active = FACETS.filter((f) => s[f.key]).length + (s.from ? 1 : 0) + (s.to ? 1 : 0)
        + (s[TEXT].trim() ? 1 : 0);
      toggle.textContent = active ? `Filters (${numbers.format(active)} active)` : "Filters";
    }

    function apply(s) {
      for (const facet of FACETS) setSelect(controls[facet.key], s[facet.key]);
      controls.from.value = s.from ? longDate(s.from) : "";
      controls.to.value = s.to ? longDate(s.to) : "";
      controls[TEXT].value = s[TEXT];
      controls.sort.value = s.sort;
    }

    /** Appends up to `count` more matching rows; returns the first row added. */
    function showMore(count) {
      const fragment = document.createDocumentFragment();
      const end = Math.min(matches.length, shown + count);
      for (let i = shown; i < end; i++) {
        const c = matches[i];
        if (!rows.has(c)) rows.set(c, row(c, base));
        fragment.append(rows.get(c));
      }
      const first = fragment.firstChild;
      tbody.append(fragment);
      shown = end;
      const left = matches.length - shown;
      more.hidden = left <= 0;
      more.textContent = `Show ${numbers.format(Math.min(left, PAGE_SIZE))} more`;
      return first;
    }

    function describe() {
      const total = data.claims.length;
      let message = isFiltered(state())
        ? `${plural(matches.length, "claim")} of ${numbers.format(total)} match`
        : `All ${plural(total, "claim")}`;
      if (shown < matches.length) message += `; showing the first ${numbers.format(shown)}`;
      status.textContent = `${message}.`;
    }

    function update() {
      window.clearTimeout(timer);
      const s = state();
      checkDates();
      label(s);
      matches = data.claims.filter(matcher(s));
      if (s.sort !== DEFAULT_SORT) matches.sort(sorter(s.sort));
      tbody.replaceChildren();
      shown = 0;
      showMore(PAGE_SIZE);
      results.hidden = matches.length === 0;
      empty.hidden = matches.length !== 0;
      describe();
      writeState(s);
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      update();
    });
    form.addEventListener("change", update);
    for (const key of ["from", "to"]) {
      // A complete date filters at once; half-typed text waits for the change event.
      controls[key].addEventListener("input", () => {
        if (parseDay(controls[key].value) !== null) update();
      });
    }
    controls[TEXT].addEventListener("input", () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, TYPING_DELAY);
    });
    clear.addEventListener("click", () => {
      const s = readState("", data);
      s.sort = controls.sort.value; // the order is not a filter
      apply(s);
      update();
    });
    more.addEventListener("click", () => {
      const first = showMore(PAGE_SIZE);
      describe();
      // When the button goes, carry keyboard focus on to the first new row.
      const link = first && first.querySelector("a");
      if (link && more.hidden) link.focus();
    });

    apply(readState(window.location.search, data));
    update();
    mount.hidden = false;
    if (allClaims) allClaims.hidden = true;
  }

  function start() {
    const mount = document.getElementById("fc-explorer");
    if (!mount || mount[STARTED]) return;
    const src = mount.getAttribute("data-src");
    if (!src) return;
    mount[STARTED] = true;
    load(new URL(src, window.location.href).href)
      .then((raw) => {
        if (!mount.isConnected) return; // left the page (instant navigation) meanwhile
        build(mount, document.getElementById("fc-all-claims"), prepare(raw));
      })
      .catch((error) => {
        // The plain table stays and the explorer stays hidden.
        mount[STARTED] = false;
        if (window.console) window.console.warn("factcheck-site explorer:", error);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
  // Material for MkDocs emits each page's document here, after instant navigation too.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => start());
  }
})();
