// The REST API from the page, and the filters as they live in the address (#/?type=...).

export const FILTERS = ["entity", "type", "entity_type", "place", "bbox", "since", "until", "outlet", "text"];

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function api(path, params) {
  const query = params instanceof URLSearchParams ? params : toParams(params || {});
  const url = query.toString() ? `${path}?${query}` : path;
  const reply = await fetch(url, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await reply.json();
  } catch (e) {
    body = null;
  }
  if (!reply.ok) throw new ApiError(reply.status, body);
  return body;
}

export function toParams(object) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(object)) {
    if (value === null || value === undefined || value === "") continue;
    for (const one of Array.isArray(value) ? value : [value]) params.append(key, one);
  }
  return params;
}

// The filters of a route's query string, as {name: value or [values]}.
export function filtersOf(params) {
  const out = {};
  for (const name of FILTERS) {
    const values = params.getAll(name).filter((v) => v !== "");
    if (!values.length) continue;
    out[name] = name === "type" ? values : values[0];
  }
  return out;
}

export function withFilters(filters, changes) {
  const next = { ...filters };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || (Array.isArray(value) && !value.length)) delete next[key];
    else next[key] = value;
  }
  return next;
}

export function homeHash(filters) {
  const query = toParams(filters).toString();
  return query ? `#/?${query}` : "#/";
}
