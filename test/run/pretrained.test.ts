// Pretrained and frozen towers (`from`, `frozen`, `lr_scale`): weights loaded from a run folder
// reproduce that run's embeddings bit for bit; a frozen tower leaves training byte for byte
// as loaded while the other tower learns; `lr_scale 0` ends where `frozen` does.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { checkFile } from "../../src/cli/check-command.js";
import { scopeNodes, towerWeights } from "../../src/ir/weight-names.js";
import { CompiledModel } from "../../src/lower/model.js";
import { evaluate } from "../../src/runtime/run/evaluate.js";
import { loadPretrainedTowers, PretrainedError, readSavedModel } from "../../src/runtime/run/pretrained.js";
import { runExport } from "../../src/cli/export-command.js";
import { torchTensors } from "../../src/lower-torch/weights.js";
import { loadSpecData, runSpec } from "../../src/runtime/run/run.js";
import { wasm } from "./helpers.js";

beforeAll(wasm);

const dir = mkdtempSync(path.join(os.tmpdir(), "mmc-pretrained-"));

const IMAGE_BODY = `{
  conv2d(8, kernel: 3, stride: 2, activation: relu)
  conv2d(16, kernel: 3, stride: 2, activation: relu)
  mean(over: [H, W])
  dense(16)
}`;

/** A tiny CLIP-style spec; `imageOptions` go after the image tower's header. */
function spec(name: string, imageOptions: string, textBody = "embed(16)\n  mean(over: L)\n  dense(16)"): string {
  const file = path.join(dir, `${name}.mm`);
  writeFileSync(file, `model ${name}
import "std/transformer.mm"
data shapes(train: 256, test: 64, seed: 3)
input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 32
encoder image_enc(image) -> [B, 16] ${imageOptions} ${IMAGE_BODY}
encoder text_enc(text) -> [B, 16] {
  ${textBody}
}
loss infonce(image_enc, text_enc)
train { optimizer: adam(lr: 3e-3), batch: 32, steps: 12, seed: 1 }
`);
  return file;
}

function checked(file: string) {
  const c = checkFile(file, true);
  if (!c.ir) throw new Error(`${file} does not check: ${c.diagnostics.map((d) => d.message).join("; ")}`);
  return { ...c, ir: c.ir };
}

async function run(file: string, out: string, threads = 1): Promise<string> {
  const c = checked(file);
  await runSpec({ checked: c, specPath: file, specText: c.source.text, out, backend: "wasm", threads });
  return path.join(out, "model");
}

/** A saved model's weights of one tower (or every weight), by run-independent name, as raw bytes. */
function savedWeights(modelDir: string, tower?: string): Map<string, Buffer> {
  const saved = readSavedModel(modelDir);
  if (typeof saved === "string") throw new Error(saved);
  const bin = readFileSync(path.join(modelDir, "weights.bin"));
  const at = new Map<string, Buffer>();
  let off = 0;
  for (const w of saved.json.weightsManifest[0]!.weights) {
    const n = w.shape.reduce((a, b) => a * b, 4);
    at.set(w.name, bin.subarray(off, off + n));
    off += n;
  }
  if (!tower) return at;
  return new Map(towerWeights(saved.json.ir.nodes, tower).map((w) => [w.name, at.get(w.stored)!]));
}

const pretrain = path.join(dir, "pre");
let preModel: string;

beforeAll(async () => {
  preModel = await run(spec("pre", ""), pretrain);
}, 120_000);

