// Thumbnails arrive as base64 PNG; only well-formed base64 becomes a data: URL, so a
// malformed string can never smuggle markup or a remote URL into the page.
import { attrs, escapeHtml } from "./escape.js";

const PREFIX = /^data:image\/png;base64,/i;

/** "data:image/png;base64,..." for a base64 PNG (with or without that prefix), else undefined. */
export function pngDataUrl(base64: string | undefined): string | undefined {
  if (typeof base64 !== "string") return undefined;
  const body = base64.replace(PREFIX, "").replace(/\s+/g, "");
  if (body.length === 0 || body.length % 4 === 1 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return undefined;
  return `data:image/png;base64,${body}`;
}

/** An <img> for a thumbnail, or a grey placeholder when there is none. */
export function thumbnail(base64: string | undefined, alt: string, cls: string, tip?: string): string {
  const src = pngDataUrl(base64);
  if (src === undefined) return `<div${attrs({ class: `${cls} missing`, "data-tip": tip, role: "img", "aria-label": alt })}>${escapeHtml("no image")}</div>`;
  return `<img${attrs({ class: cls, src, alt, "data-tip": tip, width: 64, height: 64 })}>`;
}
