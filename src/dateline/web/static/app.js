// dateline's web app: a hash router over the views. Routes:
//   #/?FILTERS            map, timeline and lists
//   #/article/ID?event=N  the article, with event N's evidence (or quote=N, entity=ID,
//                         place=ID, start=&end=) marked and scrolled to
//   #/event/ID  #/entity/ID  #/place/ID  #/quote/ID  #/search?q=WORDS
import { api, filtersOf, ApiError } from "./api.js";
import { el, clear } from "./dom.js";
import { articlePage } from "./article.js";
import { Home } from "./home.js";
import { entityPage, eventPage, placePage, searchPage } from "./pages.js";

const PALETTE = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#637939"];
const FIXED = { ASSAULT: "#d62728", PROTEST: "#ff7f0e", COERCE: "#9467bd", MOBILIZE: "#8c564b", AID: "#2ca02c", AGREE: "#17becf", CONSULT: "#1f77b4", THREATEN: "#e377c2" };

let meta = null;
let home = null;
const view = document.getElementById("view");

function colour(type) {
  if (!type) return "#7f7f7f";
  if (FIXED[type]) return FIXED[type];
  let h = 0;
  for (const c of type) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

function parse(hash) {
  const raw = hash.replace(/^#/, "") || "/";
  const [path, query] = raw.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { parts, params: new URLSearchParams(query || "") };
}

async function route() {
  const { parts, params } = parse(location.hash);
  const [page, id] = parts;
  document.body.dataset.page = page || "home";
  try {
    if (!page) {
      if (!home) home = new Home(clear(view), meta, colour);
      else home.mount(view);
      const input = document.querySelector("#search input");
      if (input && params.get("text")) input.value = params.get("text");
      await home.show(filtersOf(params));
      return;
    }
    clear(view);
    if (page === "article") await articlePage(view, id, params, colour);
    else if (page === "event") await eventPage(view, id, colour);
    else if (page === "entity") await entityPage(view, id, colour);
    else if (page === "place") await placePage(view, id, colour);
    else if (page === "quote") {
      const cut = id.lastIndexOf("-");
      location.replace(`#/article/${encodeURIComponent(id.slice(0, cut))}?quote=${id.slice(cut + 1)}`);
      return;
    } else if (page === "search") await searchPage(view, params.get("q") || "", colour);
    else throw new ApiError(404, { message: `no page ${page}` });
    window.scrollTo(0, 0);
    const focus = view.querySelector(".focus");
    if (focus) focus.scrollIntoView({ block: "center" });
  } catch (error) {
    clear(view);
    view.append(
      el("div", { class: "error", role: "alert" },
        el("h1", {}, error.status === 404 ? "Not found" : "Something went wrong"),
        el("p", {}, error.message || String(error)),
        el("p", {}, el("a", { href: "#/" }, "Back to the map")),
      ),
    );
  } finally {
    document.body.dataset.ready = "1";
  }
}

async function start() {
  meta = await api("/api/meta");
  const tables = meta.tables;
  document.getElementById("store").textContent =
    `${meta.store}: ${tables.articles} articles · ${tables.events} events · ${tables.quotes} quotes`;
  document.getElementById("search").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = e.target.elements.q.value.trim();
    location.hash = `#/search?${new URLSearchParams({ q })}`;
  });
  window.addEventListener("hashchange", () => {
    document.body.dataset.ready = "";
    route();
  });
  await route();
}

start().catch((error) => {
  view.append(el("div", { class: "error", role: "alert" }, `Cannot reach the API: ${error.message}`));
});
