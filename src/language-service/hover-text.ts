// The hover card's text, in Markdown sections: the layer line, its output and input shapes,
// its parameter count and, for a built-in layer, the layer's documentation. The playground
// (Monaco) and `mmc lsp` show the same sections.
import { LAYERS } from "../check/layers/index.js";
import { fmtInt } from "../check/summary.js";
import { hoverAt, type HoverInfo } from "./analysis.js";
import { answering, type Checked } from "./answering.js";

export function hoverMarkdown(h: HoverInfo, stale: boolean): string[] {
  const out: string[] = [];
  const title = h.title.replace(/`/g, "");
  out.push("```mm\n" + title + "\n```");
  const lines: string[] = [];
  if (h.shapes && h.shapes.length > 1) lines.push(`**output** ${h.shapes.map((s) => `\`${s}\``).join(" · ")} (one per expansion)`);
  else if (h.shape) lines.push(`**output** \`${h.shape}\``);
  if (h.inShape) lines.push(`**input** \`${h.inShape}\``);
  if (h.params !== undefined) lines.push(`**parameters** ${fmtInt(h.params)}`);
  if (h.training) lines.push(`**training** ${h.training}`);
  if (stale) lines.push("_as of the last version that checked_");
  out.push(lines.join("  \n"));
  const layer = h.op && h.op !== "block" ? LAYERS.get(h.title.split("(")[0]!.trim()) : undefined;
  if (layer) out.push(layer.doc);
  if (h.doc) out.push(h.doc);
  return out;
}

/** The hover at `offset` of the current `text`: its span in that text and its Markdown sections. */
export function hoverFor(text: string, checked: Checked, offset: number): { start: number; end: number; markdown: string[] } | undefined {
  const ctx = answering(text, checked, offset);
  const old = ctx?.toOld(offset);
  if (!ctx || old === undefined) return undefined;
  const h = hoverAt(ctx.a, old);
  if (!h) return undefined;
  const start = ctx.toNew(h.start);
  const end = ctx.toNew(h.end);
  if (start === undefined || end === undefined) return undefined;
  return { start, end, markdown: hoverMarkdown(h, ctx.stale) };
}
