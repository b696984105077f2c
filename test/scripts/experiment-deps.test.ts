// npm run experiments: producers of pretrained weights train first, into the folder their
// consumers name, and a consumer's cache hash changes when those weights do.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { orderJobs, pretrainedFolders, pretrainedIdentity, tfjsWeightsIdentity, type Job } from "../../scripts/experiment-deps.js";
import type { IRProgram } from "../../src/ir/ir.js";

const job = (name: string, specText: string): Job => ({ name, specPath: path.join("specs", `${name}.mm`), specText, runDir: path.join("runs", "experiments", name) });
const consumer = 'encoder image_enc(image) -> [B, 64] from "../runs/pre/model" frozen {\n  dense(64)\n}\n';

describe("experiment dependencies", () => {
  it("reads `from` folders from the text, ignoring comments", () => {
    const text = `// from "../runs/not_this"\n${consumer}`;
    expect(pretrainedFolders(text, "specs")).toEqual([path.resolve("runs/pre/model")]);
  });

  it("trains the producer first, into the folder the consumer names", () => {
    const ordered = orderJobs([job("lit", consumer), job("other", "model other\n"), job("pre", "model pre\n")]);
    expect(ordered.map((j) => j.name)).toEqual(["pre", "lit", "other"]);
    const pre = ordered.find((j) => j.name === "pre")!;
    expect(pre.runDir).toBe(path.resolve("runs/pre"));
    expect(pre.feeds).toBe(true);
    expect(ordered.find((j) => j.name === "other")!.runDir).toBe(path.join("runs", "experiments", "other"));
  });

  it("keeps a consumer whose producer is not in the batch (its folder comes from an earlier run)", () => {
    expect(orderJobs([job("lit", consumer)]).map((j) => j.name)).toEqual(["lit"]);
  });

  it("refuses a cycle", () => {
    const a = job("a", 'encoder e(x) -> [B, 4] from "../runs/b/model" {\n}\n');
    const b = job("b", 'encoder e(x) -> [B, 4] from "../runs/a" {\n}\n');
    expect(() => orderJobs([a, b])).toThrow(/cycle: a -> b -> a/);
  });

  it("hashes the pretrained weights, so a retrained producer invalidates the consumer", () => {
    const root = mkdtempSync(path.join(tmpdir(), "mmc-deps-"));
    const specDir = path.join(root, "specs");
    const model = path.join(root, "runs", "pre", "model");
    const missing = pretrainedIdentity(consumer, specDir);
    mkdirSync(model, { recursive: true });
    writeFileSync(path.join(model, "model.json"), "{}");
    writeFileSync(path.join(model, "weights.bin"), Buffer.from([1, 2, 3, 4]));
    const first = pretrainedIdentity(consumer, specDir);
    expect(first).not.toBe(missing);
    expect(pretrainedIdentity(consumer, specDir)).toBe(first);
    writeFileSync(path.join(model, "weights.bin"), Buffer.from([1, 2, 3, 5]));
    expect(pretrainedIdentity(consumer, specDir)).not.toBe(first);
  });

  it("hashes a tfjs_model's weight file, so a rebuilt model invalidates the spec's result", () => {
    const root = mkdtempSync(path.join(tmpdir(), "mmc-deps-"));
    const spec = path.join(root, "specs", "t.mm");
    const cnn = path.join(root, "models", "cnn");
    mkdirSync(cnn, { recursive: true });
    cpSync("models/shapes_cnn", cnn, { recursive: true });
    const ir = { nodes: [{ op: "tfjs_model", attrs: { path: "../models/cnn/model.json" } }] } as unknown as IRProgram;
    const first = tfjsWeightsIdentity(ir, spec);
    expect(first).toMatch(/^\+tfjs:[0-9a-f]{16}$/);
    expect(tfjsWeightsIdentity(ir, spec)).toBe(first);
    const bin = readFileSync(path.join(cnn, "weights.bin"));
    bin[0] = bin[0]! ^ 1;
    writeFileSync(path.join(cnn, "weights.bin"), bin);
    expect(tfjsWeightsIdentity(ir, spec)).not.toBe(first);
    expect(tfjsWeightsIdentity({ nodes: [] } as unknown as IRProgram, spec)).toBe("");
  });
});
