// `npm run experiments [-- --only a,b] [--fresh] [--table] [--emoji a,b]`: trains every spec in
// specs/ through `mmc run`'s own code path (runSpec), one at a time, and writes
// docs/experiments.md, a table of retrieval and swap-group metrics against the seed and chance.
// Each spec's result is cached in docs/experiments/<name>.json with a hash of its checked IR,
// so a rerun only trains what changed; Ctrl-C stops after the current step and the next run
// resumes that spec from its checkpoint. A spec whose tower starts `from` another spec's run trains
// after it, into the folder it names, and its hash covers those weights (see experiment-deps.ts).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { checkFile } from "../src/cli/check-command.js";
import type { IRProgram } from "../src/ir/ir.js";
import { runSpec, type Summary } from "../src/runtime/run/run.js";
import { orderJobs, pretrainedIdentity, tfjsWeightsIdentity, type Job } from "./experiment-deps.js";
import { README_END, README_START, renderExperiments, withReadmeTables, type ExperimentResult } from "./experiments-table.js";

const SPECS = "specs";
const CACHE = path.join("docs", "experiments");
const RUNS = path.join("runs", "experiments");
const DOC = path.join("docs", "experiments.md");
const README = "README.md";

interface Args {
  only?: string[];
  fresh: boolean;
  tableOnly: boolean;
  emoji: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { fresh: false, tableOnly: false, emoji: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const list = () => {
      const v = argv[++i];
      if (!v || v.startsWith("--")) fail(`${a} needs a comma-separated list of spec names`);
      return v.split(",").map((s) => s.trim().replace(/\.mm$/, "")).filter(Boolean);
    };
    if (a === "--only") args.only = list();
    else if (a === "--emoji") args.emoji = list();
    else if (a === "--fresh") args.fresh = true;
    else if (a === "--table") args.tableOnly = true;
    else fail(`unknown option ${a}; use --only a,b  --emoji a,b  --fresh  --table`);
  }
  return args;
}

function fail(message: string): never {
  process.stderr.write(`experiments: ${message}\n`);
  process.exit(2);
}

/**
 * The emoji variant of a shapes spec: Noto for training, Twemoji for testing, the emoji
 * vocabulary, and random batches (emoji has no swap groups). Written next to the runs so
 * `std/` imports still resolve.
 */
function emojiVariant(name: string): { path: string; text: string } {
  const source = readFileSync(path.join(SPECS, `${name}.mm`), "utf8");
  const vocab = /vocab (\d+)/.exec(readFileSync(path.join(SPECS, "emoji.mm"), "utf8"))![1];
  const text = source
    .replace(/^model (\w+)/m, "model $1_emoji")
    .replace(/^data shapes\(.*\)$/m, 'data emoji(train: "noto", test: "twemoji")')
    .replace(/vocab \d+/, `vocab ${vocab}`)
    .replace(/, batches: groups/, "");
  if (/^input \w+: Labels/m.test(text)) fail(`${name} has a Labels input; its emoji variant would need class labels`);
  return { path: path.join(RUNS, "emoji-specs", `${name}_emoji.mm`), text };
}

function irHash(ir: IRProgram): string {
  return createHash("sha256").update(JSON.stringify(ir)).digest("hex").slice(0, 16);
}

