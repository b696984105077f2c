// `npm run parity:torch [-- specs/x.mm ...] [--backend cpu|wasm]`: every spec in specs/ (and the
// std/ blocks they import) exported to PyTorch and compared with its tfjs lowering at its real
// sizes: mmc's initial weights, the spec's own first training batch, the loss within 1e-5
// relative and every gradient within 1e-4 (test/torch/parity-check.ts, which the parity test
// runs on small specs). Dropout and augmentation are turned off on both sides; a spec the engine
// refuses (MM4014) is listed as refused. Prints a table; exits 1 when any spec fails, 2 when
// Python has no torch.
import * as tf from "@tensorflow/tfjs";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { checkFile } from "../src/cli/check-command.js";
import type { IRProgram } from "../src/ir/ir.js";
import type { CompiledModel } from "../src/lower/model.js";
import { startBackend, type BackendName } from "../src/runtime/run/backend.js";
import { planBatches } from "../src/runtime/run/batches.js";
import { dataRequestOf } from "../src/runtime/run/data-request.js";
import { captionIds, makeFeeds } from "../src/runtime/run/feeds.js";
import { torchRefusals } from "../src/lower-torch/refusals.js";
import { loadPretrainedTowers, modelFolderOf, readSavedModel } from "../src/runtime/run/pretrained.js";
import { loadSpecData } from "../src/runtime/run/run.js";
import type { DataBundle } from "../src/runtime/data/types.js";
import { hasTorch, PYTHON } from "../test/torch/harness.js";
import { checkParity, withoutRandomness, type ParityBatch } from "../test/torch/parity-check.js";

const LOSS_TOL = 1e-5;
const GRAD_TOL = 1e-4;

interface Row {
  spec: string;
  weights: string;
  randomness: string;
  loss: string;
  grad: string;
  result: "pass" | "FAIL" | "loss only" | "refused";
  seconds: number;
  notes: string[];
}

function parseArgs(argv: string[]): { specs: string[]; backend: BackendName } {
  const specs: string[] = [];
  let backend: BackendName = "cpu";
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--backend") backend = argv[++i] as BackendName;
    else specs.push(argv[i]!);
  }
  if (backend !== "cpu" && backend !== "wasm") throw new Error(`--backend ${backend}: the reference runs on cpu or wasm`);
  if (!specs.length) specs.push(...readdirSync("specs").filter((f) => f.endsWith(".mm")).sort().map((f) => path.join("specs", f)));
  return { specs, backend };
}

/** Every `from` folder of the spec, and whether it can be read. */
function fromFolders(ir: IRProgram, specDir: string): { dir: string; readable: boolean }[] {
  const froms = [...ir.towers.map((t) => t.pretrained?.from), ...(ir.scopes ?? []).map((s) => s.pretrained?.from)].filter((f): f is string => !!f);
  return [...new Set(froms)].map((from) => {
    const dir = modelFolderOf(from, specDir);
    return { dir, readable: typeof readSavedModel(dir) !== "string" };
  });
}

/** The data set of the last spec, kept while the next spec asks for the same one. */
let cached: { key: string; data: DataBundle } | undefined;
function dataFor(ir: IRProgram, specPath: string): DataBundle {
  const key = JSON.stringify(dataRequestOf(ir, path.dirname(path.resolve(specPath))));
  if (cached?.key !== key) {
    cached = undefined;
    cached = { key, data: loadSpecData(ir, specPath) };
  }
  return cached.data;
}

/** What step 0 of `mmc run` trains on: the plan's first batch and its caption ids. */
function firstBatch(ir: IRProgram, data: DataBundle): ParityBatch {
  const t = ir.train;
  const idx = planBatches(data.train, t.batch, t.batches, t.seed).indices(0);
  const ids = captionIds(data.train);
  return { feeds: makeFeeds(ir, data, data.train, idx), sameIds: Int32Array.from(idx, (i) => ids[i]!) };
}

