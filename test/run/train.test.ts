// Training for real on a small budget: the loss falls, retrieval beats chance by a margin a
// broken model cannot reach, memory stays flat, and two threads give the one-thread result.
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { Trainer } from "../../src/runtime/run/trainer.js";
import { useHelperThread } from "../../src/runtime/parallel/pool.js";
import { loadSpecData } from "../../src/runtime/run/run.js";
import { dataRequestOf } from "../../src/runtime/run/data-request.js";
import { TINY, checkedIr, wasm, setSteps } from "./helpers.js";

beforeAll(wasm);

describe("training the tiny spec", () => {
  it("learns: text->image R@10 far above chance after 60 steps", async () => {
    const ir = checkedIr(TINY);
    const trainer = new Trainer(ir, loadSpecData(ir, TINY));
    const losses: number[] = [];
    await trainer.run({ onEvent: (e) => e.type === "step" && losses.push(e.loss) });
    const { metrics, chance } = await trainer.evaluate();
    await trainer.dispose();
    expect(losses).toHaveLength(60);
    expect(losses.slice(-5).reduce((a, b) => a + b) / 5).toBeLessThan(losses[0]! * 0.6);
    // chance is 0.05 on this 200-image gallery; an untrained or broken model stays near it.
    expect(chance["text_to_image_R@10"]).toBeLessThan(0.06);
    expect(metrics["text_to_image_R@10"]).toBeGreaterThan(0.5);
    expect(metrics["image_to_text_R@10"]).toBeGreaterThan(0.5);
    // A bag-of-words text encoder cannot tell a swap group's captions apart.
    expect(metrics["group_score"]).toBeCloseTo(0.25, 2);
  });

  it("keeps the tensor count flat across steps", async () => {
    const ir = checkedIr(TINY, (x) => setSteps(x, 8));
    const trainer = new Trainer(ir, loadSpecData(ir, TINY));
    trainer.trainStep();
    trainer.trainStep();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) trainer.trainStep();
    expect(tf.memory().numTensors).toBe(before);
    await trainer.dispose();
  });

  it("frees every tensor it made when disposed (model and optimizer)", async () => {
    const start = tf.memory().numTensors;
    const ir = checkedIr(TINY, (x) => setSteps(x, 2));
    const trainer = new Trainer(ir, loadSpecData(ir, TINY));
    await trainer.run();
    await trainer.evaluate();
    await trainer.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it("gives the same losses with a helper thread as with one thread", async () => {
    const ir = checkedIr(TINY, (x) => setSteps(x, 6));
    const request = dataRequestOf(ir, "test/fixtures");
    const runWith = async (threads: number) => {
      const trainer = new Trainer(ir, loadSpecData(ir, TINY));
      if (threads === 2) await useHelperThread(trainer, request, "wasm");
      expect(trainer.threads).toBe(threads);
      const losses: number[] = [];
      for (let i = 0; i < 6; i++) losses.push(trainer.trainStep());
      await trainer.dispose();
      return losses;
    };
    const one = await runWith(1);
    const two = await runWith(2);
    two.forEach((l, i) => expect(l).toBeCloseTo(one[i]!, 4));
  });
});

describe("the learning-rate schedule a spec declares", () => {
  it("warms a constant schedule up linearly, as `constant(warmup: N)` says", async () => {
    const ir = checkedIr(TINY, (x) => {
      setSteps(x, 5);
      x.train.schedule = { kind: "constant", warmup: 4 };
    });
    const trainer = new Trainer(ir, loadSpecData(ir, TINY));
    const lrs: number[] = [];
    await trainer.run({ onEvent: (e) => e.type === "step" && lrs.push(e.lr) });
    await trainer.dispose();
    const lr = ir.train.optimizer.lr;
    expect(lrs.map((x) => x / lr)).toEqual([0.25, 0.5, 0.75, 1, 1].map((x) => expect.closeTo(x, 9)));
  });
});

describe("the driver's pause", () => {
  it("is awaited before every step and every evaluation, and its time is not training time", async () => {
    const ir = checkedIr(TINY, (x) => {
      setSteps(x, 4);
      x.train.evalEvery = 2;
    });
    const trainer = new Trainer(ir, loadSpecData(ir, TINY));
    const order: string[] = [];
    const PAUSE_MS = 30;
    const wall0 = performance.now();
    let lastElapsed = 0;
    await trainer.run({
      pause: async () => {
        order.push("pause");
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      },
      onEvent: (e) => {
        if (e.type === "step") (order.push(`step ${e.step}`), (lastElapsed = e.elapsed));
        else if (e.type === "eval") order.push(`eval ${e.step}`);
      },
    });
    const wallSeconds = (performance.now() - wall0) / 1000;
    await trainer.dispose();
    expect(order).toEqual(["pause", "step 1", "pause", "step 2", "pause", "eval 2", "pause", "step 3", "pause", "step 4"]);
    expect(lastElapsed).toBeLessThanOrEqual(wallSeconds - (5 * PAUSE_MS) / 1000);
  });
});
