// Every example spec checks cleanly, is canonically formatted, and trains for a few steps.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { parseSpec } from "../src/ast/parse.js";
import { printSpec } from "../src/ast/print.js";
import { SourceFile } from "../src/source/source.js";
import { Trainer } from "../src/runtime/run/trainer.js";
import { loadSpecData } from "../src/runtime/run/run.js";
import { checkedIr, wasm, setSteps } from "./run/helpers.js";

const specs = readdirSync("specs").filter((f) => f.endsWith(".mm")).map((f) => path.join("specs", f));

beforeAll(wasm);

describe.each(specs)("%s", (spec) => {
  it("is formatted as `mmc fmt` prints it", () => {
    const text = readFileSync(spec, "utf8");
    expect(printSpec(parseSpec(new SourceFile(spec, text)).ast, text)).toBe(text);
  });

  it("checks and trains a few steps on a small slice of its data", async () => {
    const ir = checkedIr(spec, (x) => {
      setSteps(x, 2);
      delete x.train.epochs;
      delete x.train.evalEvery;
      if (x.data.kind === "shapes" || x.data.kind === "noise") Object.assign(x.data.args, { train: 128, test: 64 });
      if (x.data.kind === "emoji") Object.assign(x.data.args, { limit: 128 });
      x.train.batch = Math.min(x.train.batch, 32);
    });
    const trainer = new Trainer(ir, loadSpecData(ir, spec));
    const before = tf.memory().numTensors;
    const losses = [trainer.trainStep(), trainer.trainStep()];
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    const { metrics } = await trainer.evaluate();
    expect(Object.values(metrics).every(Number.isFinite)).toBe(true);
    await trainer.dispose();
  });
});
