// `mmc run spec.mm` and `mmc run --resume DIR`: a progress bar while training, then a table
// of metrics against chance, and where the run folder is. tfjs loads only when a run starts,
// so that `mmc check` and `mmc fmt` start quickly.
import type { ZeroShotResult } from "../runtime/eval/zeroShot.js";
import type cliProgress from "cli-progress";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { renderAll } from "../diagnostics/render.js";
import { SourceFile } from "../source/source.js";
import { checkSpec } from "../check/check.js";
import { describeData } from "../runtime/data/index.js";
import type { BackendName } from "../runtime/run/backend.js";
import type { Summary } from "../runtime/run/run.js";
import { defaultRunName, partialPathOf } from "../runtime/run/run-folder.js";
import type { TrainEvent } from "../runtime/run/trainer.js";
import { checkFile, projectRootFor } from "./check-command.js";
import { makeImportLoader, SpecReadError } from "./read-spec.js";
import { checkNewRunFolder, readRunJson, readRunText } from "./read-run-folder.js";
import { pretrainedProgram } from "../runtime/run/pretrained.js";
import { describeTfjsModel } from "../runtime/tfjs-model/describe.js";
import { torchRefusals } from "../lower-torch/refusals.js";

export interface RunFlags {
  out?: string;
  resume?: string;
  backend: BackendName;
  threads?: number;
  /** Who trains: tfjs in this process (default), or the spec's PyTorch package in N processes. */
  engine?: "tfjs" | "torch";
  nproc?: number;
  device?: "cpu" | "cuda";
  color: boolean;
}

interface EngineChoice {
  engine: "tfjs" | "torch";
  nproc: number;
  device: "cpu" | "cuda";
}

/** The engine and its flags; a resumed run keeps the engine, processes and device it started with. */
function engineOf(flags: RunFlags, saved: Partial<EngineChoice> | undefined): EngineChoice {
  if (saved) {
    const run = { engine: saved.engine ?? "tfjs", nproc: saved.nproc ?? 1, device: saved.device ?? "cpu" } as EngineChoice;
    for (const [flag, given, kept] of [["--engine", flags.engine, run.engine], ["--nproc", flags.nproc, run.nproc], ["--device", flags.device, run.device]] as const) {
      if (given !== undefined && given !== kept) throw new SpecReadError(`${flag} ${given} cannot change a resumed run, which trains with ${flag} ${kept}`, true);
    }
    return run;
  }
  const engine = flags.engine ?? "tfjs";
  if (engine === "tfjs" && (flags.nproc !== undefined || flags.device !== undefined)) throw new SpecReadError(`${flags.nproc !== undefined ? "--nproc" : "--device"} is for --engine torch; tfjs trains in this process (see --backend and --threads)`, true);
  if (engine === "torch" && flags.threads !== undefined) throw new SpecReadError("--threads is for --engine tfjs; with --engine torch give --nproc", true);
  return { engine, nproc: flags.nproc ?? 1, device: flags.device ?? "cpu" };
}

