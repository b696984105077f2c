// The shape summary (`mmc check`'s table and the shapes.txt goldens): every layer line
// followed by its output shape with axis names and its parameter count, like Keras' summary.
import type { IRNode, IRProgram } from "../ir/ir.js";
import { formatShape } from "../ir/shape.js";

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
    // Fusion nodes are depth 0; nested fusions come first, so the tower's source is the last.
    const fusions = own.filter((n) => n.depth === 0);
    const source = fusions[fusions.length - 1];
    const sourceParams = fusions.reduce((s, n) => s + n.paramCount, 0);
    const body = own.filter((n) => n.depth > 0);
    const sourceText = source ? source.label : sourceName(ir, t.name, body[0]);
    const sourceShape = source ? source.shape : body[0] ? byId.get(body[0].inputs[0]!)!.shape : [];
    rows.push({ text: "", shape: "", params: "" });
    rows.push({ text: `${t.role} ${t.name}(${sourceText})${towerOptions(t)}`, shape: formatShape(sourceShape), params: sourceParams ? fmtInt(sourceParams) : "" });
    let open: number[] = [];
    for (const n of body) {
      // Header lines for the repeat passes, residuals and block calls this node is inside.
      const chain = scopeChain(ir, n.scope);
      const shared = open.findIndex((id, i) => chain[i] !== id);
      const keep = shared < 0 ? open.length : shared;
      for (const id of chain.slice(keep)) {
        const sc = ir.scopes![id]!;
        rows.push({ text: "  ".repeat(sc.depth) + sc.label, shape: "", params: "" });
      }
      open = chain;
      rows.push(nodeRow(n));
    }
    rows.push({ text: "", shape: "total", params: fmtInt(t.paramCount) });
  }
  rows.push({ text: "", shape: "", params: "" });
  for (const l of ir.loss) {
    const w = l.weight === 1 ? "" : `${Number(l.weight.toPrecision(12))} * `;
    const names = l.inputs.map((id) => byId.get(id)!.tower);
    rows.push({ text: `loss ${w}${l.kind}(${names.join(", ")})`, shape: "", params: l.paramCount ? fmtInt(l.paramCount) : "" });
  }
  return rows;
}

/** Scope ids from the outermost to `scope`. */
function scopeChain(ir: IRProgram, scope: number | undefined): number[] {
  const chain: number[] = [];
  for (let s = scope; s !== undefined && ir.scopes?.[s]; s = ir.scopes[s]!.parent) chain.unshift(s);
  return chain;
}

/** A tower's options as the spec writes them: ` from "runs/pre/model" frozen`. */
function towerOptions(t: IRProgram["towers"][number]): string {
  const from = t.pretrained ? ` from ${JSON.stringify(t.pretrained.from)}` : "";
  const update = t.update?.kind === "frozen" ? " frozen" : t.update?.kind === "scaled" ? ` lr_scale ${t.update.lrScale}` : "";
  return from + update;
}

function trainLine(ir: IRProgram): string {
  const t = ir.train;
  const o = t.optimizer;
  const optArgs = [`lr: ${o.lr}`];
  if (o.kind === "adamw") optArgs.push(`weight_decay: ${o.weightDecay}`);
  if (o.kind === "sgd" && o.momentum) optArgs.push(`momentum: ${o.momentum}`);
  if (o.kind === "sgd" && o.nesterov) optArgs.push("nesterov: true");
  const parts = [`${o.kind}(${optArgs.join(", ")})`];
  const s = t.schedule;
  if (s.kind === "cosine") parts.push(`cosine(warmup: ${s.warmup}, min_lr: ${s.minLr})`);
  else if (s.kind === "step") parts.push(`step(every: ${s.every}, factor: ${s.factor}, warmup: ${s.warmup})`);
  else if (s.warmup) parts.push(`constant(warmup: ${s.warmup})`);
  parts.push(`batch ${t.batch}${t.batches === "groups" ? " of whole swap groups" : ""}`);
  parts.push(t.steps !== undefined ? `${fmtInt(t.steps)} steps` : `${t.epochs} epoch${t.epochs === 1 ? "" : "s"}`);
  if (t.clip !== undefined) parts.push(`clip ${t.clip}`);
  if (t.evalEvery !== undefined) parts.push(`evaluate every ${t.evalEvery} steps`);
  if (t.timeLimit !== undefined) parts.push(`at most ${t.timeLimit} s`);
  if (t.seed) parts.push(`seed ${t.seed}`);
  return `train ${parts.join(", ")}`;
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
  // Loops, not Math.max(...rows): a model of many layers has more rows than a call has room for arguments.
  let w1 = 44, w2 = 24, w3 = 8;
  for (const r of rows) {
    w1 = Math.max(w1, r.text.length);
    w2 = Math.max(w2, r.shape.length);
    w3 = Math.max(w3, r.params.length);
  }
  w1 += 2;
  const lines = rows.map((r) => (r.text || r.shape || r.params ? (r.text.padEnd(w1) + r.shape.padEnd(w2) + r.params.padStart(w3 + 2)).trimEnd() : ""));
  lines.push(trainLine(ir));
  const byId = new Map(ir.nodes.map((n) => [n.id, n]));
  for (const e of ir.evaluate) {
    const names = e.inputs.map((id) => byId.get(id)?.tower ?? "?");
    const extra = e.kind === "retrieval" ? `, k: [${e.k.join(", ")}]` : e.kind === "zero_shot" ? `, templates: [${e.templates!.map((t) => JSON.stringify(t)).join(", ")}]` : "";
    lines.push(`evaluate ${e.kind}(${names.join(", ")}${extra})`);
  }
  const frozen = ir.towers.filter((t) => t.update?.kind === "frozen").reduce((n, t) => n + t.paramCount, 0);
  const extra = (ir.lossParamCount ? ` (+${fmtInt(ir.lossParamCount)} in the loss)` : "") + (frozen ? `, ${fmtInt(frozen)} of them frozen` : "");
  lines.push(`model ${ir.model}: ${fmtInt(ir.paramCount)} parameters${extra}`);
  return lines.join("\n").replace(/^\n+/, "") + "\n";
}
