// The invariants of a checked program, verified wherever an IR is made or changed: after
// `check`, after any rewrite (the playground's budget, a bench's batch), and when a saved
// model is loaded. A violation is a compiler bug (or a hand-edited model.json), never a
// spec mistake, so it throws with every violation listed.
import { paramSize, type IRNode, type IRProgram } from "./ir.js";
import { isOp } from "./ops.js";
import { verifyNodeShape } from "./verify-shapes.js";

export class CompilerBug extends Error {
  constructor(message: string) {
    super(`compiler bug: ${message}`);
    this.name = "CompilerBug";
  }
}

export class IRInvariantError extends CompilerBug {
  constructor(
    readonly where: string,
    readonly problems: string[],
  ) {
    super(`the IR ${where} breaks ${problems.length} invariant${problems.length === 1 ? "" : "s"}:\n${problems.slice(0, 20).map((p) => `  - ${p}`).join("\n")}${problems.length > 20 ? `\n  ... and ${problems.length - 20} more` : ""}`);
    this.name = "IRInvariantError";
  }
}

export const IR_VERSION = 2;

export interface VerifyOptions {
  /** Where the IR came from, for the message: "after check", "in model.json", ... */
  where: string;
  /** Source texts by file path, to check that spans lie inside them (skipped for files not given). */
  sources?: ReadonlyMap<string, string>;
}

const isCount = (n: unknown, min = 0): boolean => typeof n === "number" && Number.isInteger(n) && n >= min;

function describeNode(n: IRNode): string {
  return `node ${n.id} (\`${n.label}\` in ${n.file})`;
}