export async function runRun(spec: string | undefined, flags: RunFlags): Promise<number> {
  let specPath: string;
  let checked;
  let specText: string;
  let choice: EngineChoice;
  if (flags.resume) {
    const dir = flags.resume;
    if (spec) throw new SpecReadError(`give either a spec or --resume DIR, not both (a resumed run trains its own copy of the spec, ${path.join(dir, "spec.mm")})`, true);
    if (flags.out) throw new SpecReadError("--out cannot move a resumed run; it continues in its own folder", true);
    const anyCheckpoint = ["checkpoint/checkpoint.json", "torch-out/checkpoint.pt"];
    if (!anyCheckpoint.some((f) => existsSync(path.join(dir, f)))) throw new SpecReadError(`\`${dir}\` is not a run folder with a checkpoint (no ${anyCheckpoint.join(" or ")})`, true);
    const settings = readRunJson<{ spec: string } & Partial<EngineChoice>>(dir, "settings.json");
    choice = engineOf(flags, settings);
    // A torch run's checkpoint is torch's own (model, optimizer, RNG states), in torch-out/.
    const checkpoint = choice.engine === "torch" ? path.join("torch-out", "checkpoint.pt") : path.join("checkpoint", "checkpoint.json");
    if (!existsSync(path.join(dir, checkpoint))) throw new SpecReadError(`\`${dir}\` is not a run folder with a checkpoint (no ${checkpoint})`, true);
    specPath = settings.spec;
    specText = readRunText(dir, "spec.mm");
    const source = new SourceFile(specPath, specText);
    checked = {
      ...checkSpec(source, {
        loadImport: makeImportLoader(projectRootFor(specPath)),
        baseDir: path.dirname(specPath),
        loadPretrained: pretrainedProgram,
        loadTfjsModel: describeTfjsModel,
        describeData: (req) => describeData({ ...req, seqLen: 1 }),
      }),
      source,
    };
  } else {
    if (!spec) throw new SpecReadError("give a spec to run, such as `mmc run specs/simple.mm`, or `--resume DIR`", true);
    choice = engineOf(flags, undefined);
    specPath = spec;
    checked = checkFile(spec, true);
    specText = checked.source.text;
  }
  // What the PyTorch engine cannot run is refused here, at the spec's lines, before anything starts.
  const refused = choice.engine === "torch" && checked.ir ? torchRefusals(checked.ir, checked.source) : [];
  if (refused.length) checked = { ...checked, diagnostics: [...checked.diagnostics, ...refused], ir: undefined };
  if (checked.diagnostics.length) process.stderr.write(renderAll(checked.diagnostics, { color: flags.color }) + "\n\n");
  if (!checked.ir) {
    process.stderr.write(`mmc: ${specPath} has errors; nothing was trained\n`);
    return 1;
  }
  // Decided (and checked) before any data are loaded, so a clash costs nothing.
  const out = flags.resume ? undefined : (flags.out ?? path.join("runs", defaultRunName(checked.ir.model)));
  if (out) checkNewRunFolder(out);
  const partial = partialPathOf(flags.resume ?? out!);
  let interrupts = 0;
  const stop = new AbortController();
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      stop.abort();
      process.stderr.write("\nmmc: stopping after this step; saving a checkpoint (Ctrl-C again to abandon the run)\n");
    } else {
      // Abandoned: the half-built copy goes; a resumed run's folder stays as it was.
      rmSync(partial, { recursive: true, force: true });
      process.exit(130);
    }
  };
  process.on("SIGINT", onSigint);
  const progress = makeProgress((await import("cli-progress")).default);
  try {
    const common = {
      checked: { ...checked, ir: checked.ir },
      specPath,
      specText,
      ...(out ? { out } : {}),
      ...(flags.resume ? { resume: flags.resume } : {}),
      backend: flags.backend,
      onInfo: (line: string) => process.stderr.write(`mmc: ${line}\n`),
      onEvent: progress.onEvent,
    };
    const [{ runSpec }, { NonFiniteLoss }] = await Promise.all([import("../runtime/run/run.js"), import("../runtime/run/trainer.js")]);
    const training =
      choice.engine === "torch"
        ? import("../engine-torch/run-torch.js").then(({ runTorchSpec }) => runTorchSpec({ ...common, nproc: choice.nproc, device: choice.device, stop: stop.signal }))
        : runSpec({ ...common, ...(flags.threads ? { threads: flags.threads } : {}), shouldStop: () => interrupts > 0 });
    const result = await training.catch((e: unknown) => {
      // Diverging is the spec's settings, not a compiler bug: say what to change.
      if (!(e instanceof NonFiniteLoss)) throw e;
      const kept = flags.resume ? `\`${flags.resume}\` is left as it was` : "no run folder was written";
      throw new SpecReadError(`${e.message}; ${kept}. Lower the learning rate, or add \`clip: 1.0\` to the train block`, false);
    });
    progress.stop();
    process.stdout.write(resultTable(result.summary) + `\nrun folder: ${result.dir}  (report: ${path.join(result.dir, "report.html")})\n`);
    if (result.summary.status === "interrupted") process.stdout.write(`interrupted at step ${result.summary.steps}; continue with: mmc run --resume ${result.dir}\n`);
    return result.summary.status === "completed" ? 0 : 130;
  } finally {
    progress.stop();
    process.off("SIGINT", onSigint);
  }
}

