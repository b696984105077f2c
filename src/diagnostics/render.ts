// Renders diagnostics the way rustc does: header, location, the source lines with carets
// under the primary span and dashes under secondary ones, then notes and help.
import type { SourceFile, Span } from "../source/source.js";
import type { Diagnostic, Label } from "./diagnostic.js";
import { clipLine, windowsOf } from "./clip.js";
import { displayWidth, expandTabs } from "./width.js";

interface Mark {
  line: number;
  col: number;
  width: number;
  primary: boolean;
  message: string;
}

export interface RenderOptions {
  color?: boolean;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

export function renderDiagnostic(d: Diagnostic, opts: RenderOptions = {}): string {
  const c = !!opts.color;
  const sevColor = d.severity === "error" ? "1;31" : "1;33";
  const out: string[] = [];
  out.push(`${paint(c, sevColor, `${d.severity}[${d.code}]`)}${paint(c, "1", `: ${d.message}`)}`);
  const start = d.file.position(d.primary.span.start);
  const sameFile = [d.primary, ...d.secondary.filter((l) => !l.file || l.file === d.file)];
  const marks = sameFile.map((l, i) => toMark(d.file, l, i === 0));
  const lines = [...new Set(marks.map((m) => m.line))].sort((a, b) => a - b);
  const gutter = String(lines[lines.length - 1] ?? start.line).length;
  const pad = " ".repeat(gutter);
  const bar = paint(c, "1;34", "|");
  out.push(`${pad}${paint(c, "1;34", "-->")} ${d.file.path}:${start.line}:${start.column}`);
  out.push(`${pad} ${bar}`);
  let previous = 0;
  for (const line of lines) {
    if (previous && line - previous === 2) out.push(sourceLine(clipLine(d.file.lineText(previous + 1), []).text, previous + 1, gutter, c));
    else if (previous && line - previous > 2) out.push(paint(c, "1;34", "..."));
    const lineText = d.file.lineText(line);
    const onLine = marks.filter((m) => m.line === line).sort((a, b) => a.col - b.col);
    for (const group of windowsOf(lineText.length, onLine)) {
      const view = clipLine(lineText, group.map((m) => m.col));
      out.push(sourceLine(view.text, line, gutter, c));
      for (const m of group) {
        const glyph = m.primary ? "^" : "-";
        const under = underline(view.text, view.column(m.col), view.width(m.col, m.width), glyph);
        const text = m.message ? `${under} ${m.message}` : under;
        out.push(`${pad} ${bar} ${paint(c, m.primary ? sevColor : "1;34", text)}`);
      }
    }
    previous = line;
  }
  for (const l of d.secondary.filter((l) => l.file && l.file !== d.file)) for (const row of foreignLabel(l, gutter, c)) out.push(row);
  if (d.notes.length || d.help) out.push(`${pad} ${bar}`);
  for (const n of d.notes) out.push(`${pad} ${paint(c, "1;34", "=")} ${paint(c, "1", "note")}: ${n}`);
  if (d.help) out.push(`${pad} ${paint(c, "1;34", "=")} ${paint(c, "1", "help")}: ${d.help}`);
  return out.join("\n");
}

function toMark(file: SourceFile, l: Label, primary: boolean): Mark {
  const p = file.position(l.span.start);
  const lineText = file.lineText(p.line);
  const endOnLine = Math.min(l.span.end, l.span.start + (lineText.length - p.column + 1));
  return { line: p.line, col: p.column, width: Math.max(1, endOnLine - l.span.start), primary, message: l.message };
}

function sourceLine(text: string, line: number, gutter: number, c: boolean): string {
  return `${paint(c, "1;34", String(line).padStart(gutter) + " |")}${text ? " " + expandTabs(text) : ""}`;
}

/** Spaces up to the mark and one glyph per display column of the marked text (at least one). */
function underline(text: string, column: number, width: number, glyph: string): string {
  const before = displayWidth(text.slice(0, column - 1));
  const marked = displayWidth(text.slice(column - 1, column - 1 + width));
  return " ".repeat(before) + glyph.repeat(Math.max(1, marked));
}

function foreignLabel(l: Label, gutter: number, c: boolean): string[] {
  const file = l.file!;
  const m = toMark(file, l, false);
  const pad = " ".repeat(gutter);
  const view = clipLine(file.lineText(m.line), [m.col]);
  return [
    `${pad}${paint(c, "1;34", ":::")} ${file.path}:${m.line}:${m.col}`,
    `${pad} ${paint(c, "1;34", "|")}`,
    sourceLine(view.text, m.line, gutter, c),
    `${pad} ${paint(c, "1;34", "|")} ${underline(view.text, view.column(m.col), view.width(m.col, m.width), "-")}${m.message ? " " + m.message : ""}`,
  ];
}

export function renderAll(ds: Diagnostic[], opts: RenderOptions = {}): string {
  return ds.map((d) => renderDiagnostic(d, opts)).join("\n\n");
}

/** The machine-readable form (`--format json`, the playground's markers). */
export function diagnosticToJson(d: Diagnostic) {
  const lc = (file: SourceFile, s: Span) => {
    const a = file.position(s.start);
    const b = file.position(s.end);
    return { file: file.path, start: s.start, end: s.end, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  };
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    primary: { ...lc(d.file, d.primary.span), label: d.primary.message },
    secondary: d.secondary.map((l) => ({ ...lc(l.file ?? d.file, l.span), label: l.message })),
    notes: d.notes,
    ...(d.help !== undefined ? { help: d.help } : {}),
    ...(d.fixes ? { fixes: d.fixes.map((f) => ({ title: f.title, edits: f.edits.map((e) => ({ start: e.span.start, end: e.span.end, text: e.text })) })) } : {}),
  };
}
