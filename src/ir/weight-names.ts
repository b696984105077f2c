// A tower's weights by names that do not depend on the rest of the spec: `conv2d#2/kernel` is
// the kernel of the tower's second conv2d, wherever the tower sits in the node list. Two runs
// (or a run and a spec) share a tower's weights when their names and shapes agree.
import type { IRNode, IRScope, IRTower } from "./ir.js";

/** The key a model keeps a parameter under ("image_enc/1/conv2d/kernel"), stable across runs of one spec. */
export function paramKey(node: IRNode, param: string): string {
  return `${node.tower}/${node.id}/${node.op}/${param}`;
}

/** The key of a batch norm's running statistic; model.json stores it as `stats/<key>`. */
export function statKey(node: IRNode, stat: "mean" | "variance"): string {
  return `${node.id}/${stat}`;
}

export interface TowerWeight {
  /** Run-independent: `<op>#<n>/<param>` (n counts that op within the tower, from 1). */
  name: string;
  /** The model's key for it (paramKey or statKey). */
  key: string;
  /** Its name in model.json's weights manifest. */
  stored: string;
  shape: number[];
  node: IRNode;
}

/** The weights of `tower` (parameters, then any running statistics, per layer), in node order. */
export function towerWeights(nodes: readonly IRNode[], tower: string): TowerWeight[] {
  const out: TowerWeight[] = [];
  const seen = new Map<string, number>();
  for (const node of nodes) {
    if (node.tower !== tower || node.op === "input") continue;
    const n = (seen.get(node.op) ?? 0) + 1;
    seen.set(node.op, n);
    const layer = `${node.op}#${n}`;
    for (const p of node.params) out.push({ name: `${layer}/${p.name}`, key: paramKey(node, p.name), stored: paramKey(node, p.name), shape: p.shape, node });
    if (node.op === "batch_norm") {
      const c = node.shape[node.shape.length - 1]!.size!;
      for (const stat of ["mean", "variance"] as const) {
        const key = statKey(node, stat);
        out.push({ name: `${layer}/running_${stat}`, key, stored: `stats/${key}`, shape: [c], node });
      }
    }
  }
  return out;
}

export interface WeightMismatch {
  /** In the spec, not in the run. */
  missing: TowerWeight[];
  /** In the run, not in the spec. */
  extra: TowerWeight[];
  /** In both, shaped differently: [the spec's, the run's]. */
  reshaped: [TowerWeight, TowerWeight][];
}

/** How `wanted` (the spec's tower) and `saved` (the run's) differ; undefined when every weight matches. */
export function compareWeights(wanted: TowerWeight[], saved: TowerWeight[]): WeightMismatch | undefined {
  const byName = new Map(saved.map((w) => [w.name, w]));
  const wantedNames = new Set(wanted.map((w) => w.name));
  const missing: TowerWeight[] = [];
  const reshaped: [TowerWeight, TowerWeight][] = [];
  for (const w of wanted) {
    const s = byName.get(w.name);
    if (!s) missing.push(w);
    else if (s.shape.join(",") !== w.shape.join(",")) reshaped.push([w, s]);
  }
  const extra = saved.filter((s) => !wantedNames.has(s.name));
  return missing.length || extra.length || reshaped.length ? { missing, extra, reshaped } : undefined;
}

/** The nodes expanded inside scope `id`, nested scopes included, in node order. */
export function scopeNodes(nodes: readonly IRNode[], scopes: readonly IRScope[], id: number): IRNode[] {
  const inside = (s: number | undefined): boolean => {
    for (let at = s; at !== undefined; at = scopes[at]?.parent) if (at === id) return true;
    return false;
  };
  return nodes.filter((n) => inside(n.scope));
}

/** The block a block-call scope calls: its label is the call, `transformer(64, heads: 4)`. */
export function blockName(scope: IRScope): string {
  const paren = scope.label.indexOf("(");
  return paren < 0 ? scope.label : scope.label.slice(0, paren);
}

/**
 * The calls of block `block` in `tower` (scope ids), in the order the tower makes them: a
 * spec's k-th call takes its weights from the run's k-th. Calls that made no nodes are skipped.
 */
export function blockCalls(nodes: readonly IRNode[], scopes: readonly IRScope[], tower: string, block: string): number[] {
  return scopes
    .filter((s) => s.kind === "block" && blockName(s) === block)
    .filter((s) => scopeNodes(nodes, scopes, s.id).some((n) => n.tower === tower))
    .map((s) => s.id);
}

/** The towers that start, whole or in part (a block call), from an earlier run's weights. */
export function pretrainedTowers(ir: { towers: readonly IRTower[]; nodes: readonly IRNode[]; scopes?: readonly IRScope[] | undefined }): string[] {
  const names = new Set(ir.towers.filter((t) => t.pretrained).map((t) => t.name));
  const scopes = ir.scopes ?? [];
  for (const s of scopes) if (s.pretrained) for (const n of scopeNodes(ir.nodes, scopes, s.id)) names.add(n.tower);
  return [...names];
}