function makeProgress(progressBars: typeof cliProgress) {
  const tty = !!process.stderr.isTTY;
  let bar: cliProgress.SingleBar | undefined;
  let total = 0;
  let lastPrint = 0;
  return {
    onEvent(e: TrainEvent) {
      if (e.type === "start") {
        total = e.totalSteps;
        if (tty) {
          bar = new progressBars.SingleBar(
            { format: "{bar} {value}/{total} steps | ETA {eta_formatted} | loss {loss} | T {temp} | {sps} samples/s", hideCursor: true, etaBuffer: 50, stream: process.stderr },
            progressBars.Presets.shades_classic,
          );
          bar.start(e.totalSteps, e.startStep, { loss: "-", temp: "-", sps: "-" });
        }
      } else if (e.type === "step") {
        const payload = { loss: e.loss.toFixed(4), temp: e.temperature !== undefined ? e.temperature.toFixed(4) : "-", sps: Math.round(e.samplesPerSec) };
        if (bar) bar.update(e.step, payload);
        else if (e.step === total || e.elapsed - lastPrint >= 10) {
          lastPrint = e.elapsed;
          const eta = e.step > 0 ? ((total - e.step) * e.elapsed) / e.step : 0;
          process.stderr.write(`step ${e.step}/${total}  loss ${payload.loss}  T ${payload.temp}  ${payload.sps} samples/s  ${e.elapsed.toFixed(0)} s elapsed, ETA ${eta.toFixed(0)} s\n`);
        }
      } else if (e.type === "eval") {
        const r10 = e.metrics["text_to_image_R@10"];
        const line = `eval at step ${e.step}: ${r10 !== undefined ? `text->image R@10 ${r10.toFixed(3)}` : JSON.stringify(e.metrics)}`;
        if (bar) bar.updateETA();
        process.stderr.write((bar ? "\n" : "") + line + "\n");
      }
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

export function resultTable(s: Summary): string {
  const rows: [string, string, string][] = [];
  const m = s.metrics;
  const fmt = (v: number | undefined, rank = false) => (v === undefined ? "-" : rank ? v.toFixed(1) : v.toFixed(3));
  for (const dir of ["text_to_image", "image_to_text"] as const) {
    for (const key of Object.keys(m).filter((k) => k.startsWith(`${dir}_R@`))) rows.push([key.replace(/_/g, " ").replace("to ", "-> ").replace("text -> image", "text->image").replace("image -> text", "image->text"), fmt(m[key]), fmt(s.chance[key])]);
    rows.push([`${dir === "text_to_image" ? "text->image" : "image->text"} median rank`, fmt(m[`${dir}_median_rank`], true), fmt(s.chance[`${dir}_median_rank`], true)]);
  }
  for (const key of ["group_score", "group_strict", "accuracy"]) if (m[key] !== undefined) rows.push([key.replace("_", " "), fmt(m[key]), fmt(s.chance[key])]);
  for (const key of Object.keys(m).filter((k) => k.startsWith("zero_shot_top"))) rows.push([`zero-shot ${key.slice("zero_shot_".length).replace("top", "top-")}`, fmt(m[key]), fmt(s.chance[key])]);
  const w = Math.max(...rows.map((r) => r[0].length));
  const lines = [`${"metric".padEnd(w)}   value   chance`, ...rows.filter((r) => r[1] !== "-").map((r) => `${r[0].padEnd(w)}  ${r[1].padStart(6)}  ${r[2].padStart(7)}`)];
  const notes = (s.notes ?? []).map((n) => `\nnote: ${n}\n`).join("");
  const perClass = s.zeroShot ? zeroShotClassTable(s.zeroShot) : "";
  return `\n${s.model}: ${s.status}, ${s.steps}/${s.totalSteps} steps in ${s.seconds.toFixed(1)} s on ${s.backend} (${Math.round((s.steps * s.batch) / s.seconds)} samples/s)\n\n${lines.join("\n")}\n${perClass}${notes}`;
}

/** Classes listed one a line at most; more are summarised (summary.json has them all). */
const MAX_CLASS_ROWS = 20;

/** Zero-shot top-1 accuracy class by class, against chance (1 / classes). */
export function zeroShotClassTable(z: ZeroShotResult): string {
  const rows = z.perClass.filter((c) => c.count > 0);
  const shown = rows.length <= MAX_CLASS_ROWS ? rows : [...rows].sort((a, b) => b.accuracy! - a.accuracy!);
  const listed = rows.length <= MAX_CLASS_ROWS ? shown : [...shown.slice(0, MAX_CLASS_ROWS / 2), ...shown.slice(-MAX_CLASS_ROWS / 2)];
  const w = Math.max(5, ...listed.map((c) => c.name.length));
  const head = `\nzero-shot top-1 by class (chance ${(1 / z.classes.length).toFixed(3)}${rows.length > MAX_CLASS_ROWS ? `; the ${MAX_CLASS_ROWS / 2} best and ${MAX_CLASS_ROWS / 2} worst of ${rows.length}, all in summary.json` : ""}):`;
  const body = listed.map((c) => `  ${c.name.padEnd(w)}  ${c.accuracy!.toFixed(3).padStart(6)}  (${c.count} images)`);
  return `${head}\n${body.join("\n")}\n`;
}