function parityRow(specPath: string, work: string): Row {
  const started = performance.now();
  const row: Row = { spec: path.basename(specPath, ".mm"), weights: "initial", randomness: "none", loss: "", grad: "", result: "FAIL", seconds: 0, notes: [] };
  const checked = checkFile(specPath, true);
  const errors = checked.diagnostics.filter((d) => d.severity === "error");
  if (!checked.ir || errors.length) {
    row.notes.push(`does not check: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
    return row;
  }
  // What the PyTorch engine refuses at check time (a loaded tfjs model) has nothing to compare.
  const refused = torchRefusals(checked.ir, checked.source);
  if (refused.length) {
    row.result = "refused";
    row.weights = "-";
    row.notes.push(`not exported, as \`mmc export --format torch\` refuses it: ${refused.map((d) => `${d.code} ${d.message}`).join("; ")}`);
    return row;
  }
  const { ir, off } = withoutRandomness(checked.ir);
  if (off.length) row.randomness = `${off.join(", ")} off`;
  const specDir = path.dirname(specPath);
  const froms = fromFolders(ir, specDir);
  let initialize: ((model: CompiledModel) => void) | undefined;
  if (froms.length) {
    const missing = froms.filter((f) => !f.readable);
    if (missing.length) {
      // Fresh weights on both sides: the parity of the code does not depend on where they came from.
      row.weights = "fresh (no `from` run)";
      row.notes.push(`${missing.map((f) => path.relative(process.cwd(), f.dir)).join(", ")} not found: the tower starts from its fresh initial weights`);
      initialize = () => {};
    } else {
      row.weights = "`from` run";
      initialize = (model) => void loadPretrainedTowers(model, specDir);
    }
  }
  tf.engine().startScope();
  try {
    const r = checkParity(ir, firstBatch(ir, dataFor(ir, specPath)), path.join(work, row.spec), initialize);
    row.loss = r.lossRel.toExponential(1);
    const lossOk = r.lossRel < LOSS_TOL;
    if (r.noReference.length) {
      row.grad = "no tfjs reference";
      row.notes.push(`gradients not compared, tfjs has no reference for: ${r.noReference.join("; ")}`);
      row.result = lossOk ? "loss only" : "FAIL";
    } else {
      row.grad = `${r.worstGrad.toExponential(1)} (${r.worstName})`;
      row.result = lossOk && r.worstGrad < GRAD_TOL ? "pass" : "FAIL";
    }
  } catch (e) {
    const err = e as Error & { stderr?: Buffer };
    row.notes.push(`error: ${(err.stderr?.toString().trim().split("\n").slice(-3).join(" | ") || err.message).slice(0, 400)}`);
  } finally {
    tf.engine().endScope();
  }
  row.seconds = (performance.now() - started) / 1000;
  return row;
}

async function main(): Promise<number> {
  const { specs, backend } = parseArgs(process.argv.slice(2));
  if (!hasTorch) {
    process.stderr.write(`parity:torch: ${PYTHON} has no torch or numpy (apt-get install python3-torch)\n`);
    return 2;
  }
  const b = await startBackend(backend);
  console.log(`tfjs ${b.name} against ${PYTHON} torch; loss within ${LOSS_TOL} relative, every gradient within ${GRAD_TOL} of its largest entry`);
  console.log("| spec | weights | randomness | loss rel error | worst gradient rel error (parameter) | result | s |");
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  const work = mkdtempSync(path.join(tmpdir(), "mmc-parity-torch-"));
  const rows: Row[] = [];
  try {
    for (const spec of specs) {
      const row = parityRow(spec, work);
      rows.push(row);
      console.log(`| ${row.spec} | ${row.weights} | ${row.randomness} | ${row.loss || "-"} | ${row.grad || "-"} | ${row.result} | ${row.seconds.toFixed(1)} |`);
      rmSync(path.join(work, row.spec), { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  for (const row of rows) for (const note of row.notes) console.log(`${row.spec}: ${note}`);
  const failed = rows.filter((r) => r.result === "FAIL");
  const count = (result: Row["result"]) => rows.filter((r) => r.result === result).length;
  const others = [count("loss only") ? `${count("loss only")} compared on the loss only` : "", count("refused") ? `${count("refused")} refused by the PyTorch engine` : ""].filter(Boolean);
  console.log(`${count("pass")} of ${rows.length} specs pass${others.length ? `, ${others.join(", ")}` : ""}${failed.length ? `; failed: ${failed.map((r) => r.spec).join(", ")}` : ""}`);
  return failed.length ? 1 : 0;
}

process.exitCode = await main();