/** Every violated invariant, as one line each; empty when the IR is sound. */
export function irProblems(ir: IRProgram, sources?: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  const bad = (msg: string) => problems.push(msg);
  if (ir.version !== IR_VERSION) bad(`version is ${String(ir.version)}, expected ${IR_VERSION}`);
  const spanOk = (span: { start: number; end: number }, file: string, what: string) => {
    if (!isCount(span.start) || !isCount(span.end) || span.end < span.start) bad(`${what}: span ${span.start}..${span.end} is not a range`);
    const text = sources?.get(file);
    if (text !== undefined && span.end > text.length) bad(`${what}: span ends at ${span.end}, past the end of ${file} (${text.length} characters)`);
  };
  const nodes = ir.nodes;
  const scopes = ir.scopes ?? [];
  scopes.forEach((s, i) => {
    if (s.id !== i) bad(`scope ${i} has id ${s.id}`);
    if (s.parent !== undefined && !(s.parent < s.id)) bad(`scope ${s.id}'s parent ${s.parent} is not an earlier scope`);
    spanOk(s.span, s.file, `scope ${s.id}`);
  });
  let paramTotal = 0;
  nodes.forEach((n, i) => {
    const where = describeNode(n);
    if (n.id !== i) bad(`${where} has id ${n.id} at position ${i}`);
    if (!isOp(n.op)) {
      bad(`${where} has op \`${String(n.op)}\`, which no lowering knows`);
      return;
    }
    for (const input of n.inputs) {
      if (!isCount(input) || input >= i) bad(`${where} reads node ${input}, which does not come before it`);
    }
    if (n.shape.length === 0 || n.shape[0]!.size !== null) bad(`${where} has shape without the batch axis first`);
    for (const d of n.shape.slice(1)) if (!isCount(d.size, 1)) bad(`${where} has an axis of size ${String(d.size)}`);
    const names = new Set<string>();
    let count = 0;
    for (const p of n.params) {
      if (names.has(p.name)) bad(`${where} has two parameters named \`${p.name}\``);
      names.add(p.name);
      if (!p.shape.every((s) => isCount(s, 1))) bad(`${where}: parameter \`${p.name}\` has shape [${p.shape.join(", ")}]`);
      count += paramSize(p);
    }
    if (n.paramCount !== count) bad(`${where} counts ${n.paramCount} parameters, its parameters hold ${count}`);
    paramTotal += count;
    if (n.scope !== undefined && !scopes[n.scope]) bad(`${where} is in scope ${n.scope}, which does not exist`);
    spanOk(n.span, n.file, where);
    if (n.inputs.every((id) => isCount(id) && id < i)) {
      for (const p of verifyNodeShape(n, n.inputs.map((id) => nodes[id]!))) bad(`${where}: ${p}`);
    }
  });
  if (ir.paramCount !== paramTotal) bad(`the program counts ${ir.paramCount} parameters, its nodes hold ${paramTotal}`);
  const node = (id: number) => (isCount(id) ? nodes[id] : undefined);
  for (const input of ir.inputs) {
    const n = node(input.node);
    if (!n || n.op !== "input" || n.attrs.name !== input.name || n.attrs.kind !== input.kind) bad(`input \`${input.name}\` does not point at its input node (${input.node})`);
  }
  for (const t of ir.towers) {
    const out = node(t.output);
    if (!out || out.tower !== t.name) bad(`tower \`${t.name}\`'s output ${t.output} is not one of its nodes`);
    if (!(t.firstNode <= t.lastNode && t.lastNode < nodes.length)) bad(`tower \`${t.name}\` spans nodes ${t.firstNode}..${t.lastNode}`);
    spanOk(t.span, ir.source, `tower \`${t.name}\``);
    const u = t.update;
    if (u && !(u.kind === "frozen" || (u.kind === "scaled" && Number.isFinite(u.lrScale) && u.lrScale >= 0))) bad(`tower \`${t.name}\` has update ${JSON.stringify(u)}`);
    if (t.pretrained && !(typeof t.pretrained.from === "string" && t.pretrained.from.length > 0)) bad(`tower \`${t.name}\` is pretrained from no folder`);
  }
  let lossParams = 0;
  ir.loss.forEach((term, i) => {
    const [a, b] = term.inputs.map(node);
    if (term.inputs.length !== 2 || !a || !b) {
      bad(`loss term ${i} (${term.kind}) reads nodes [${term.inputs.join(", ")}]`);
      return;
    }
    if (term.kind === "cross_entropy") {
      if (b.op !== "input" || b.attrs.kind !== "labels") bad(`loss term ${i}: cross_entropy's labels are not a labels input`);
      else if (a.shape.length !== 2 || a.shape[1]!.size !== ir.inputs.find((x) => x.node === b.id)?.classes) bad(`loss term ${i}: cross_entropy's logits are not [B, classes]`);
    } else if (a.shape.length !== 2 || b.shape.length !== 2 || a.shape[1]!.size !== b.shape[1]!.size) {
      bad(`loss term ${i} (${term.kind}) compares shapes that are not two [B, D] of one width`);
    }
    const count = term.params.reduce((s, p) => s + paramSize(p), 0);
    if (term.paramCount !== count) bad(`loss term ${i} counts ${term.paramCount} parameters, holds ${count}`);
    lossParams += count;
    spanOk(term.span, ir.source, `loss term ${i}`);
  });
  if (ir.lossParamCount !== lossParams) bad(`the program counts ${ir.lossParamCount} loss parameters, its terms hold ${lossParams}`);
  ir.evaluate.forEach((e, i) => {
    if (!e.inputs.every((id) => node(id))) bad(`evaluation ${i} reads nodes [${e.inputs.join(", ")}]`);
    if (e.kind === "zero_shot" && !(e.templates?.length && e.templates.every((t) => t.includes("{}")))) bad(`evaluation ${i} (zero_shot) has no templates with {}`);
  });
  const t = ir.train;
  if (!isCount(t.batch, 2)) bad(`train: batch ${t.batch} is below 2`);
  if ((t.steps === undefined) === (t.epochs === undefined)) bad("train: exactly one of steps and epochs must be set");
  const group = ir.data.groupSize;
  if (group !== undefined && !isCount(group, 2)) bad(`data: a group size of ${group}`);
  if (t.batches === "groups" && (group === undefined || t.batch % group !== 0)) bad(`train: group batches of ${t.batch} with data groups of ${String(group)}`);
  return problems;
}

/** Throws an IRInvariantError listing every violated invariant; returns the IR when sound. */
export function verifyIR(ir: IRProgram, opts: VerifyOptions): IRProgram {
  const problems = irProblems(ir, opts.sources);
  if (problems.length > 0) throw new IRInvariantError(opts.where, problems);
  return ir;
}
