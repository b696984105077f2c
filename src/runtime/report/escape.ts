// HTML escaping and element building. Every string that comes from a run's data reaches
// the page through escapeHtml, attrs or scriptJson; nothing else writes input text.

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text or attribute-value escaping; C0 control characters other than tab/newline are dropped. */
export function escapeHtml(text: string): string {
  return String(text)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

export type AttrValue = string | number | boolean | undefined | null;

/** ` name="value"` pairs, escaped; undefined, null and false are left out, true is a bare name. */
export function attrs(values: Record<string, AttrValue>): string {
  let out = "";
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === false) continue;
    if (!/^[a-zA-Z_][-a-zA-Z0-9_:.]*$/.test(name)) throw new Error(`bad attribute name ${JSON.stringify(name)}`);
    if (value === true) out += ` ${name}`;
    else out += ` ${name}="${escapeHtml(typeof value === "number" ? svgNum(value) : value)}"`;
  }
  return out;
}

/** An element: `inner` is markup (already escaped), undefined makes a self-closing SVG element. */
export function tag(name: string, values: Record<string, AttrValue>, inner?: string): string {
  return inner === undefined ? `<${name}${attrs(values)}/>` : `<${name}${attrs(values)}>${inner}</${name}>`;
}

/** A number for SVG geometry: at most 2 decimals, never NaN. */
export function svgNum(v: number): string {
  if (!Number.isFinite(v)) return "0";
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? "0" : String(r);
}

/**
 * JSON for an inline `<script type="application/json">`: "<", ">", "&" and the JS line
 * separators are written as \u escapes, so no string can close the element.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Shortens text for a tooltip. */
export function clip(text: string, max = 300): string {
  const s = String(text);
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
