// Small structural checks on the rendered HTML string, without a DOM library.

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

/** Removes <script> and <style> bodies (they are not markup). */
export function withoutRawText(html: string): string {
  return html.replace(/<(script|style)\b([^>]*)>[\s\S]*?<\/\1>/gi, "<$1$2></$1>");
}

/** Throws unless every non-void element is closed in order. */
export function assertBalanced(html: string): void {
  const stack: string[] = [];
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*?(\/?)>/g;
  for (const m of withoutRawText(html).replace(/<!--[\s\S]*?-->/g, "").matchAll(re)) {
    const [, closing, rawName, selfClosing] = m;
    const name = rawName!.toLowerCase();
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}> at ${m.index}: …${html.slice(Math.max(0, m.index! - 80), m.index! + 20)}`);
    } else if (!selfClosing && !VOID.has(name)) {
      stack.push(name);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed: ${stack.join(" > ")}`);
}

/** Every opening tag whose attributes contain `needle`. */
export function tagsWith(html: string, name: string, needle: string): string[] {
  const re = new RegExp(`<${name}\\b[^>]*>`, "g");
  return [...withoutRawText(html).matchAll(re)].map((m) => m[0]).filter((t) => t.includes(needle));
}

/** The value of attribute `attr` in one opening tag. */
export function attr(tagText: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tagText);
  return m?.[1];
}

/** Number of x,y pairs in a polyline's points attribute. */
export function pointCount(points: string): number {
  return points.trim() === "" ? 0 : points.trim().split(/\s+/).length;
}

/** The markup of the element with id="…" (up to its matching close tag). */
export function sectionById(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no element with id ${id}`);
  const open = html.lastIndexOf("<", start);
  const name = /^<([a-zA-Z]+)/.exec(html.slice(open))![1]!;
  let depth = 0;
  const re = new RegExp(`<(/?)${name}\\b[^>]*>`, "g");
  re.lastIndex = open;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return html.slice(open, m.index + m[0].length);
  }
  throw new Error(`element ${id} is not closed`);
}
