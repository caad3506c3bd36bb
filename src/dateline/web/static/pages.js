// The item pages (event, entity, place) and the search page.
import { api, homeHash } from "./api.js";
import { el, short } from "./dom.js";
import { itemList, typeChip } from "./lists.js";

function fields(rows) {
  return el("dl", { class: "fields" }, rows.filter(([, v]) => v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && !v.length)).map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

function entityLink(row, fallback) {
  if (!row) return fallback || null;
  return el("a", { href: `#/entity/${encodeURIComponent(row.id)}` }, row.name || row.id);
}

function party(p) {
  const text = `${p.text}${p.code ? ` [${p.code}]` : ""}`;
  return p.entity ? el("a", { href: `#/entity/${encodeURIComponent(p.entity)}` }, text) : text;
}

// The evidence sentence with its trigger in bold, both cut from the sentence's own text.
function evidence(ev) {
  const box = el("blockquote", { class: "evidence" });
  const text = ev.evidence.text || "";
  const t = ev.trigger;
  const from = t ? t.start - ev.evidence.start : -1;
  const to = t ? t.end - ev.evidence.start : -1;
  if (t && from >= 0 && to <= text.length && from < to) {
    box.append(text.slice(0, from), el("strong", { class: "trigger" }, text.slice(from, to)), text.slice(to));
  } else {
    box.append(text);
  }
  return box;
}

// The articles that name an entity or place, each opening with it marked (?entity=id or ?place=id).
function namingArticles(articles, mark, id) {
  return [
    el("h2", {}, `Articles (${articles.length})`),
    el("ul", { class: "items" }, articles.map((a) => el("li", {},
      el("a", { href: `#/article/${encodeURIComponent(a.id)}?${mark}=${encodeURIComponent(id)}` }, a.title || a.id),
      el("span", { class: "meta" }, ` ${a.outlet || ""} ${a.date || ""} · ${a.mentions} mention(s)`)))),
  ];
}

export async function eventPage(root, id, colour) {
  const d = await api(`/api/events/${encodeURIComponent(id)}`);
  const ev = d.event;
  const row = d.row;
  const counts = ev.counts.map((c) => `${c.kind} ${c.qualifier === "exact" ? "" : c.qualifier.replace("_", " ") + " "}${c.number}${c.upper ? `–${c.upper}` : ""}${c.object ? ` ${c.object}` : ""}`);
  const articleHref = `#/article/${encodeURIComponent(row.article_id)}?event=${row.n}`;
  root.append(
    el("article", { class: "page event-page", "data-id": id },
      el("h1", {}, typeChip(ev.type, colour), ` ${row.place || "somewhere"}, ${row.date || "undated"}`),
      evidence(ev),
      el("p", {}, el("a", { href: articleHref, id: "evidence-link", class: "button" }, "Read it in the article"), ` — ${d.article.title || ""} (${d.article.outlet || "unknown outlet"})`),
      fields([
        ["type", ev.type],
        ["mode", ev.mode],
        ["CAMEO", ev.cameo],
        ["modality", ev.modality],
        ["confidence", ev.confidence],
        ["date", ev.date ? `${ev.date}${ev.date_kind ? ` (${ev.date_kind})` : ""}` : `${row.date || "?"} (the article's)`],
        ["actor", entityLink(d.actor, ev.actors.length ? null : "—")],
        ["actors", ev.actors.length ? ev.actors.map((p, i) => [i ? "; " : "", party(p)]) : null],
        ["target", entityLink(d.target, ev.targets.length ? null : "—")],
        ["targets", ev.targets.length ? ev.targets.map((p, i) => [i ? "; " : "", party(p)]) : null],
        ["place", d.place ? el("a", { href: `#/place/${encodeURIComponent(d.place.id)}` }, `${d.place.name} (${d.place.country || ""})`) : null],
        ["drawn at", !d.place && row.place_id ? [el("a", { href: `#/place/${encodeURIComponent(row.place_id)}` }, row.place), row.geo_source === "dateline" ? " (its article's dateline)" : " (the first place its sentence names)"] : null],
        ["counts", counts.length ? counts.join("; ") : null],
        ["context", ev.context.join(", ")],
      ]),
      el("h2", {}, `Reported by ${d.reports.length} article(s), ${d.sources} independent source(s)`),
      el("ul", { class: "items reports" }, d.reports.map((r) => {
        const [articleId, n] = [r.article.id, r.event_id.slice(r.article.id.length + 1)];
        return el("li", { class: "item report", "data-event": r.event_id },
          el("a", { href: `#/article/${encodeURIComponent(articleId)}?event=${n}` }, r.article.title || articleId),
          el("div", { class: "meta" }, [r.article.outlet, r.article.date, r.source !== articleId ? "syndicated copy" : null].filter(Boolean).join(" · ")),
          el("div", { class: "snippet" }, short(r.evidence_text, 240)),
        );
      })),
    ),
  );
}

export async function entityPage(root, id, colour) {
  const d = await api(`/api/entities/${encodeURIComponent(id)}`);
  const e = d.entity;
  root.append(
    el("article", { class: "page entity-page", "data-id": id },
      el("h1", {}, e.name || e.id, el("span", { class: "meta" }, ` ${e.type || ""}`)),
      fields([
        ["id", e.id],
        ["aliases", e.aliases.length ? el("span", { class: "aliases" }, e.aliases.map((a) => el("span", { class: "chip" }, a))) : null],
        ["roles", e.roles.length ? el("span", { class: "roles" }, e.roles.map((r) => el("span", { class: "chip" }, r))) : null],
        ["country", e.country],
        ["sector", e.sector],
        ["knowledge base", e.kb_id],
        ["seen", `${e.mentions} mention(s) in ${e.articles} article(s), ${e.first_seen || "?"} to ${e.last_seen || "?"}`],
      ]),
      el("p", {}, el("a", { href: homeHash({ entity: e.id }) }, "Show on the map and timeline")),
      el("h2", {}, `Events (${d.events.length})`),
      itemList("events", d.events, colour),
      el("h2", {}, `What it said (${d.quotes.length})`),
      itemList("quotes", d.quotes, colour),
      namingArticles(d.articles, "entity", id),
    ),
  );
}

export async function placePage(root, id, colour) {
  const d = await api(`/api/places/${encodeURIComponent(id)}`);
  const p = d.place;
  root.append(
    el("article", { class: "page place-page", "data-id": id },
      el("h1", {}, p.name || p.id),
      fields([
        ["id", p.id],
        ["GeoNames", p.geonameid],
        ["coordinates", p.lat !== null ? `${p.lat}, ${p.lon}` : null],
        ["country", p.country],
        ["admin1", p.admin1],
        ["feature", p.feature],
        ["seen", `${p.mentions} mention(s) in ${p.articles} article(s); ${p.events} event(s)`],
      ]),
      el("p", {}, el("a", { href: homeHash({ place: p.id }) }, "Filter the map and timeline to it")),
      el("h2", {}, `Events here (${d.events.length})`),
      itemList("events", d.events, colour),
      namingArticles(d.articles, "place", id),
    ),
  );
}

export async function searchPage(root, text, colour) {
  const page = el("article", { class: "page search-page" }, el("h1", {}, "Search: ", el("q", {}, text)));
  root.append(page);
  if (!text.trim()) {
    page.append(el("p", { class: "empty" }, "Type words to find in articles, entity names and quotes."));
    return;
  }
  const kinds = ["articles", "entities", "quotes"];
  const found = await Promise.all(kinds.map((kind) => api(`/api/${kind}`, { text, limit: 25 })));
  kinds.forEach((kind, i) => {
    page.append(
      el("section", { class: `results results-${kind}` },
        el("h2", {}, `${kind} (${found[i].total})`),
        itemList(kind, found[i].items, colour),
        found[i].total > found[i].items.length ? el("p", {}, el("a", { href: homeHash({ text }) }, `all ${found[i].total} on the home page`)) : null,
      ),
    );
  });
}