function readCached(name: string): ExperimentResult | undefined {
  const file = path.join(CACHE, `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as ExperimentResult) : undefined;
}

/** Every eval of the run (from metrics.jsonl): the group score's course. */
function evalHistory(runDir: string): { step: number; metrics: Record<string, number> }[] {
  const file = path.join(runDir, "metrics.jsonl");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { type: string; step: number; metrics: Record<string, number> })
    .filter((e) => e.type === "eval")
    .map(({ step, metrics }) => ({ step, metrics }));
}

async function runOne(job: Job, args: Args, stop: () => boolean): Promise<ExperimentResult | "interrupted" | "cached"> {
  const { name, specPath, specText, runDir } = job;
  const checked = specPath.startsWith(SPECS) ? checkFile(specPath, true) : checkFile(writeSpec(specPath, specText), true);
  if (!checked.ir) fail(`${specPath} does not check: ${checked.diagnostics.map((d) => d.message).join("; ")}`);
  const ir = checked.ir;
  // Every spec trains its declared steps: simple.mm's time limit is for a first `mmc run`.
  delete ir.train.timeLimit;
  // The pretrained weights' identity too: a retrained producer (or a rebuilt tfjs model) invalidates this result.
  const hash = irHash(ir) + (/\bfrom\s+"/.test(specText) ? `+${pretrainedIdentity(specText, path.dirname(specPath))}` : "") + tfjsWeightsIdentity(ir, specPath);
  const cached = readCached(name);
  const weightsThere = !job.feeds || existsSync(path.join(runDir, "model"));
  if (!args.fresh && cached?.hash === hash && cached.summary.status === "completed" && weightsThere) return "cached";
  const resume = !args.fresh && cached?.hash === hash && cached.summary.status === "interrupted" && existsSync(path.join(runDir, "checkpoint"));
  if (!resume) rmSync(runDir, { recursive: true, force: true });
  const loadBefore = loadavg()[0]!;
  process.stderr.write(`experiments: ${name}: ${resume ? "resuming" : "training"} ${ir.train.steps ?? "?"} steps (load ${loadBefore.toFixed(2)} on ${cpus().length} cores)\n`);
  let lastPrint = 0;
  const result = await runSpec({
    checked: { ...checked, ir },
    specPath,
    specText,
    backend: "wasm",
    ...(resume ? { resume: runDir } : { out: runDir }),
    shouldStop: stop,
    onEvent: (e) => {
      if (e.type === "step" && e.elapsed - lastPrint >= 30) {
        lastPrint = e.elapsed;
        process.stderr.write(`  step ${e.step}  loss ${e.loss.toFixed(4)}  ${e.elapsed.toFixed(0)} s\n`);
      } else if (e.type === "eval") {
        process.stderr.write(`  eval at ${e.step}: group score ${e.metrics["group_score"]?.toFixed(3) ?? "-"}, text->image R@1 ${e.metrics["text_to_image_R@1"]?.toFixed(3)}\n`);
      }
    },
  });
  const summary: Summary = result.summary;
  const entry: ExperimentResult = {
    name,
    spec: specPath,
    hash,
    summary,
    load: { before: loadBefore, after: loadavg()[0]!, cores: cpus().length },
    evals: evalHistory(result.dir),
    recordedAt: new Date().toISOString(),
  };
  // A resumed run's seconds cover only its last leg: add the earlier legs'.
  if (resume && cached) entry.summary = { ...summary, seconds: summary.seconds + cached.summary.seconds };
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(path.join(CACHE, `${name}.json`), JSON.stringify(entry, null, 2) + "\n");
  return summary.status === "completed" ? entry : "interrupted";
}

function writeSpec(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function allResults(): ExperimentResult[] {
  if (!existsSync(CACHE)) return [];
  return readdirSync(CACHE)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(path.join(CACHE, f), "utf8")) as ExperimentResult);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const names = readdirSync(SPECS)
    .filter((f) => f.endsWith(".mm"))
    .map((f) => f.slice(0, -3))
    .sort();
  for (const n of [...(args.only ?? []), ...args.emoji]) if (!names.includes(n)) fail(`no spec ${n}.mm in ${SPECS}/ (have: ${names.join(", ")})`);
  let interrupts = 0;
  // SIGTERM too: a background run (nohup ... &) ignores SIGINT.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (++interrupts > 1) process.exit(130);
      process.stderr.write("\nexperiments: stopping after this step; run again to resume\n");
    });
  }
  const stop = () => interrupts > 0;
  if (!args.tableOnly) {
    const jobs: Job[] = [];
    for (const n of args.only ?? (args.emoji.length ? [] : names)) jobs.push({ name: n, specPath: path.join(SPECS, `${n}.mm`), specText: readFileSync(path.join(SPECS, `${n}.mm`), "utf8"), runDir: path.join(RUNS, n) });
    for (const n of args.emoji) {
      const v = emojiVariant(n);
      jobs.push({ name: `${n}_emoji`, specPath: v.path, specText: v.text, runDir: path.join(RUNS, `${n}_emoji`) });
    }
    let ordered: Job[];
    try {
      ordered = orderJobs(jobs);
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    }
    for (const job of ordered) {
      if (stop()) break;
      const r = await runOne(job, args, stop);
      if (r === "cached") process.stderr.write(`experiments: ${job.name}: cached (spec unchanged)\n`);
      else if (r === "interrupted") process.stderr.write(`experiments: ${job.name}: interrupted; run again to resume\n`);
      else process.stderr.write(`experiments: ${job.name}: group score ${r.summary.metrics["group_score"]?.toFixed(3) ?? "-"} in ${r.summary.seconds.toFixed(0)} s\n`);
    }
  }
  const results = allResults().filter((r) => r.summary.status === "completed");
  mkdirSync(path.dirname(DOC), { recursive: true });
  writeFileSync(DOC, renderExperiments(results, names));
  const readme = withReadmeTables(readFileSync(README, "utf8"), results);
  if (!readme) fail(`README.md lacks the markers ${README_START} ... ${README_END}`);
  writeFileSync(README, readme);
  process.stderr.write(`experiments: wrote ${DOC} and the tables in README.md (${results.length} results)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`experiments: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
