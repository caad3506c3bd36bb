// One line per item of each kind, as links to its page; shared by the home lists, the
// search page and the item pages.
import { el, short } from "./dom.js";

export function itemLine(kind, item, colour) {
  if (kind === "events") {
    return el(
      "li",
      { class: "item event-item", "data-id": item.id },
      typeChip(item.type, colour),
      el("a", { href: `#/event/${encodeURIComponent(item.id)}` }, item.date || "undated", " · ", item.place || "no place"),
      el("div", { class: "snippet" }, short(item.evidence_text, 180)),
      el("div", { class: "meta" }, [item.outlet, item.title, item.sources > 1 ? `${item.sources} sources` : null].filter(Boolean).join(" — ")),
    );
  }
  if (kind === "articles") {
    return el(
      "li",
      { class: "item article-item", "data-id": item.id },
      el("a", { href: `#/article/${encodeURIComponent(item.id)}` }, item.title || "(no title)"),
      el(
        "div",
        { class: "meta" },
        [item.outlet, item.date, `${item.events} event(s)`, `${item.quotes} quote(s)`, item.duplicate_of ? "near-duplicate" : null]
          .filter(Boolean)
          .join(" · "),
      ),
      item.summary ? el("div", { class: "snippet" }, short(item.summary, 180)) : null,
    );
  }
  if (kind === "entities") {
    return el(
      "li",
      { class: "item entity-item", "data-id": item.id },
      el("a", { href: `#/entity/${encodeURIComponent(item.id)}` }, item.name || item.id),
      el(
        "span",
        { class: "meta" },
        ` ${item.type || ""} · ${item.articles} article(s) · ${item.mentions} mention(s)`,
        item.aliases && item.aliases.length ? ` · also ${short(item.aliases.join(", "), 80)}` : "",
      ),
    );
  }
  if (kind === "places") {
    return el(
      "li",
      { class: "item place-item", "data-id": item.id },
      el("a", { href: `#/place/${encodeURIComponent(item.id)}` }, item.name || item.id),
      el("span", { class: "meta" }, ` ${item.country || ""} · ${item.mentions} mention(s) · ${item.events} event(s)`),
    );
  }
  return el(
    "li",
    { class: "item quote-item", "data-id": item.id },
    el("a", { href: quoteHref(item) }, "“", short(item.text, 220), "”"),
    el(
      "div",
      { class: "meta" },
      item.speaker ? el("a", { href: `#/entity/${encodeURIComponent(item.speaker)}` }, item.speaker_name || item.speaker) : item.speaker_text || "unattributed",
      ` · ${item.kind || ""} · ${item.date || ""} · ${item.outlet || ""}`,
    ),
  );
}

export function quoteHref(quote) {
  return `#/article/${encodeURIComponent(quote.article_id)}?quote=${quote.n}`;
}

export function typeChip(type, colour) {
  const chip = el("span", { class: "type-chip" }, type || "UNKNOWN");
  chip.style.borderColor = colour(type);
  return chip;
}

export function itemList(kind, items, colour) {
  if (!items.length) return el("p", { class: "empty" }, `No ${kind}.`);
  return el("ul", { class: `items ${kind}` }, items.map((item) => itemLine(kind, item, colour)));
}
