// Parley's search page: the only script on the site. It reads ?q= and filters from the address,
// queries the Pagefind index written at build time, and shows title, date and excerpt per result.
// Everything is built with textContent; of the index's excerpt HTML only <mark> is kept.

const FILTER_LABELS = { actor: "Actor", round: "Round", year: "Year", outlet: "Outlet" };
const PAGE_SIZE = 10;
const WIDE_SCREEN = "(min-width: 56rem)";

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
  // Resolved against this page, so the site works under any sub-path (pagefind.js finds its bundle
  // from its own address).
  const pagefind = await import(new URL(root.dataset.bundle, document.baseURI).href);
  await pagefind.init();
  renderFilters(root, await pagefind.filters(), params);
  const search = newSearch(root, pagefind);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  form.addEventListener("change", (event) => {
    if (event.target.type === "checkbox") search();
  });
  form.elements.q.addEventListener("input", debounce(search, 250));
  await search();
}

function newSearch(root, pagefind) {
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
    const found = await pagefind.search(term || null, { filters });
    if (ticket !== latest) return; // a newer query was typed meanwhile
    updateCounts(root, found.filters || {});
    const count = found.results.length;
    const what = term ? ` for “${term}”` : "";
    const message = count === 0 ? `No briefings found${what}.` : `${count} briefing${count === 1 ? "" : "s"} found${what}.`;
    showResults(root, found.results, message);
  };
}

function rememberInAddress(form) {
  const params = new URLSearchParams(new FormData(form));
  if (!params.get("q")) params.delete("q");
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
    const values = Object.keys(totals[name] || {}).sort(name === "year" ? (a, b) => b.localeCompare(a) : compareText);
    if (values.length === 0) continue;
    const fieldset = element("fieldset", "filter-group");
    fieldset.append(element("legend", "", label));
    for (const value of values) {
      fieldset.append(filterOption(name, value, totals[name][value], params.getAll(name).includes(value)));
    }
    groups.append(fieldset);
  }
  details.hidden = groups.childElementCount === 0;
  details.open = window.matchMedia(WIDE_SCREEN).matches || groups.querySelector("input:checked") !== null;
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

function compareText(a, b) {
  return a.localeCompare(b, "en", { sensitivity: "base" });
}

function debounce(callback, wait) {
  let timer;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(callback, wait);
  };
}
