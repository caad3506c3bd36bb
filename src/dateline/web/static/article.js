// The article page: the clean text with every entity and place mention, quote, event
// evidence sentence and trigger highlighted from their offsets; layers can be switched
// off; the removed boilerplate is shown greyed on request; the original input is named.
// The text is cut at every span boundary into text nodes wrapped in <span>s: the article's
// characters only ever become text nodes.
import { api } from "./api.js";
import { el, outLink, short } from "./dom.js";
import { typeChip } from "./lists.js";

const LAYERS = [
  ["entity", "entities"],
  ["place", "places"],
  ["quote", "quotes"],
  ["event", "events"],
];

export async function articlePage(root, id, params, colour) {
  const detail = await api(`/api/articles/${encodeURIComponent(id)}`);
  const a = detail.article;
  const spans = spansOf(a);
  const focus = focusOf(params, a);
  const textBox = el("div", { id: "article-text", class: "article-text" });
  renderText(textBox, a.text, spans, focus);
  const toggles = el(
    "div",
    { class: "layers" },
    LAYERS.map(([layer, label]) =>
      el(
        "label",
        {},
        el("input", { type: "checkbox", checked: true, "data-layer": layer, onchange: (e) => textBox.classList.toggle(`hide-${layer}`, !e.target.checked) }),
        el("span", { class: `key hl-${layer}` }, label),
      ),
    ),
  );
  const boiler = el("div", { class: "boilerplate", id: "boilerplate", hidden: true },
    el("h3", {}, "Removed from the page"),
    a.boilerplate.length
      ? a.boilerplate.map((b) => el("div", { class: "boiler-piece" }, el("span", { class: "boiler-kind" }, b.kind), el("span", { class: "boiler-text" }, b.text)))
      : el("p", { class: "empty" }, "Nothing was removed."),
  );
  const showBoiler = el("label", {},
    el("input", { type: "checkbox", id: "show-boilerplate", onchange: (e) => { boiler.hidden = !e.target.checked; } }),
    ` removed boilerplate (${a.boilerplate.length})`,
  );
  root.append(
    el("article", { class: "page article-page", "data-id": id },
      el("h1", { id: "article-title" }, a.title || "(no title)"),
      el("div", { class: "meta" }, metaLine(a)),
      a.summary ? el("p", { class: "summary" }, a.summary) : null,
      el("div", { class: "layout" },
        el("div", { class: "main" }, toggles, showBoiler, textBox, boiler),
        el("aside", { class: "side" }, inputBox(detail), sideLists(a, id, colour), copiesBox(detail)),
      ),
    ),
  );
  const first = textBox.querySelector(".focus");
  if (first) first.scrollIntoView({ block: "center" });
}

function metaLine(a) {
  const parts = [a.outlet, a.section];
  if (a.published) parts.push(`published ${a.published.date} (${a.published.precision}, from ${a.published.source})`);
  if (a.dateline) parts.push(`dateline “${a.dateline.text}”`);
  if (a.authors && a.authors.length) parts.push(`by ${a.authors.join(", ")}`);
  if (a.language) parts.push(a.language);
  return parts.filter(Boolean).join(" · ");
}

function inputBox(detail) {
  const i = detail.input;
  const rows = [
    ["location", i.location],
    ["url", i.url ? outLink(i.url, i.url) : null],
    ["kind", i.kind],
    ["media type", i.media_type],
    ["bytes", i.size],
    ["archive", i.archive],
    ["record", i.record_id],
    ["captured", i.record_date],
    ["sha256", detail.article.input.sha256],
  ].filter(([, v]) => v !== null && v !== undefined && v !== "");
  return el("section", { class: "input", id: "original-input" },
    el("h3", {}, "Original input"),
    el("dl", {}, rows.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])),
  );
}

function copiesBox(detail) {
  if (!detail.duplicate_of && !detail.copies.length) return null;
  return el("section", { class: "copies" },
    el("h3", {}, "Near-duplicate copies"),
    detail.duplicate_of ? el("p", {}, "A copy of ", el("a", { href: `#/article/${encodeURIComponent(detail.duplicate_of)}` }, "the earliest copy"), ".") : null,
    el("ul", {}, detail.copies.map((c) => el("li", {}, el("a", { href: `#/article/${encodeURIComponent(c.id)}` }, c.title || c.id), ` ${c.outlet || ""} ${c.date || ""}`))),
  );
}

