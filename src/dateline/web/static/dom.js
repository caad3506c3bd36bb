// DOM building for untrusted text. Everything the store holds came from the web, so it
// only ever reaches the page as text nodes and attribute values set through the DOM:
// nothing here (or anywhere in this app) assigns innerHTML, outerHTML or
// insertAdjacentHTML, or calls document.write.

// el("a", {href: "#/x", class: "k", onclick: fn}, "text", child, [more]) -> Element
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else if (key === "href") {
      node.setAttribute("href", safeHref(String(value)));
    } else if (key === "class") {
      node.className = String(value);
    } else if (value === true) {
      node.setAttribute(key, "");
    } else {
      node.setAttribute(key, String(value));
    }
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

// Links inside the app ("#/...") and http(s) links out; anything else (javascript:,
// data:, ...) becomes inert.
export function safeHref(href) {
  if (href.startsWith("#")) return href;
  try {
    const url = new URL(href);
    if (url.protocol === "http:" || url.protocol === "https:") return url.href;
  } catch (e) {
    // not a URL
  }
  return "#";
}

export function outLink(url, text) {
  const safe = safeHref(url || "");
  if (safe === "#") return text || url || "";
  return el("a", { href: safe, rel: "noopener noreferrer nofollow", target: "_blank" }, text || url);
}

export function short(text, size = 160) {
  const flat = String(text || "").replace(/\s+/g, " ").trim();
  return flat.length <= size ? flat : flat.slice(0, size - 1) + "…";
}

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}
