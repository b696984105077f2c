// The shape summary (`mmc check`'s table and the shapes.txt goldens): every layer line
// followed by its output shape with axis names and its parameter count, like Keras' summary.
import type { IRNode, IRProgram } from "../ir/ir.js";
import { formatShape } from "./shape.js";

export const fmtInt = (n: number) => n.toLocaleString("en-US");

interface Row {
  text: string;
  shape: string;
  params: string;
}

export function summaryRows(ir: IRProgram): Row[] {
  const rows: Row[] = [];
  const byId = new Map(ir.nodes.map((n) => [n.id, n]));
  for (const inp of ir.inputs) {
    const n = byId.get(inp.node)!;
    const extra = inp.kind === "tokens" ? ` vocab ${inp.vocab}` : inp.kind === "labels" ? ` classes ${inp.classes}` : "";
    rows.push({ text: `input ${inp.name}: ${inp.kind === "image" ? "Image" : inp.kind === "tokens" ? "Tokens" : "Labels"}${extra}`, shape: formatShape(n.shape), params: "" });
  }
  for (const t of ir.towers) {
    const own = ir.nodes.filter((n) => n.tower === t.name);
    const source = own.find((n) => n.depth === 0);
    const body = own.filter((n) => n.depth > 0);
    const sourceText = source ? source.label : sourceName(ir, t.name, body[0]);
    const sourceShape = source ? source.shape : body[0] ? byId.get(body[0].inputs[0]!)!.shape : [];
    rows.push({ text: "", shape: "", params: "" });
    rows.push({ text: `${t.role} ${t.name}(${sourceText})`, shape: formatShape(sourceShape), params: source && source.paramCount ? fmtInt(source.paramCount) : "" });
    for (const n of body) rows.push(nodeRow(n));
    rows.push({ text: "", shape: "total", params: fmtInt(t.paramCount) });
  }
  rows.push({ text: "", shape: "", params: "" });
  for (const l of ir.loss) {
    const w = l.weight === 1 ? "" : `${l.weight} * `;
    const names = l.inputs.map((id) => byId.get(id)!.tower);
    rows.push({ text: `loss ${w}${l.kind}(${names.join(", ")})`, shape: "", params: l.paramCount ? fmtInt(l.paramCount) : "" });
  }
  return rows;
}

function sourceName(ir: IRProgram, tower: string, first: IRNode | undefined): string {
  if (!first) return "?";
  const src = ir.nodes[first.inputs[0]!]!;
  return src.op === "input" ? String(src.attrs["name"]) : src.tower || tower;
}

function nodeRow(n: IRNode): Row {
  return { text: "  ".repeat(n.depth) + n.label, shape: formatShape(n.shape), params: n.paramCount ? fmtInt(n.paramCount) : "" };
}

export function renderSummary(ir: IRProgram): string {
  const rows = summaryRows(ir);
  const w1 = Math.max(44, ...rows.map((r) => r.text.length)) + 2;
  const w2 = Math.max(24, ...rows.map((r) => r.shape.length));
  const w3 = Math.max(8, ...rows.map((r) => r.params.length));
  const lines = rows.map((r) => (r.text || r.shape || r.params ? (r.text.padEnd(w1) + r.shape.padEnd(w2) + r.params.padStart(w3 + 2)).trimEnd() : ""));
  const extra = ir.lossParamCount ? ` (+${fmtInt(ir.lossParamCount)} in the loss)` : "";
  lines.push(`model ${ir.model}: ${fmtInt(ir.paramCount)} parameters${extra}`);
  return lines.join("\n").replace(/^\n+/, "") + "\n";
}
