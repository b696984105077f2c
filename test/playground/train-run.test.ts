// The playground's training run, driven in Node without a Worker: it trains through the same
// Trainer.run as `mmc run`, so on the same seed it gives the CLI's losses, temperatures and
// metrics; a stop between steps ends it with every tensor freed.
import { describe, expect, it, beforeAll } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { Trainer } from "../../src/runtime/run/trainer.js";
import { loadSpecData } from "../../src/runtime/run/run.js";
import type { IRProgram } from "../../src/ir/ir.js";
import { trainRun, type RunDriver } from "../../playground/src/train-run.js";
import type { TrainReply } from "../../playground/src/protocol.js";
import { checkedIr, setSteps, wasm } from "../run/helpers.js";

const SPEC = "test/playground/tiny.mm";

beforeAll(wasm);

function tinyIr(): IRProgram {
  return checkedIr(SPEC, (ir) => {
    setSteps(ir, 3);
    ir.train.evalEvery = 2;
    Object.assign(ir.data.args, { train: 128, test: 64 });
  });
}

/** A driver as the worker's, minus the messages: nobody types unless `held`, stops as `stop` says. */
function driver(replies: TrainReply[], opts: { held?: boolean; stop?: () => boolean } = {}): RunDriver {
  return {
    post: (m) => void replies.push(m),
    startBackend: async () => tf.getBackend(),
    kernels: () => "the test's kernels",
    waitWhileHeld: async () => {},
    held: () => opts.held ?? false,
    stopped: opts.stop ?? (() => false),
  };
}

const points = (replies: TrainReply[]) => replies.flatMap((m) => (m.type === "steps" ? m.points : []));

describe("the playground's training run", () => {
  it("steps as the CLI's Trainer does on the same seed: same losses, temperatures and metrics", async () => {
    const ir = tinyIr();
    const cli = new Trainer(ir, loadSpecData(ir, SPEC));
    const steps: { step: number; loss: number; temperature?: number }[] = [];
    const evals: { step: number; metrics: Record<string, number> }[] = [];
    await cli.run({
      onEvent: (e) => {
        if (e.type === "step") steps.push({ step: e.step, loss: e.loss, ...(e.temperature !== undefined ? { temperature: e.temperature } : {}) });
        if (e.type === "eval") evals.push({ step: e.step, metrics: e.metrics });
      },
    });
    evals.push({ step: cli.step, metrics: (await cli.evaluate()).metrics });
    await cli.dispose();

    const replies: TrainReply[] = [];
    await trainRun(1, ir, "wasm", null, driver(replies));
    const done = replies.find((m) => m.type === "done");
    expect(replies.find((m) => m.type === "failed")).toBeUndefined();
    expect(done).toMatchObject({ reason: "finished", steps: 3 });
    if (done?.type === "done") expect(done.tensorsLeft).toBe(done.tensorsBefore);

    expect(steps).toHaveLength(3);
    expect(steps.every((s) => s.temperature !== undefined)).toBe(true);
    expect(points(replies).map(({ step, loss, temperature }) => ({ step, loss, temperature }))).toEqual(steps);
    const views = replies.flatMap((m) => (m.type === "eval" ? [{ step: m.view.step, metrics: m.view.metrics }] : []));
    expect(views.map((v) => v.step)).toEqual([2, 3]);
    expect(views).toEqual(evals);
  });

  it("refuses a spec whose tower starts from an earlier run's weights: a tab cannot read them", async () => {
    const ir = tinyIr();
    ir.towers[0]!.pretrained = { from: "runs/pre/model" };
    const replies: TrainReply[] = [];
    await trainRun(1, ir, "wasm", null, driver(replies));
    expect(replies).toEqual([expect.objectContaining({ type: "failed", kind: "data", message: expect.stringContaining("cannot read") })]);
  });

  it("stops between two steps when told, shows the steps it made, and frees every tensor", async () => {
    const replies: TrainReply[] = [];
    // Typing throughout: each pause first posts the steps so far, so a stop can follow the first.
    await trainRun(2, tinyIr(), "wasm", null, driver(replies, { held: true, stop: () => points(replies).length >= 1 }));
    expect(points(replies).map((p) => p.step)).toEqual([1]);
    const done = replies.find((m) => m.type === "done");
    expect(done).toMatchObject({ reason: "stopped", steps: 1 });
    if (done?.type === "done") expect(done.tensorsLeft).toBe(done.tensorsBefore);
    expect(replies.some((m) => m.type === "eval")).toBe(false);
  });
});
