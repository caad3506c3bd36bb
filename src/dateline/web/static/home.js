// The home view: map, timeline and the lists, all under the filters in the address
// (#/?type=ASSAULT&since=2014-12-01). Brushing the timeline, a legend chip, a map popup or
// "filter to map view" change the address, and everything follows it.
import { api, homeHash, withFilters } from "./api.js";
import { el, clear, short } from "./dom.js";
import { itemList, typeChip } from "./lists.js";
import { MapView } from "./map.js";
import { Timeline } from "./timeline.js";

const KINDS = ["events", "articles", "entities", "places", "quotes"];
const MAP_ROWS = 500;

export class Home {
  constructor(root, meta, colour) {
    this.meta = meta;
    this.colour = colour;
    this.tab = "events";
    this.filters = {};
    this.node = el("section", { class: "home" });
    const left = el("div", { class: "home-left" });
    this.chips = el("div", { class: "filters", id: "filters" });
    this.mapBox = el("div", { id: "map", class: "map" });
    this.timelineBox = el("div", { id: "timeline", class: "timeline" });
    const bboxButton = el(
      "button",
      { type: "button", class: "small", id: "bbox-filter", onclick: () => this.go({ bbox: this.map.bounds() }) },
      "Filter to map view",
    );
    left.append(this.chips, this.mapBox, el("div", { class: "map-tools" }, bboxButton), this.timelineBox);
    this.tabs = el("nav", { class: "tabs", role: "tablist" });
    this.list = el("div", { class: "list", id: "list" });
    this.more = el("div", { class: "more" });
    const right = el("div", { class: "home-right" }, this.tabs, this.list, this.more);
    this.node.append(left, right);
    root.append(this.node);
    this.map = new MapView(this.mapBox, meta, {
      colour,
      onPlace: (p) => this.placePopup(p),
      onEvent: (e) => this.eventPopup(e),
    });
    this.timeline = new Timeline(this.timelineBox, {
      colour,
      onBrush: (since, until) => this.go({ since, until }),
      onType: (type) => this.toggleType(type),
    });
  }

  mount(root) {
    if (this.node.parentNode !== root) {
      clear(root);
      root.append(this.node);
    }
    this.map.resize();
  }

  go(changes) {
    location.hash = homeHash(withFilters(this.filters, changes));
  }

  toggleType(type) {
    const now = this.filters.type || [];
    this.go({ type: now.includes(type) ? now.filter((t) => t !== type) : [...now, type] });
  }

  async show(filters, tab) {
    const turn = (this.turn = (this.turn || 0) + 1);
    this.filters = filters;
    if (tab) this.tab = tab;
    this.renderChips();
    const undated = withFilters(filters, { since: null, until: null });
    this.node.dataset.loading = "1";
    const [events, places, timeline] = await Promise.all([
      api("/api/events", { ...filters, limit: MAP_ROWS, sort: "date" }),
      api("/api/places", { ...filters, limit: MAP_ROWS }),
      api("/api/timeline", undated),
    ]);
    if (turn !== this.turn) return; // the address changed while this was loading
    this.map.show(places.items, events.items);
    this.timeline.render(timeline, { since: filters.since, until: filters.until, types: filters.type });
    await this.renderTabs({ events: events.total, places: places.total });
    delete this.node.dataset.loading;
  }

  renderChips() {
    const box = clear(this.chips);
    const names = Object.keys(this.filters);
    if (!names.length) {
      box.append(el("span", { class: "hint" }, "All of the store. Drag on the timeline, click the map or search to narrow it."));
      return;
    }
    for (const name of names) {
      const value = this.filters[name];
      box.append(
        el(
          "span",
          { class: "chip filter", "data-filter": name },
          `${name}: ${Array.isArray(value) ? value.join(", ") : value}`,
          el("button", { type: "button", class: "x", title: `Remove ${name}`, onclick: () => this.go({ [name]: null }) }, "×"),
        ),
      );
    }
    box.append(el("a", { href: "#/", class: "clear-all" }, "clear all"));
  }

  // The tabs with every kind's total under the filters (those not in `known`, which show()
  // has already, fetched one row each), then the open tab's list.
  async renderTabs(known) {
    const missing = KINDS.filter((kind) => !(kind in known));
    const totals = await Promise.all(missing.map((kind) => api(`/api/${kind}`, { ...this.filters, limit: 1 }).then((r) => r.total)));
    this.totals = { ...known, ...Object.fromEntries(missing.map((kind, i) => [kind, totals[i]])) };
    this.drawTabs();
    await this.renderList(0, true);
  }

  // The tabs from the stored totals; a tab click redraws them and shows its list.
  drawTabs() {
    clear(this.tabs);
    KINDS.forEach((kind) => {
      this.tabs.append(
        el(
          "button",
          {
            type: "button",
            role: "tab",
            class: kind === this.tab ? "tab on" : "tab",
            "data-kind": kind,
            "aria-selected": kind === this.tab ? "true" : "false",
            onclick: () => {
              this.tab = kind;
              this.drawTabs();
              this.renderList(0, true);
            },
          },
          `${kind} `,
          el("span", { class: "count" }, String(this.totals[kind])),
        ),
      );
    });
  }

  async renderList(offset, fresh) {
    const page = await api(`/api/${this.tab}`, { ...this.filters, limit: 50, offset });
    if (fresh) clear(this.list);
    const list = itemList(this.tab, page.items, this.colour);
    this.list.dataset.kind = this.tab;
    this.list.append(list);
    clear(this.more);
    if (page.next) {
      this.more.append(el("button", { type: "button", class: "small", onclick: () => this.renderList(offset + page.limit, false) }, `More (${page.total - offset - page.items.length} left)`));
    }
  }

  placePopup(place) {
    return el(
      "div",
      { class: "popup" },
      el("strong", {}, place.name || place.id),
      el("div", {}, `${place.country || ""} · ${place.articles} article(s) · ${place.events} event(s)`),
      el(
        "div",
        { class: "popup-links" },
        el("a", { href: `#/place/${encodeURIComponent(place.id)}` }, "open place"),
        " · ",
        el("a", { href: homeHash(withFilters(this.filters, { place: place.id })) }, "filter to it"),
      ),
    );
  }

  eventPopup(event) {
    return el(
      "div",
      { class: "popup" },
      typeChip(event.type, this.colour),
      el("div", {}, `${event.date || "undated"} · ${event.place || ""}`),
      el("div", { class: "snippet" }, short(event.evidence_text, 200)),
      el("div", { class: "popup-links" }, el("a", { href: `#/event/${encodeURIComponent(event.id)}`, class: "open-event" }, "open event")),
    );
  }
}
