// `mmc check` on a spec whose tower loads a tfjs model of layers the repo's own model lacks
// (batch norm, separable conv, dropout, global pooling), trainable: its shape is read from the
// file, a wrong declared shape is MM3019 with the right one, and the output is the check's alone
// (the plain-JS backend started for the check must not print tfjs's banner).
import * as tf from "@tensorflow/tfjs";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { folderSaveHandler } from "../../src/runtime/tfjs-model/save-files.js";
import { ROOT, runCli } from "./cli.js";

const dir = mkdtempSync(path.join(tmpdir(), "mmc-tfjs-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("checks a spec against a model.json of other layers, printing nothing but the check", async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 16, kernelSize: 3, padding: "same", useBias: false }),
      tf.layers.batchNormalization(),
      tf.layers.activation({ activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.separableConv2d({ filters: 24, kernelSize: 3, activation: "relu" }),
      tf.layers.dropout({ rate: 0.2 }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 48, activation: "tanh" }),
    ],
  });
  await model.save(folderSaveHandler(path.join(dir, "m")));
  model.dispose();
  const spec = readFileSync(path.join(ROOT, "specs/tfjs_tower.mm"), "utf8").replace(/tfjs_model\([^)]*\)( frozen)?/, 'tfjs_model("m/model.json", output: [B, 48])');
  writeFileSync(path.join(dir, "u.mm"), spec);
  const ok = await runCli(["check", path.join(dir, "u.mm")]);
  expect(ok.stderr + ok.stdout).not.toMatch(/tfjs-node|Hi, looks like/);
  expect(ok.code).toBe(0);
  expect(ok.stdout).toMatch(/tfjs_model\("m\/model\.json", output: \[B, 48\]\)\s+\[B, 48\]/);

  writeFileSync(path.join(dir, "bad.mm"), spec.replace("output: [B, 48]", "output: [B, 64]"));
  const bad = await runCli(["check", path.join(dir, "bad.mm")]);
  expect(bad.code).toBe(1);
  expect(bad.stderr + bad.stdout).toMatch(/MM3019/);
  expect(bad.stderr + bad.stdout).toMatch(/declare `output: \[B, 48\]`/);
}, 60_000);