function sideLists(a, id, colour) {
  return el("section", { class: "side-lists" },
    el("h3", {}, `Events (${a.events.length})`),
    el("ul", { class: "items" }, a.events.map((e, n) =>
      el("li", {}, typeChip(e.type, colour), " ",
        el("a", { href: `#/event/${encodeURIComponent(`${id}-${n}`)}` }, e.date || "no date of its own"),
        " ", el("a", { href: `#/article/${encodeURIComponent(id)}?event=${n}`, class: "show-span" }, "show"),
      ))),
    el("h3", {}, `Quotes (${a.quotes.length})`),
    el("ul", { class: "items" }, a.quotes.map((q, n) =>
      el("li", {}, el("a", { href: `#/article/${encodeURIComponent(id)}?quote=${n}` }, "“", short(q.text, 90), "”"),
        q.speaker ? [" — ", el("a", { href: `#/entity/${encodeURIComponent(q.speaker)}` }, nameOf(a, q.speaker))] : null))),
    el("h3", {}, `Entities (${a.entities.length})`),
    el("ul", { class: "items" }, a.entities.map((e) =>
      el("li", {}, el("a", { href: `#/entity/${encodeURIComponent(e.id)}` }, e.name), ` ${e.type} ×${e.mentions.length}`))),
    el("h3", {}, `Places (${a.places.length})`),
    el("ul", { class: "items" }, a.places.map((p) =>
      el("li", {}, el("a", { href: `#/place/${encodeURIComponent(p.id)}` }, p.name), ` ${p.country || ""} ×${p.mentions.length}`))),
  );
}

function nameOf(a, entityId) {
  const found = a.entities.find((e) => e.id === entityId);
  return found ? found.name : entityId;
}

// Every highlighted span: {start, end, layer, key, label, href}
function spansOf(a) {
  const spans = [];
  const add = (start, end, layer, key, label, href) => {
    if (Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= a.text.length) {
      spans.push({ start, end, layer, key, label, href });
    }
  };
  for (const e of a.entities) {
    for (const m of e.mentions) add(m.start, m.end, "entity", `entity:${e.id}`, `${e.name} (${e.type})`, `#/entity/${encodeURIComponent(e.id)}`);
  }
  for (const p of a.places) {
    for (const m of p.mentions) add(m.start, m.end, "place", `place:${p.id}`, `${p.name}, ${p.country || ""}`, `#/place/${encodeURIComponent(p.id)}`);
  }
  a.quotes.forEach((q, n) => add(q.start, q.end, "quote", `quote:${n}`, `quote (${q.kind})`, null));
  a.events.forEach((e, n) => {
    add(e.evidence.start, e.evidence.end, "event", `event:${n}`, `${e.type} event`, `#/event/${encodeURIComponent(`${a.id}-${n}`)}`);
    if (e.trigger) add(e.trigger.start, e.trigger.end, "trigger", `event:${n}`, `${e.type} trigger`, null);
  });
  return spans;
}

// Which spans to mark and scroll to: ?event=N, ?quote=N, ?entity=ID, ?place=ID, ?start=&end=
function focusOf(params, a) {
  for (const kind of ["event", "quote", "entity", "place"]) {
    if (params.has(kind)) return { key: `${kind}:${params.get(kind)}` };
  }
  if (params.has("start") && params.has("end")) {
    return { start: Number(params.get("start")), end: Number(params.get("end")) };
  }
  return null;
}

function renderText(box, text, spans, focus) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  if (focus && focus.start !== undefined) {
    cuts.add(Math.max(0, Math.min(text.length, focus.start)));
    cuts.add(Math.max(0, Math.min(text.length, focus.end)));
  }
  const points = [...cuts].sort((x, y) => x - y);
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i];
    const to = points[i + 1];
    const piece = text.slice(from, to);
    const on = spans.filter((s) => s.start <= from && s.end >= to);
    const focused = focus && (focus.key ? on.some((s) => s.key === focus.key && s.layer !== "trigger") : focus.start <= from && focus.end >= to);
    if (!on.length && !focused) {
      box.append(document.createTextNode(piece));
      continue;
    }
    const classes = ["hl", ...new Set(on.map((s) => `hl-${s.layer}`))];
    if (focused) classes.push("focus");
    // The innermost span with a page is where a click goes.
    const target = on.filter((s) => s.href).sort((x, y) => (x.end - x.start) - (y.end - y.start))[0];
    const node = el(target ? "a" : "span", { class: classes.join(" "), title: on.map((s) => s.label).join(" · ") }, piece);
    if (target) node.setAttribute("href", target.href);
    box.append(node);
  }
}
