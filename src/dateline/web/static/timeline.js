// The timeline: one bar per period (day, month or year, as the API chose), events stacked
// by type over a grey bar of the articles of that period. Dragging across it (or clicking
// one bar) picks a date range: onBrush(since, until); the chosen range stays drawn.
import { el, svg, clear } from "./dom.js";

const HEIGHT = 120;
const PAD = { left: 34, right: 10, top: 8, bottom: 22 };
const DAY = 86400000;

const time = (iso) => Date.parse(`${iso}T00:00:00Z`);

export class Timeline {
  constructor(container, { colour, onBrush, onType }) {
    this.container = container;
    this.colour = colour;
    this.onBrush = onBrush;
    this.onType = onType;
  }

  render(data, { since, until, types }) {
    const box = clear(this.container);
    const periods = new Map();
    for (const b of [...data.events, ...data.articles]) {
      if (!periods.has(b.period)) periods.set(b.period, { start: b.start, end: b.end, events: [], articles: 0 });
      const p = periods.get(b.period);
      if (b.type === "articles") p.articles += b.count;
      else p.events.push(b);
    }
    const allTypes = [...new Set(data.events.map((b) => b.type))].sort();
    box.append(this.legend(allTypes, types || [], data));
    if (!periods.size) {
      box.append(el("p", { class: "empty" }, "No dated events or articles match."));
      return;
    }
    const width = Math.max(320, this.container.clientWidth || 640);
    const list = [...periods.values()].sort((a, b) => a.start.localeCompare(b.start));
    const t0 = time(list[0].start);
    const t1 = time(list[list.length - 1].end) + DAY;
    const span = Math.max(t1 - t0, DAY);
    const x = (t) => PAD.left + ((t - t0) / span) * (width - PAD.left - PAD.right);
    const top = Math.max(1, ...list.map((p) => Math.max(p.articles, p.events.reduce((s, b) => s + b.count, 0))));
    const y = (n) => HEIGHT - PAD.bottom - (n / top) * (HEIGHT - PAD.top - PAD.bottom);
    const chart = svg("svg", {
      width,
      height: HEIGHT,
      class: "timeline-chart",
      role: "img",
      "aria-label": `Timeline by ${data.unit}`,
    });
    chart.append(svg("line", { x1: PAD.left, x2: width - PAD.right, y1: y(0), y2: y(0), class: "axis" }));
    chart.append(svg("text", { x: PAD.left - 4, y: y(top) + 8, class: "tick", "text-anchor": "end" }, String(top)));
    for (const p of list) {
      const left = x(time(p.start));
      const barWidth = Math.max(3, x(time(p.end) + DAY) - left - 1);
      if (p.articles) {
        const a = svg("rect", { x: left, y: y(p.articles), width: barWidth, height: y(0) - y(p.articles), class: "bar-articles" });
        a.append(svg("title", {}, `${p.start.slice(0, data.unit === "day" ? 10 : data.unit === "month" ? 7 : 4)}: ${p.articles} article(s)`));
        chart.append(a);
      }
      let base = 0;
      for (const b of p.events.sort((m, n) => m.type.localeCompare(n.type))) {
        const rect = svg("rect", {
          x: left + barWidth * 0.2,
          y: y(base + b.count),
          width: Math.max(2, barWidth * 0.6),
          height: y(base) - y(base + b.count),
          fill: this.colour(b.type),
          class: "bar-event",
          "data-type": b.type,
          "data-period": b.period,
        });
        rect.append(svg("title", {}, `${b.period}: ${b.count} ${b.type}`));
        chart.append(rect);
        base += b.count;
      }
    }
    for (const p of [list[0], list[list.length - 1]]) {
      const anchor = p === list[0] ? "start" : "end";
      const at = p === list[0] ? PAD.left : width - PAD.right;
      chart.append(svg("text", { x: at, y: HEIGHT - 6, class: "tick", "text-anchor": anchor }, p.start.slice(0, data.unit === "year" ? 4 : data.unit === "month" ? 7 : 10)));
    }
    if (since || until) {
      const left = since ? Math.max(PAD.left, x(time(since.padEnd(10, "-01").slice(0, 10)))) : PAD.left;
      const right = until ? Math.min(width - PAD.right, x(time(until.slice(0, 10)) + DAY)) : width - PAD.right;
      chart.append(svg("rect", { x: left, y: PAD.top, width: Math.max(2, right - left), height: y(0) - PAD.top, class: "brush" }));
    }
    this.brushing(chart, list, x, y(0));
    box.append(chart);
    box.append(el("div", { class: "timeline-help" }, "Drag across the timeline (or click a bar) to pick dates."));
  }

  legend(allTypes, chosen, data) {
    const legend = el("div", { class: "legend" });
    for (const type of allTypes) {
      const total = data.events.filter((b) => b.type === type).reduce((s, b) => s + b.count, 0);
      const on = !chosen.length || chosen.includes(type);
      legend.append(
        el(
          "button",
          { type: "button", class: on ? "chip" : "chip off", "data-type": type, title: `Show only ${type} (toggle)`, onclick: () => this.onType(type) },
          el("span", { class: "swatch", style: null }),
          `${type} ${total}`,
        ),
      );
      legend.lastChild.firstChild.style.background = this.colour(type);
    }
    legend.append(el("span", { class: "chip articles-key" }, el("span", { class: "swatch" }), "articles"));
    return legend;
  }

  brushing(chart, list, x, bottom) {
    let from = null;
    let band = null;
    const at = (e) => {
      const r = chart.getBoundingClientRect();
      return e.clientX - r.left;
    };
    chart.addEventListener("pointerdown", (e) => {
      from = at(e);
      chart.setPointerCapture(e.pointerId);
      band = svg("rect", { x: from, y: PAD.top, width: 1, height: bottom - PAD.top, class: "brush live" });
      chart.append(band);
    });
    chart.addEventListener("pointermove", (e) => {
      if (from === null) return;
      const to = at(e);
      band.setAttribute("x", Math.min(from, to));
      band.setAttribute("width", Math.max(1, Math.abs(to - from)));
    });
    chart.addEventListener("pointerup", (e) => {
      if (from === null) return;
      let lo = Math.min(from, at(e));
      let hi = Math.max(from, at(e));
      from = null;
      if (hi - lo < 4) {
        lo -= 2;
        hi += 2;
      }
      const hit = list.filter((p) => x(time(p.end) + DAY) >= lo && x(time(p.start)) <= hi);
      band.remove();
      if (hit.length) this.onBrush(hit[0].start, hit[hit.length - 1].end);
    });
  }
}
