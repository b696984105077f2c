// Specs that start from an earlier run's weights (`from "../runs/x/model"`): which spec of the
// batch produces that folder, the order that trains producers first, and the weights' identity
// for the cache hash (a retrained producer must invalidate its consumers' cached results).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { IRProgram } from "../src/ir/ir.js";
import { tfjsModelPath } from "../src/runtime/tfjs-model/describe.js";
import { readTfjsFiles } from "../src/runtime/tfjs-model/read-files.js";

export interface Job {
  name: string;
  specPath: string;
  specText: string;
  /** Where the run is written: runs/experiments/<name>, or the folder a consumer's `from` names. */
  runDir: string;
  /** Another job starts from this one's weights, so its run folder must exist, cached or not. */
  feeds?: boolean;
}

/**
 * The folders a spec's `from` clauses name, resolved against the spec's folder. Read from the text
 * (comments removed), not the checked IR: the checker loads those folders, so a consumer cannot
 * be checked before its producer has trained.
 */
export function pretrainedFolders(specText: string, specDir: string): string[] {
  const code = specText.replace(/\/\/[^\n]*/g, "");
  return [...code.matchAll(/\bfrom\s+"([^"]+)"/g)].map((m) => path.resolve(specDir, m[1]!));
}

/** The run folder a `from` names (its `model/` child is where the weights are). */
function runFolderOf(from: string): string {
  return path.basename(from) === "model" ? path.dirname(from) : from;
}

/**
 * Jobs with producers first: a job whose `from` names a folder called after another job
 * (`runs/<name>` or `runs/<name>/model`) trains after it, into that folder. Otherwise the given
 * order is kept. Fails on a cycle.
 */
export function orderJobs(jobs: Job[]): Job[] {
  const byName = new Map(jobs.map((j) => [j.name, { ...j }]));
  const deps = new Map<string, string[]>();
  for (const j of byName.values()) {
    const mine: string[] = [];
    for (const from of pretrainedFolders(j.specText, path.dirname(j.specPath))) {
      const folder = runFolderOf(from);
      const producer = byName.get(path.basename(folder));
      if (!producer || producer.name === j.name) continue;
      producer.runDir = folder;
      producer.feeds = true;
      mine.push(producer.name);
    }
    deps.set(j.name, mine);
  }
  const out: Job[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, chain: string[]): void => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new Error(`specs start from each other's weights in a cycle: ${[...chain, name].join(" -> ")}`);
    state.set(name, "visiting");
    for (const d of deps.get(name) ?? []) visit(d, [...chain, name]);
    state.set(name, "done");
    out.push(byName.get(name)!);
  };
  for (const j of jobs) visit(j.name, []);
  return out;
}

/** A hash of every file in the model folders a spec starts from ("missing" for an absent one). */
export function pretrainedIdentity(specText: string, specDir: string): string {
  const hash = createHash("sha256");
  for (const from of pretrainedFolders(specText, specDir)) {
    const dir = existsSync(path.join(from, "model.json")) || !existsSync(path.join(from, "model")) ? from : path.join(from, "model");
    hash.update(`${from}\n`);
    if (!existsSync(dir)) {
      hash.update("missing\n");
      continue;
    }
    for (const f of readdirSync(dir).sort()) {
      const file = path.join(dir, f);
      if (statSync(file).isFile()) hash.update(`${f}\n`).update(readFileSync(file));
    }
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * A hash of the weight files the spec's `tfjs_model` layers read (their topology is in the IR
 * and so in its hash already), or "" without any: a rebuilt model invalidates the result.
 */
export function tfjsWeightsIdentity(ir: IRProgram, specPath: string): string {
  const files = ir.nodes.flatMap((n) => (n.op === "tfjs_model" ? [tfjsModelPath(n.attrs.path, specPath)] : []));
  if (!files.length) return "";
  const hash = createHash("sha256");
  for (const file of files) {
    const read = readTfjsFiles(file);
    hash.update(`${file}\n`).update(typeof read === "string" ? read : new Uint8Array(read.artifacts.weightData));
  }
  return `+tfjs:${hash.digest("hex").slice(0, 16)}`;
}
