/* factcheck-site: Pagefind in Material for MkDocs' search box (search_engine: pagefind).
 *
 * Material's search box stays as it is; this script answers its queries from the chunked
 * Pagefind index in /pagefind/ (with the batches merged into it) and renders the results
 * into Material's own result list markup (li.md-search-result__item >
 * a.md-search-result__link > article.md-search-result__article), with each claim's
 * verdict badge. Material never renders results itself: its search worker is replaced
 * by a stand-in that never answers (see generator/adapters/pagefind.py), so its list is
 * left to this script.
 *
 * Pagefind is loaded on the first focus of the search box, so a page view downloads
 * nothing for search; typing is debounced. Result titles, verdicts and URLs are set with
 * textContent and setAttribute; the only HTML taken from the index is Pagefind's excerpt,
 * which is rebuilt node by node keeping <mark> elements and the text of everything else.
 */
(() => {
  "use strict";

  const TYPING_DELAY = 150;
  const BATCH = 10;
  const RANKING = { title: 5, claimant: 5 };
  const BATCHES_FILE = "factcheck-batches.json";
  const BATCH_FOLDER = /^batch-[0-9]+\/$/;
  const COLOUR = /^#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?$/;
  const FALLBACK = {
    "search.result.placeholder": "Type to start searching",
    "search.result.none": "No matching documents",
    "search.result.one": "1 matching document",
    "search.result.other": "# matching documents",
  };

  // This file is assets/factcheck/pagefind-search.js: the site root is two folders up.
  const root = new URL("../../", document.currentScript.src);
  const input = document.querySelector("input.md-search__input");
  const result = document.querySelector('[data-md-component="search-result"]');
  const meta = result && result.querySelector(".md-search-result__meta");
  const list = result && result.querySelector("ol.md-search-result__list");
  if (!input || !meta || !list) return;
  const scrollwrap = result.closest(".md-search__scrollwrap") || result;
  const config = readConfig();

  let loading = null;
  let timer = 0;
  let sequence = 0;
  let current = null; // { query, results, shown, busy, sequence }

  function readConfig() {
    const element = document.getElementById("__config");
    try {
      return element ? JSON.parse(element.textContent) : {};
    } catch (error) {
      return {};
    }
  }

  function translate(key, value) {
    const text = (config.translations && config.translations[key]) || FALLBACK[key];
    return value === undefined ? text : text.replace("#", String(value));
  }

  // The claims indexed in further batches, each an index of its own in pagefind/ (see
  // generator/adapters/pagefind_index.py), merged into this one: a query searches them all.
  function batchFolders(bundle) {
    return fetch(new URL(BATCHES_FILE, bundle)).then(async (response) => {
      if (!response.ok) throw new Error(`${BATCHES_FILE}: HTTP ${response.status}`);
      const folders = (await response.json()).batches;
      if (!Array.isArray(folders) || !folders.every((f) => BATCH_FOLDER.test(f))) {
        throw new Error(`${BATCHES_FILE}: unexpected content`);
      }
      return folders;
    });
  }

  function load() {
    if (!loading) {
      const bundle = new URL("pagefind/", root);
      const folders = batchFolders(bundle);
      folders.catch(() => {});
      loading = import(new URL("pagefind.js", bundle).href).then(async (pagefind) => {
        // A name matching a claim's claimant ranks it like a title match (Pagefind's 5x).
        const options = { baseUrl: root.pathname, ranking: { metaWeights: RANKING } };
        await pagefind.options(options);
        const merge = (folder) => pagefind.mergeIndex(new URL(folder, bundle).pathname, options);
        await Promise.all((await folders).map(merge));
        await pagefind.init();
        return pagefind;
      });
      loading.catch(() => {});
    }
    return loading;
  }

  function element(tag, className) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  // Pagefind's excerpt is escaped text with <mark> around matches; keep only those marks.
  function excerptNodes(html) {
    const parsed = new DOMParser().parseFromString(`<!doctype html><body>${html}`, "text/html");
    return copyMarks(parsed.body.childNodes);
  }

  function copyMarks(nodes) {
    const copies = [];
    for (const node of nodes) {
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
        const mark = document.createElement("mark");
        mark.append(...copyMarks(node.childNodes));
        copies.push(mark);
      } else if (node.nodeType === Node.TEXT_NODE || node.nodeType === Node.ELEMENT_NODE) {
        copies.push(document.createTextNode(node.textContent));
      }
    }
    return copies;
  }

  function badge(fields) {
    if (!fields.verdict) return null;
    const span = element("span", "fc-badge");
    if (COLOUR.test(fields.verdict_colour || "")) {
      span.style.setProperty("--fc-badge", fields.verdict_colour);
    }
    if (fields.verdict_icon) {
      const icon = element("span", "fc-badge__icon");
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = fields.verdict_icon;
      span.append(icon, " ");
    }
    span.append(fields.verdict);
    return span;
  }

  function address(url, query) {
    const target = new URL(url, root);
    if (target.origin !== location.origin) return null;
    if ((config.features || []).includes("search.highlight")) {
      target.searchParams.set("h", query.trim());
    }
    return target.href;
  }

  // The markup Material renders for a page result (templates/search/index.tsx).
  function resultItem(data, score, query) {
    const href = address(data.url, query);
    if (!href) return null;
    const fields = data.meta || {};
    const item = element("li", "md-search-result__item");
    const link = element("a", "md-search-result__link");
    link.href = href;
    link.tabIndex = -1;
    const article = element("article", "md-search-result__article md-typeset");
    article.setAttribute("data-md-score", score.toFixed(2));
    const title = element("h1");
    title.textContent = fields.title || data.url;
    article.append(element("div", "md-search-result__icon md-icon"), title);
    const verdict = badge(fields);
    if (verdict) {
      const line = element("p", "fc-search-verdict");
      line.append(verdict);
      article.append(line);
    }
    if (data.excerpt) {
      const excerpt = element("p");
      excerpt.append(...excerptNodes(data.excerpt));
      article.append(excerpt);
    }
    link.append(article);
    item.append(link);
    return item;
  }

  function showCount(count) {
    if (count === 0) meta.textContent = translate("search.result.none");
    else if (count === 1) meta.textContent = translate("search.result.one");
    else meta.textContent = translate("search.result.other", count.toLocaleString("en"));
  }

  async function showMore() {
    const state = current;
    if (!state || state.busy || state.shown >= state.results.length) return;
    state.busy = true;
    try {
      const start = state.shown;
      const batch = state.results.slice(start, start + BATCH);
      const data = await Promise.all(batch.map((entry) => entry.data()));
      if (state !== current) return;
      data.forEach((entry, index) => {
        const item = resultItem(entry, state.results.length - (start + index), state.query);
        if (item) list.append(item);
      });
      state.shown = start + batch.length;
    } finally {
      state.busy = false;
    }
  }

  // The result list is aria-busy from a typed key until that query's results are shown,
  // so assistive technology (and the browser tests) wait for the answer to the whole
  // query, not one to the letters typed before the pause.
  async function search(query) {
    const mine = ++sequence;
    try {
      await answer(query, mine);
    } finally {
      if (mine === sequence && timer === 0) list.removeAttribute("aria-busy");
    }
  }

  async function answer(query, mine) {
    if (!query.trim()) {
      current = null;
      list.replaceChildren();
      meta.textContent = translate("search.result.placeholder");
      return;
    }
    let pagefind;
    try {
      pagefind = await load();
    } catch (error) {
      if (mine === sequence) meta.textContent = "Search is unavailable: its index could not be loaded.";
      return;
    }
    let found;
    try {
      found = await pagefind.search(query);
    } catch (error) {
      if (mine === sequence) meta.textContent = "Search failed: " + String(error && error.message);
      return;
    }
    if (mine !== sequence || !found) return;
    current = { query, results: found.results, shown: 0, busy: false };
    list.replaceChildren();
    showCount(found.results.length);
    await showMore();
  }

  function schedule() {
    clearTimeout(timer);
    list.setAttribute("aria-busy", "true");
    timer = setTimeout(() => {
      timer = 0;
      search(input.value);
    }, TYPING_DELAY);
  }

  function start() {
    load().then(
      () => {
        if (!input.value.trim() && !current) meta.textContent = translate("search.result.placeholder");
      },
      () => {
        meta.textContent = "Search is unavailable: its index could not be loaded.";
      },
    );
    if (input.value.trim()) search(input.value);
  }

  input.addEventListener("focus", start, { once: true });
  input.addEventListener("input", schedule);
  if (input.form) input.form.addEventListener("reset", () => setTimeout(() => search(""), 0));
  scrollwrap.addEventListener("scroll", () => {
    if (scrollwrap.scrollTop + scrollwrap.clientHeight >= scrollwrap.scrollHeight - 200) showMore();
  }, { passive: true });
  // Material focuses the box before this deferred script runs when the address has ?q=.
  if (document.activeElement === input) {
    input.removeEventListener("focus", start);
    start();
  }
})();
