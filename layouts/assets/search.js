// Parley's search page: the only script on the site. It reads ?q=, ?sort= and filters from the address,
// queries the Pagefind bundles written at build time (one per year, or per month of a large year,
// merged with mergeIndex), and shows title, date and excerpt per result. Everything is built with
// textContent; of the index's excerpt HTML only <mark> is kept.

const FILTER_LABELS = { actor: "Actor", round: "Round", year: "Year", outlet: "Outlet" };
// Every page is tagged with its bundle's shard (a synthetic filter, set with mergeFilter), so a query
// can leave a bundle out or search it alone; a year split by month spans several bundles.
const SHARD_FILTER = "shard";
const PAGE_SIZE = 10;
// Numeric collation, so "Round 2" comes before "Round 10".
const COLLATOR = new Intl.Collator("en", { sensitivity: "base", numeric: true });

const root = document.getElementById("search");
if (root) {
  start(root).catch((error) => {
    setStatus(root, `Search could not start (${error.message}). Browse the briefings by month instead.`);
  });
}

async function start(root) {
  const form = root.querySelector("form");
  const params = new URLSearchParams(window.location.search);
  form.elements.q.value = params.get("q") || "";
  form.elements.sort.value = params.get("sort") === "newest" ? "newest" : "";
  // Resolved against this page, so the site works under any sub-path.
  const bundles = root.dataset.bundles.split(" ").filter(Boolean).map((url) => new URL(url, document.baseURI));
  if (bundles.length === 0) {
    setStatus(root, "There are no briefings to search yet.");
    return;
  }
  const baseUrl = new URL(root.dataset.base, document.baseURI).pathname;
  // A bundle's folder is named after its shard: pagefind/2025/, or pagefind/2025-03/.
  const shards = bundles.map((bundle) => bundle.pathname.split("/").filter(Boolean).pop());
  // The newest bundle is the primary one: its pagefind.js and WebAssembly serve every bundle.
  const pagefind = await import(new URL("pagefind.js", bundles[0]).href);
  await pagefind.options({ baseUrl, mergeFilter: { [SHARD_FILTER]: shards[0] } });
  await pagefind.init();
  for (let index = 1; index < bundles.length; index++) {
    await pagefind.mergeIndex(bundles[index].pathname, { baseUrl, mergeFilter: { [SHARD_FILTER]: shards[index] } });
  }
  renderFilters(root, await pagefind.filters(), params);
  const search = newSearch(root, pagefind, shards);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  form.addEventListener("change", (event) => {
    if (event.target.type === "checkbox" || event.target.name === "sort") search();
  });
  form.elements.q.addEventListener("input", debounce(search, 250));
  await search();
}

function newSearch(root, pagefind, shards) {
  let latest = 0;
  return async function search() {
    const ticket = ++latest;
    const form = root.querySelector("form");
    rememberInAddress(form);
    const term = form.elements.q.value.trim();
    const filters = selectedFilters(form);
    if (!term && Object.keys(filters).length === 0) {
      showResults(root, [], "Type a word, such as a name or a place, to search every briefing.");
      return;
    }
    const found = await searchAll(pagefind, term || null, filters, shards, form.elements.sort.value === "newest");
    if (ticket !== latest) return; // a newer query was typed meanwhile
    updateCounts(root, found.filters);
    const count = found.results.length;
    const what = term ? ` for “${term}”` : "";
    const message = count === 0 ? `No briefings found${what}.` : `${count} briefing${count === 1 ? "" : "s"} found${what}.`;
    showResults(root, found.results, message);
  };
}

// The same pages as one index over the whole archive would find. A bundle answers a query word it
// lacks differently from a single index: with several words it leaves that word out (a year without
// "correction" would return every page with "added" for "correction added"), and for a word that no
// indexed word starts with it matches the longest indexed word that starts it ("a" for "amman").
// So every bundle that lacks a query word some other bundle has is filtered out.
async function searchAll(pagefind, term, filters, shards, newestFirst) {
  const lacking = term ? await shardsLackingAWord(pagefind, term, shards) : [];
  const narrowed = lacking.length > 0 ? { ...filters, [SHARD_FILTER]: { none: lacking } } : filters;
  if (!newestFirst) return pagefind.search(term, { filters: narrowed });
  // mergeIndex ranks merged results by score, which is a position within its own bundle when
  // sorting, so the bundles are searched one by one, newest first, each sorted by date.
  const searched = shards.filter((shard) => !lacking.includes(shard));
  const parts = await Promise.all(searched.map((shard) => pagefind.search(term, {
    filters: { ...filters, [SHARD_FILTER]: { any: [shard] } }, sort: { date: "desc" },
  })));
  return { results: parts.flatMap((part) => part.results), filters: sumCounts(parts.map((part) => part.filters)) };
}

async function shardsLackingAWord(pagefind, term, shards) {
  if (/^\s*".+"\s*$/.test(term)) return []; // an exact phrase finds nothing in a bundle without its words
  const lacking = new Set();
  for (const word of term.split(/\s+/).filter(Boolean)) {
    const [found, exact] = await Promise.all([pagefind.search(word, {}), pagefind.search(`"${word}"`, {})]);
    const perShard = found.filters[SHARD_FILTER] || {};
    const exactPerShard = exact.filters[SHARD_FILTER] || {};
    const has = await Promise.all(shards.map(async (shard) => (exactPerShard[shard] || 0) > 0
      || ((perShard[shard] || 0) > 0 && !(await isPrefixFallback(pagefind, word, shard)))));
    if (!has.includes(true)) continue; // no bundle has it: every bundle answers it as one index would
    shards.forEach((shard, index) => has[index] || lacking.add(shard));
  }
  return [...lacking].sort();
}