describe("pretrained towers", () => {
  it("reproduce the earlier run's image embeddings bit for bit", async () => {
    const file = spec("reuse", `from "pre/model" frozen`, "embed(16)\n  mean(over: L)\n  dense(32, activation: relu)\n  dense(16)");
    const { ir } = checked(file);
    const model = new CompiledModel(ir, ir.train.seed);
    try {
      expect(loadPretrainedTowers(model, dir)).toEqual([`image_enc: 6 weights from ${path.relative(process.cwd(), preModel)}`]);
      const evaluation = await evaluate(ir, model, loadSpecData(ir, file));
      const mine = Buffer.from(evaluation.embeddings!.images.buffer);
      expect(mine.equals(readFileSync(path.join(pretrain, "embeddings/test-images.f32")))).toBe(true);
    } finally {
      model.dispose();
    }
  });

  it("a run folder works as well as its model folder", () => {
    expect(checkFile(spec("folder", `from "pre"`), true).diagnostics).toEqual([]);
  });

  it("stay byte for byte as loaded when frozen, while the other tower trains; lr_scale 0 ends the same", async () => {
    const frozen = await run(spec("frozen", `from "pre/model" frozen`), path.join(dir, "frozen"));
    const before = savedWeights(preModel, "image_enc");
    expect(savedWeights(frozen, "image_enc")).toEqual(before);
    // The text tower moved away from its seed's initial weights (the same in both runs' specs).
    const { ir } = checked(path.join(dir, "frozen.mm"));
    const init = new CompiledModel(ir, ir.train.seed);
    try {
      const trained = savedWeights(frozen, "text_enc");
      for (const w of towerWeights(ir.nodes, "text_enc")) {
        expect(Buffer.from((init.variableFor(w.key)!.dataSync() as Float32Array).buffer).equals(trained.get(w.name)!), w.name).toBe(false);
      }
    } finally {
      init.dispose();
    }
    // No optimizer state for the frozen tower.
    const slots = Object.keys(JSON.parse(readFileSync(path.join(dir, "frozen/checkpoint/checkpoint.json"), "utf8")).optimizer.slots);
    expect(slots.some((k) => k.startsWith("text_enc/"))).toBe(true);
    expect(slots.some((k) => k.startsWith("image_enc/"))).toBe(false);

    // With a helper thread splitting each batch, too (it gets no gradient for the frozen tower).
    expect(savedWeights(await run(path.join(dir, "frozen.mm"), path.join(dir, "frozen-2"), 2), "image_enc")).toEqual(before);

    // Saved once: the checkpoint leaves the frozen tower to model/.
    const kept = JSON.parse(readFileSync(path.join(dir, "frozen/checkpoint/model.json"), "utf8")).weightsManifest[0].weights.map((w: { name: string }) => w.name);
    expect(kept.some((k: string) => k.startsWith("text_enc/"))).toBe(true);
    expect(kept.some((k: string) => k.startsWith("image_enc/"))).toBe(false);

    const zero = await run(spec("zero", `from "pre/model" lr_scale 0`), path.join(dir, "zero"));
    expect(savedWeights(zero)).toEqual(savedWeights(frozen));
    // A scale between changes the tower, less than the full rate would.
    const half = await run(spec("half", `from "pre/model" lr_scale 0.5`), path.join(dir, "half"));
    expect(savedWeights(half, "image_enc")).not.toEqual(before);
  }, 120_000);

  it("refuse to train, leaving no run folder, when the folder changed since the check", async () => {
    const swap = path.join(dir, "swap");
    cpSync(preModel, swap, { recursive: true });
    const file = spec("swapped", `from "swap"`);
    const c = checked(file);
    // Another run's model, whose image tower has other layers, replaces the one checked against.
    cpSync("test/golden/err_pretrained_weights_differ/pre", swap, { recursive: true });
    const out = path.join(dir, "swapped-run");
    await expect(runSpec({ checked: c, specPath: file, specText: c.source.text, out, backend: "wasm", threads: 1 })).rejects.toThrow(/weights of `image_enc` in .*swap no longer match the spec \(0 missing, 0 shaped differently, 2 extra\)/);
    expect(existsSync(out)).toBe(false);
  });

  it("export --format torch starts from the run's weights, and refuses a folder it cannot read", () => {
    const file = spec("exported", `from "pre/model" frozen`);
    const out = path.join(dir, "exported-pkg");
    expect(runExport(file, { format: "torch", out, data: true, color: false })).toBe(0);
    const index = JSON.parse(readFileSync(path.join(out, "weights.json"), "utf8")) as { tensors: { name: string; key: string; shape: number[]; offset: number }[] };
    const bin = readFileSync(path.join(out, "weights.bin"));
    const { ir } = checked(file);
    const model = new CompiledModel(ir, ir.train.seed);
    try {
      loadPretrainedTowers(model, dir);
      const want = new Map(torchTensors(ir, (key) => model.variableFor(key)).map((t) => [t.name, t.tensor.values]));
      const image = index.tensors.filter((t) => t.key.startsWith("image_enc/"));
      expect(image.length).toBe(6);
      for (const t of image) {
        const v = want.get(t.name)!;
        expect(bin.subarray(t.offset * 4, (t.offset + v.length) * 4).equals(Buffer.from(v.buffer, v.byteOffset, v.byteLength)), t.name).toBe(true);
      }
    } finally {
      model.dispose();
    }
    const gone = spec("gone", `from "no_such_run"`);
    expect(() => runExport(gone, { format: "torch", out: path.join(dir, "gone-pkg"), data: true, color: false })).toThrow(PretrainedError);
    expect(existsSync(path.join(dir, "gone-pkg"))).toBe(false);
  });

  it("resume an interrupted frozen run to the uninterrupted run's weights", async () => {
    const file = path.join(dir, "frozen.mm");
    const out = path.join(dir, "frozen-cut");
    const c = checked(file);
    let steps = 0;
    const cut = await runSpec({ checked: c, specPath: file, specText: c.source.text, out, backend: "wasm", threads: 1, onEvent: (e) => void (e.type === "step" && steps++), shouldStop: () => steps >= 5 });
    expect(cut.summary.status).toBe("interrupted");
    const resumed = await runSpec({ checked: c, specPath: file, specText: c.source.text, resume: out, backend: "wasm", threads: 1 });
    expect(resumed.summary.steps).toBe(12);
    expect(savedWeights(path.join(out, "model"))).toEqual(savedWeights(path.join(dir, "frozen/model")));
  });

  it("load a block call's weights from the run's same call of that block, the rest from the seed", async () => {
    const layers = (from: string) => `embed(16)\n  positional()\n  transformer(16, heads: 2, mlp: 2)${from}\n  mean(over: L)\n  dense(16)`;
    const preTf = await run(spec("pre_tf", "", layers("")), path.join(dir, "pre_tf"));
    const file = spec("block_from", "", layers(` from "pre_tf/model"`));
    const { ir } = checked(file);
    const model = new CompiledModel(ir, ir.train.seed);
    const seeded = new CompiledModel(ir, ir.train.seed);
    try {
      expect(loadPretrainedTowers(model, dir)).toEqual([`transformer(16, heads: 2, mlp: 2) in text_enc: 16 weights from ${path.relative(process.cwd(), preTf)}`]);
      const saved = savedWeights(preTf, "text_enc");
      const bytes = (key: string, m: CompiledModel) => Buffer.from((m.variableFor(key)!.dataSync() as Float32Array).buffer);
      const block = new Set(towerWeights(scopeNodes(ir.nodes, ir.scopes!, ir.scopes!.find((sc) => sc.pretrained)!.id), "text_enc").map((w) => w.key));
      expect(block.size).toBe(16);
      for (const w of towerWeights(ir.nodes, "text_enc")) {
        // The block's weights are the run's; the layers around it keep their seed's.
        expect(bytes(w.key, model).equals(block.has(w.key) ? saved.get(w.name)! : bytes(w.key, seeded)), w.name).toBe(true);
        if (block.has(w.key)) expect(bytes(w.key, seeded).equals(saved.get(w.name)!), w.name).toBe(false);
      }
    } finally {
      model.dispose();
      seeded.dispose();
    }
  });
});
