// The map: country outlines shipped with dateline (Natural Earth 1:110m via world-atlas),
// or tiles when the server was started with --tiles; places as grey-blue circles sized by
// mentions, events as circles coloured by type. Popups and tooltips get DOM nodes, never
// HTML strings (Leaflet would parse a string as HTML).
import { el } from "./dom.js";

const L = window.L;
let outlines = null; // the GeoJSON, fetched once per page

async function countries() {
  if (!outlines) {
    outlines = fetch("/static/vendor/world-atlas/countries-110m.json")
      .then((reply) => reply.json())
      .then((topo) => window.topojson.feature(topo, topo.objects.countries))
      .then((shapes) => ({
        ...shapes,
        features: shapes.features.filter((f) => f.properties.name !== "Antarctica").map(unwrapped),
      }));
  }
  return outlines;
}

// Rings that cross the antimeridian (Russia, Fiji) jump from +180 to -180 and would be
// drawn as a band across the world: shift their later points by 360 degrees instead.
function unwrapped(feature) {
  const ring = (points) => {
    let shift = 0;
    return points.map(([lon, lat], i) => {
      if (i) {
        const before = points[i - 1][0];
        if (lon - before > 180) shift -= 360;
        else if (before - lon > 180) shift += 360;
      }
      return [lon + shift, lat];
    });
  };
  const g = feature.geometry;
  if (!g) return feature;
  const coordinates =
    g.type === "Polygon" ? g.coordinates.map(ring) : g.type === "MultiPolygon" ? g.coordinates.map((p) => p.map(ring)) : g.coordinates;
  return { ...feature, geometry: { ...g, coordinates } };
}

// Ids and types as class names (tests and styles find a marker by its item).
export function cssName(text) {
  return String(text).replace(/[^A-Za-z0-9_-]/g, "_");
}

function escapeText(text) {
  // Leaflet renders attributions as HTML; the operator's --tiles-attribution is shown as text.
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export class MapView {
  constructor(container, meta, { colour, onPlace, onEvent }) {
    this.colour = colour;
    this.onPlace = onPlace;
    this.onEvent = onEvent;
    this.map = L.map(container, { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([25, 15], 2);
    this.map.attributionControl.setPrefix("Leaflet");
    if (meta.tiles) {
      L.tileLayer(meta.tiles, {
        attribution: meta.tiles_attribution ? escapeText(meta.tiles_attribution) : "",
        maxZoom: 12,
      }).addTo(this.map);
    } else {
      this.map.attributionControl.addAttribution("Natural Earth");
      countries()
        .then((shapes) => {
          L.geoJSON(shapes, {
            interactive: false,
            style: { color: "#8a96a3", weight: 0.7, fillColor: "#e9ece6", fillOpacity: 1 },
          })
            .addTo(this.map)
            .bringToBack();
          container.dataset.outlines = String(shapes.features.length);
        })
        .catch(() => {
          container.dataset.outlines = "0";
        });
    }
    this.places = L.layerGroup().addTo(this.map);
    this.events = L.layerGroup().addTo(this.map);
  }

  show(places, events, { fit = true } = {}) {
    this.places.clearLayers();
    this.events.clearLayers();
    const points = [];
    for (const place of places) {
      if (place.lat === null || place.lon === null) continue;
      const marker = L.circleMarker([place.lat, place.lon], {
        radius: 3 + Math.min(12, 2 * Math.sqrt(place.mentions || 1)),
        color: "#2f4b7c",
        weight: 1,
        fillColor: "#6d8fc7",
        fillOpacity: 0.55,
        className: `place-marker place-${cssName(place.id)}`,
      });
      marker.bindTooltip(el("span", {}, `${place.name} · ${place.mentions} mention(s)`));
      marker.bindPopup(() => this.onPlace(place));
      marker.addTo(this.places);
      points.push([place.lat, place.lon]);
    }
    const seen = new Map();
    for (const event of events) {
      if (event.lat === null || event.lon === null) continue;
      // Events at one place fan out a little so each stays clickable.
      const key = `${event.lat},${event.lon}`;
      const k = seen.get(key) || 0;
      seen.set(key, k + 1);
      const angle = k * 2.4;
      const spread = k ? 0.35 * Math.sqrt(k) : 0;
      const at = [event.lat + spread * Math.sin(angle), event.lon + spread * Math.cos(angle)];
      const marker = L.circleMarker(at, {
        radius: 7,
        color: "#222",
        weight: 1,
        fillColor: this.colour(event.type),
        // Drawn where its sentence or its dateline is, not at a place of its own: paler.
        fillOpacity: event.geo_source === "event" ? 0.9 : 0.45,
        dashArray: event.geo_source === "event" ? null : "3 2",
        className: `event-marker event-${cssName(event.type || "UNKNOWN")} ev-${cssName(event.id)}`,
      });
      const where = { evidence: " (a place its sentence names)", dateline: " (its dateline)" }[event.geo_source] || "";
      marker.bindTooltip(el("span", {}, `${event.type} · ${event.place || ""}${where} · ${event.date || "undated"}`));
      marker.bindPopup(() => this.onEvent(event));
      marker.addTo(this.events);
      points.push(at);
    }
    if (fit && points.length) {
      this.map.fitBounds(L.latLngBounds(points).pad(0.3), { maxZoom: 6 });
    }
  }

  bounds() {
    const b = this.map.getBounds();
    const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
    const west = clamp(b.getWest(), -180, 180);
    const east = clamp(b.getEast(), -180, 180);
    return [west, clamp(b.getSouth(), -90, 90), east, clamp(b.getNorth(), -90, 90)]
      .map((v) => v.toFixed(3))
      .join(",");
  }

  resize() {
    this.map.invalidateSize();
  }
}
