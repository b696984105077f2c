// The canonical printer behind `mmc fmt`: two-space indents, one space after commas and
// colons, blank lines between items kept (collapsed to one), every comment kept.
import type * as A from "./nodes.js";

const WIDTH = 100;

export function printSpec(file: A.SpecFile, text: string): string {
  const p = new Printer(file.comments, text);
  p.items(file.items);
  p.rest(0, Infinity);
  return p.out.join("\n").replace(/\n{3,}/g, "\n\n").trim() + "\n";
}

class Printer {
  out: string[] = [];
  private next = 0;

  constructor(private comments: A.Comment[], private text: string) {}

  items(items: A.Item[]): void {
    this.list(items, 0, (item) => this.item(item));
  }

  /** Prints nodes with their leading and trailing comments and the blank lines between them. */
  private list<T extends { span: { start: number; end: number } }>(nodes: T[], indent: number, print: (n: T) => string[]): void {
    let prevEnd = -1;
    for (const n of nodes) {
      const firstComment = this.comments[this.next];
      const gapEnd = firstComment && firstComment.span.start < n.span.start ? firstComment.span.start : n.span.start;
      if (prevEnd >= 0 && /\n[ \t\r]*\n/.test(this.text.slice(prevEnd, gapEnd))) this.out.push("");
      this.rest(indent, n.span.start);
      const pad = "  ".repeat(indent);
      // A one-line node (a layer call, a setting, a loss) prints comments from inside it
      // (`conv2d(32, // filters`): one as a trailing comment, several on lines before it.
      const inside = isLeaf(n) ? this.takeBefore(n.span.end) : [];
      const single = inside.length === 1 && !this.hasTrailing(n.span.end);
      if (!single) for (const c of inside) this.out.push(pad + c.text.trimEnd());
      const lines = print(n);
      lines.forEach((l, i) => this.out.push(i === 0 || l === "" ? pad + l : l));
      if (single) this.out[this.out.length - 1] += " " + inside[0]!.text.trimEnd();
      this.trailing(n.span.end);
      prevEnd = n.span.end;
    }
  }

  /** Comments before `until`, each on its own line. */
  rest(indent: number, until: number): void {
    while (this.next < this.comments.length && this.comments[this.next]!.span.start < until) {
      // A blank line between two comments (paragraphs of a header) is kept.
      const prev = this.comments[this.next - 1];
      if (prev && /^[ \t\r]*\n[ \t\r]*\n\s*$/.test(this.text.slice(prev.span.end, this.comments[this.next]!.span.start))) this.out.push("");
      this.out.push("  ".repeat(indent) + this.comments[this.next]!.text.trimEnd());
      this.next++;
    }
  }

  private takeBefore(end: number): A.Comment[] {
    const taken: A.Comment[] = [];
    while (this.next < this.comments.length && this.comments[this.next]!.span.start < end) taken.push(this.comments[this.next++]!);
    return taken;
  }

  private hasTrailing(end: number): boolean {
    const c = this.comments[this.next];
    return !!c && c.span.start >= end && /^[ \t,]*$/.test(this.text.slice(end, c.span.start));
  }

  private trailing(end: number): void {
    const c = this.comments[this.next];
    if (!c || c.span.start < end) return;
    if (!/^[ \t,]*$/.test(this.text.slice(end, c.span.start))) return;
    this.out[this.out.length - 1] += " " + c.text.trimEnd();
    this.next++;
  }

  private item(item: A.Item): string[] {
    switch (item.kind) {
      case "model": return [`model ${item.name.text}`];
      case "import": return [`import ${item.path.raw}`];
      case "data": return [`data ${expr(item.call)}`];
      case "input": {
        const mods = item.modifiers.map((m) => ` ${m.name.text} ${expr(m.value)}`).join("");
        return [`input ${item.name.text}: ${item.type.text}${dims(item.dims)}${mods}`];
      }
      case "block": {
        const params = item.params.map((p) => (p.default ? `${p.name.text}: ${expr(p.default)}` : p.name.text)).join(", ");
        return this.body(`block ${item.name.text}(${params})`, item.body, item.span.end, 0);
      }
      case "tower": {
        const declared = item.declared ? ` -> ${dims(item.declared.dims)}` : "";
        return this.body(`${item.role} ${item.name.text}(${expr(item.source)})${declared}${options(item.options)}`, item.body, item.span.end, 0);
      }
      case "loss": return [`loss ${expr(item.expr)}`];
      case "train": {
        const settings = item.settings.map((s) => `${s.key.text}: ${expr(s.value)}`);
        const hasComment = this.comments.some((c) => c.span.start > item.span.start && c.span.start < item.span.end);
        const one = `train { ${settings.join(", ")} }`;
        if (!hasComment && one.length <= WIDTH) return [item.settings.length ? one : "train {}"];
        const inner = new Printer(this.comments, this.text);
        inner.next = this.next;
        inner.list(item.settings, 1, (s) => [`${s.key.text}: ${expr(s.value)}`]);
        inner.rest(1, item.span.end);
        this.next = inner.next;
        return ["train {", ...inner.out, "}"];
      }
      case "evaluate": return [`evaluate ${expr(item.call)}`];
    }
  }

  /** `header {` + statements + `}`; nested lines come back already indented relative to depth. */
  private body(header: string, stmts: A.Stmt[], end: number, depth: number): string[] {
    const inner = new Printer(this.comments, this.text);
    inner.next = this.next;
    inner.list(stmts, depth + 1, (s) => inner.stmt(s, depth + 1));
    inner.rest(depth + 1, end);
    this.next = inner.next;
    if (inner.out.length === 0) return [`${header} {}`];
    return [`${header} {`, ...inner.out, "  ".repeat(depth) + "}"];
  }

  private stmt(s: A.Stmt, depth: number): string[] {
    switch (s.kind) {
      case "layer": return [expr(s.call) + options(s.options)];
      case "repeat": return this.body(`repeat ${expr(s.count)}`, s.body, s.span.end, depth);
      case "residual": return this.body("residual", s.body, s.span.end, depth);
    }
  }
}

/** Nodes printed on one line; the others (bodies, a train block) place inner comments themselves. */
function isLeaf(n: object): boolean {
  const kind = (n as { kind?: string }).kind;
  return kind !== "block" && kind !== "tower" && kind !== "repeat" && kind !== "residual" && kind !== "train";
}

function dims(ds: A.DimExpr[]): string {
  return `[${ds.map((d) => (d.axis ? `${d.axis.text}: ${expr(d.size)}` : expr(d.size))).join(", ")}]`;
}

export function expr(e: A.Expr): string {
  switch (e.kind) {
    case "number": return e.raw;
    case "string": return e.raw;
    case "bool": return String(e.value);
    case "name": return e.name.text;
    case "call": return `${e.callee.text}(${e.args.map((a) => (a.name ? `${a.name.text}: ${expr(a.value)}` : expr(a.value))).join(", ")})`;
    case "list": return `[${e.items.map(expr).join(", ")}]`;
    case "binary": return `${expr(e.left)} ${e.op} ${expr(e.right)}`;
    case "neg": return `-${expr(e.operand)}`;
    case "paren": return `(${expr(e.inner)})`;
  }
}

/** Words after a tower header or a block call, each after one space. */
function options(os: A.TowerOption[]): string {
  return os.map((o) => ` ${o.name.text}${o.value ? ` ${o.value.raw}` : ""}`).join("");
}
