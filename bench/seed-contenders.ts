// The seed model's training step three ways on the current tfjs backend: compiled from
// specs/simple.mm (one thread, and two with the helper thread), and hand-written in tfjs.
// All three draw the same kind of batches from the spec's data set, so the data pipeline
// costs the same in each.
import { verifyIR } from "../src/ir/verify.js";
import * as tf from "@tensorflow/tfjs";
import path from "node:path";
import { checkFile } from "../src/cli/check-command.js";
import type { IRProgram } from "../src/ir/ir.js";
import { useHelperThread } from "../src/runtime/parallel/pool.js";
import type { DataBundle } from "../src/runtime/data/types.js";
import type { BackendName } from "../src/runtime/run/backend.js";
import { planBatches } from "../src/runtime/run/batches.js";
import { makeFeeds } from "../src/runtime/run/feeds.js";
import { loadSpecData } from "../src/runtime/run/run.js";
import { dataRequestOf } from "../src/runtime/run/data-request.js";
import { Trainer } from "../src/runtime/run/trainer.js";
import { processCpuMs, type Contender, type StepTime } from "./interleave.js";
import { createHandwrittenSeed } from "./seed-handwritten.js";
import { busiestThreadMs, threadCpuMs } from "./thread-cpu.js";

export interface SeedSpec {
  ir: IRProgram;
  specPath: string;
  data: DataBundle;
}

export function loadSeedSpec(specPath: string, batch: number): SeedSpec {
  const checked = checkFile(specPath, true);
  const errors = checked.diagnostics.filter((d) => d.severity === "error");
  if (!checked.ir || errors.length) throw new Error(`${specPath}: does not check (${errors[0]?.message ?? "no IR"})`);
  const ir: IRProgram = verifyIR({ ...checked.ir, train: { ...checked.ir.train, batch } }, { where: "with the bench's batch" });
  return { ir, specPath, data: loadSpecData(ir, specPath) };
}

async function timeSteps(steps: number, step: () => unknown): Promise<StepTime[]> {
  const times: StepTime[] = [];
  for (let i = 0; i < steps; i++) {
    const [w0, c0, t0] = [performance.now(), processCpuMs(), threadCpuMs()];
    await step();
    const busiestMs = busiestThreadMs(t0, threadCpuMs());
    times.push({ wallMs: performance.now() - w0, cpuMs: processCpuMs() - c0, ...(busiestMs === undefined ? {} : { busiestMs }) });
  }
  return times;
}

/** A contender that also frees what it holds. */
export interface OwnedContender extends Contender {
  dispose(): Promise<void>;
}

/** Backends whose results can be read synchronously; the others (WebGPU in Node) read with await. */
export function readsSync(backend: string): boolean {
  return backend === "wasm" || backend === "cpu";
}

export function compiledContender(name: string, seed: SeedSpec, sync = true): OwnedContender & { trainer: Trainer } {
  const trainer = new Trainer(seed.ir, seed.data);
  return {
    name,
    trainer,
    run: (steps) => timeSteps(steps, sync ? () => trainer.trainStep() : () => trainer.trainStepAsync()),
    dispose: () => trainer.dispose(),
  };
}

/** The compiled model with a helper thread computing half of every batch on the second core. */
export async function compiledTwoThreads(name: string, seed: SeedSpec, backend: BackendName): Promise<OwnedContender & { trainer: Trainer }> {
  const c = compiledContender(name, seed);
  const request = dataRequestOf(seed.ir, path.dirname(seed.specPath));
  await useHelperThread(c.trainer, request, backend);
  if (c.trainer.threads !== 2) throw new Error("the helper thread did not start");
  return c;
}

export function handwrittenContender(name: string, seed: SeedSpec, sync = true): OwnedContender {
  const { ir, data } = seed;
  const model = createHandwrittenSeed(ir.train.seed);
  const plan = planBatches(data.train, ir.train.batch, "random", ir.train.seed);
  const image = ir.inputs.find((i) => i.kind === "image")!.name;
  const text = ir.inputs.find((i) => i.kind === "tokens")!.name;
  let step = 0;
  return {
    name,
    run: (steps) =>
      timeSteps(steps, async () => {
        const feeds = makeFeeds(ir, data, data.train, plan.indices(step++));
        const [images, tokens] = [feeds[image] as tf.Tensor4D, feeds[text] as tf.Tensor2D];
        if (sync) model.step(images, tokens);
        else await model.stepAsync(images, tokens);
        for (const t of Object.values(feeds)) t.dispose();
      }),
    dispose: async () => model.dispose(),
  };
}