// Whether a bundle matched `word` only through a shorter indexed word that starts it: its results then
// mark only such words (a result that matched in metadata alone marks nothing, and counts as a match).
async function isPrefixFallback(pagefind, word, shard) {
  const found = await pagefind.search(word, { filters: { [SHARD_FILTER]: { any: [shard] } } });
  if (found.results.length === 0) return true;
  const { excerpt } = await found.results[0].data();
  const query = normalizeWord(word);
  const marked = [...excerpt.matchAll(/<mark>(.*?)<\/mark>/g)].map((match) => normalizeWord(match[1]));
  return marked.length > 0 && marked.every((mark) => mark.length < query.length && query.startsWith(mark));
}

function normalizeWord(text) {
  return text.normalize("NFD").replace(/[\p{M}\p{P}\p{S}\s]/gu, "").toLocaleLowerCase();
}

function sumCounts(countsList) {
  const sums = {};
  for (const counts of countsList) {
    for (const [name, values] of Object.entries(counts || {})) {
      sums[name] ||= {};
      for (const [value, count] of Object.entries(values)) sums[name][value] = (sums[name][value] || 0) + count;
    }
  }
  return sums;
}

function rememberInAddress(form) {
  const params = new URLSearchParams(new FormData(form));
  if (!params.get("q")) params.delete("q");
  if (!params.get("sort")) params.delete("sort");
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
}

function selectedFilters(form) {
  const filters = {};
  for (const box of form.querySelectorAll(".filter-groups input:checked")) {
    (filters[box.name] ||= { any: [] }).any.push(box.value);
  }
  return filters;
}

function renderFilters(root, totals, params) {
  const details = root.querySelector(".search-filters");
  const groups = details.querySelector(".filter-groups");
  for (const [name, label] of Object.entries(FILTER_LABELS)) {
    const values = Object.keys(totals[name] || {}).sort(name === "year" ? (a, b) => b.localeCompare(a) : COLLATOR.compare);
    if (values.length === 0) continue;
    const fieldset = element("fieldset", "filter-group");
    fieldset.append(element("legend", "", label));
    for (const value of values) {
      fieldset.append(filterOption(name, value, totals[name][value], params.getAll(name).includes(value)));
    }
    groups.append(fieldset);
  }
  // Collapsed on every screen, so results are never pushed below the fold; open when a filter is set.
  details.hidden = groups.childElementCount === 0;
  details.open = groups.querySelector("input:checked") !== null;
}

function filterOption(name, value, count, checked) {
  const label = element("label", "filter-option");
  const box = element("input");
  Object.assign(box, { type: "checkbox", name, value, checked });
  const text = element("span");
  const counter = element("span", "meta filter-count", ` (${count})`);
  counter.dataset.filter = name;
  counter.dataset.value = value;
  text.append(element("bdi", "", value), counter);
  label.append(box, text);
  return label;
}

function updateCounts(root, remaining) {
  for (const counter of root.querySelectorAll(".filter-count")) {
    const count = (remaining[counter.dataset.filter] || {})[counter.dataset.value] || 0;
    counter.textContent = ` (${count})`;
  }
}

function showResults(root, results, message) {
  const list = root.querySelector(".result-list");
  const more = root.querySelector(".more");
  list.replaceChildren();
  setStatus(root, message);
  let shown = 0;
  const showPage = async () => {
    const page = results.slice(shown, shown + PAGE_SIZE);
    shown += page.length;
    const items = await Promise.all(page.map(async (result) => resultItem(await result.data())));
    list.append(...items);
    more.hidden = shown >= results.length;
  };
  more.onclick = showPage;
  return showPage();
}

function resultItem(result) {
  const item = element("li", "entry-card");
  const heading = element("h3", "entry-title");
  const link = element("a", "", result.meta.title || result.url);
  link.href = result.url;
  heading.append(link);
  const excerpt = element("p", "summary");
  appendExcerpt(excerpt, result.excerpt || "");
  for (const part of [heading, excerpt]) {
    part.dir = "auto";
    if (result.meta.lang) part.lang = result.meta.lang;
  }
  item.append(heading);
  if (result.meta.date) item.append(element("p", "meta", result.meta.date));
  item.append(excerpt);
  return item;
}

function appendExcerpt(target, html) {
  // DOMParser documents are inert (nothing loads or runs); only text and <mark> are copied over.
  const parsed = new DOMParser().parseFromString(html, "text/html");
  for (const node of parsed.body.childNodes) {
    if (node.nodeName === "MARK") target.append(element("mark", "", node.textContent));
    else target.append(document.createTextNode(node.textContent));
  }
}

function setStatus(root, message) {
  root.querySelector(".search-status").textContent = message;
}

function element(tag, className = "", text = "") {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function debounce(callback, wait) {
  let timer;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(callback, wait);
  };
}
