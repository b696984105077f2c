// `from "runs/pre/model"`: at check time, the tower's weights against the run's, by name and
// shape (src/ir/weight-names.ts). Every difference goes into one diagnostic: a layer of the
// spec that the run lacks or shapes differently is marked where the spec writes it; a weight
// only the run has is listed in a note (it has no place in this spec).
import type * as A from "../ast/nodes.js";
import type { IRNode, IRProgram } from "../ir/ir.js";
import { compareWeights, towerWeights, type TowerWeight } from "../ir/weight-names.js";
import type { DiagnosticBag, Label } from "../diagnostics/diagnostic.js";
import type { Span } from "../source/source.js";

/** What an earlier run saved: its checked program (the weights follow it), or why it cannot be read. */
export type LoadPretrained = (path: string, specPath: string) => IRProgram | string;

const LISTED = 8;
const shape = (s: number[]) => `[${s.join(", ")}]`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Checks the weights of tower `decl` (its nodes in `nodes`) against the run at `from`. */
export function checkPretrained(decl: A.TowerDecl, nodes: readonly IRNode[], from: { from: string; span: Span }, load: LoadPretrained, bag: DiagnosticBag): void {
  const saved = load(from.from, bag.file.path);
  const tower = decl.name.text;
  if (typeof saved === "string") {
    bag.warning("MM4009", `cannot read the weights for \`${tower}\`: ${saved}`, from.span, "not readable", {
      notes: ["so this check cannot compare them; `mmc run` refuses to train without them"],
      help: "train the earlier run first (`mmc run its_spec.mm --out runs/NAME`), or correct the path: it is relative to this spec's folder",
    });
    return;
  }
  const wanted = towerWeights(nodes, tower);
  const has = saved.towers.some((t) => t.name === tower);
  const mismatch = compareWeights(wanted, has ? towerWeights(saved.nodes, tower) : []);
  if (!mismatch) return;
  const { missing, extra, reshaped } = mismatch;
  const counts = [
    missing.length ? `${plural(missing.length, "weight")} it lacks` : "",
    reshaped.length ? `${reshaped.length} shaped differently` : "",
    extra.length ? `${extra.length} only it has` : "",
  ].filter(Boolean);
  const secondary = spansOf(decl, bag, [
    ...missing.map((w) => ({ w, text: `\`${w.name}\` ${shape(w.shape)} is not in the run` })),
    ...reshaped.map(([w, s]) => ({ w, text: `\`${w.name}\` is ${shape(w.shape)} here, ${shape(s.shape)} in the run` })),
  ]);
  const notes: string[] = [];
  if (!has) notes.push(`the run has no tower \`${tower}\`; its towers: ${saved.towers.map((t) => `\`${t.name}\``).join(", ") || "none"}`);
  if (extra.length) {
    const byLayer = new Map<IRNode, TowerWeight[]>();
    for (const w of extra.slice(0, LISTED)) byLayer.set(w.node, [...(byLayer.get(w.node) ?? []), w]);
    const listed = [...byLayer].map(([node, ws]) => `${ws.map((w) => `\`${w.name}\` ${shape(w.shape)}`).join(", ")} (its \`${node.label.replace(/\s+/g, " ")}\`)`);
    notes.push(`only the run has ${listed.join("; ")}${extra.length > LISTED ? `; and ${extra.length - LISTED} more` : ""}`);
  }
  notes.push("weights are matched by layer kind, count and parameter: `dense#2/kernel` is the kernel of the tower's second `dense`");
  bag.error("MM4008", `\`${tower}\` does not match the weights of \`${tower}\` in "${from.from}": ${counts.join(", ")}`, from.span, "weights from here", {
    secondary,
    notes,
    help: `give \`${tower}\` the run's layers, with the same sizes and in the same order, or remove \`from\` to train it from its seed`,
  });
}

/**
 * One label per place in the spec (a layer unrolled by `repeat` has several nodes at one
 * span); a layer from an imported block is marked at the tower's name, since its own file is
 * not this diagnostic's.
 */
function spansOf(decl: A.TowerDecl, bag: DiagnosticBag, items: { w: TowerWeight; text: string }[]): Label[] {
  const bySpan = new Map<string, { span: Span; texts: string[] }>();
  for (const { w, text } of items) {
    const here = w.node.file === bag.file.path;
    const span = here ? w.node.span : decl.name.span;
    const key = `${span.start}:${span.end}`;
    const entry = bySpan.get(key) ?? { span, texts: [] };
    entry.texts.push(here ? text : `${text} (\`${w.node.label}\` in ${w.node.file})`);
    bySpan.set(key, entry);
  }
  return [...bySpan.values()].sort((a, b) => a.span.start - b.span.start).map((e) => ({ span: e.span, message: e.texts.join("; ") }));
}
