// `tfjs_model("cnn/model.json", output: [B, 64])`: a tfjs LayersModel built and saved by
// scripts/build-tfjs-model.ts is accepted by the checker; the tower runs it bit for bit as
// tf.loadLayersModel does; frozen, its weights come out of training byte for byte as in the
// file (no optimizer slots, left out of checkpoints); trainable, they change, are saved with
// the run, and `mmc eval`'s loader reproduces the run's embeddings.
import * as tf from "@tensorflow/tfjs";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildTfjsModel } from "../../scripts/build-tfjs-model.js";
import { checkSpec } from "../../src/check/check.js";
import { checkFile } from "../../src/cli/check-command.js";
import { runExport } from "../../src/cli/export-command.js";
import { Rng } from "../../src/common/random.js";
import { renderAll } from "../../src/diagnostics/render.js";
import type { IRProgram } from "../../src/ir/ir.js";
import { paramKey } from "../../src/ir/weight-names.js";
import { torchRefusals } from "../../src/lower-torch/refusals.js";
import { CompiledModel } from "../../src/lower/model.js";
import { loadModel } from "../../src/runtime/run/model-io.js";
import { evaluate } from "../../src/runtime/run/evaluate.js";
import { loadSpecData, runSpec } from "../../src/runtime/run/run.js";
import { describeTfjsModel } from "../../src/runtime/tfjs-model/describe.js";
import { loadTfjsWeights } from "../../src/runtime/tfjs-model/load-weights.js";
import { fileHandler } from "../../src/runtime/tfjs-model/read-files.js";
import { SourceFile } from "../../src/source/source.js";
import { wasm } from "./helpers.js";
import { writeTinyGraph } from "../fixtures/tfjs-graph.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "mmc-tfjs-model-"));
const cnn = path.join(dir, "cnn");
const modelJson = path.join(cnn, "model.json");

beforeAll(async () => {
  await wasm();
  await buildTfjsModel({ out: cnn, steps: 3, seed: 5, batch: 16 });
}, 60_000);

/** A tiny CLIP-style spec whose image tower is the saved CNN (`options` after its call) and a dense head. */
function spec(name: string, options: string): string {
  const file = path.join(dir, `${name}.mm`);
  writeFileSync(file, `model ${name}
data shapes(train: 256, test: 64, seed: 3)
input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 32
encoder image_enc(image) -> [B, 16] {
  tfjs_model("cnn/model.json", output: [B, 64]) ${options}
  dense(16)
}
encoder text_enc(text) -> [B, 16] {
  embed(16)
  mean(over: L)
  dense(16)
}
loss infonce(image_enc, text_enc)
train { optimizer: adam(lr: 3e-3), batch: 32, steps: 6, seed: 1 }
`);
  return file;
}

function checked(file: string) {
  const c = checkFile(file, true);
  if (!c.ir) throw new Error(`${file} does not check: ${c.diagnostics.map((d) => d.message).join("; ")}`);
  return { ...c, ir: c.ir };
}

const tfjsNode = (ir: IRProgram) => ir.nodes.find((n) => n.op === "tfjs_model")!;

/** The file's weights as raw bytes, by manifest name. */
function fileWeights(): Map<string, Buffer> {
  const json = JSON.parse(readFileSync(modelJson, "utf8")) as tf.io.ModelJSON;
  const bin = readFileSync(path.join(cnn, "weights.bin"));
  const out = new Map<string, Buffer>();
  let off = 0;
  for (const w of json.weightsManifest[0]!.weights) {
    const n = w.shape.reduce((a, b) => a * b, 1) * 4;
    out.set(w.name, bin.subarray(off, off + n));
    off += n;
  }
  return out;
}

/** A run's saved weights as raw bytes, by manifest name. */
function savedWeights(modelDir: string): Map<string, Buffer> {
  const json = JSON.parse(readFileSync(path.join(modelDir, "model.json"), "utf8")) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] };
  const bin = readFileSync(path.join(modelDir, "weights.bin"));
  const out = new Map<string, Buffer>();
  let off = 0;
  for (const w of json.weightsManifest[0]!.weights) {
    const n = w.shape.reduce((a, b) => a * b, 1) * 4;
    out.set(w.name, bin.subarray(off, off + n));
    off += n;
  }
  return out;
}

const images = (count: number, seed: number) => {
  const rng = new Rng(seed);
  return tf.tensor4d(Float32Array.from({ length: count * 32 * 32 * 3 }, () => rng.next()), [count, 32, 32, 3]);
};

describe("tfjs_model", () => {
  it("accepts the model scripts/build-tfjs-model.ts saves: its weights become the layer's", () => {
    const { ir } = checked(spec("accepted", "frozen"));
    const node = tfjsNode(ir);
    expect(node.shape.map((d) => d.size)).toEqual([null, 64]);
    expect(node.params.map((p) => p.shape)).toEqual([[3, 3, 3, 16], [16], [3, 3, 16, 32], [32], [3, 3, 32, 64], [64]]);
    expect(node.paramCount).toBe(23_584);
    expect(node.attrs.frozen).toBe(true);
    expect(node.label).toBe('tfjs_model("cnn/model.json", output: [B, 64]) frozen');
  });

  it("computes what tf.loadLayersModel's model computes from the same file, bit for bit", async () => {
    const { ir } = checked(spec("parity", ""));
    const before = tf.memory().numTensors;
    const model = new CompiledModel(ir, 1);
    loadTfjsWeights(model, path.join(dir, "parity.mm"));
    const reference = await tf.loadLayersModel(fileHandler(modelJson) as tf.io.IOHandler);
    const x = images(5, 9);
    const tokens = tf.zeros([5, 12], "int32");
    const id = tfjsNode(ir).id;
    const ours = tf.tidy(() => model.forward({ image: x, text: tokens }, [id], false, new Rng(1)).get(id)!.dataSync());
    const theirs = tf.tidy(() => (reference.predict(x, { batchSize: 5 }) as tf.Tensor).dataSync());
    expect(ours.length).toBe(5 * 64);
    expect(Buffer.from(ours.buffer)).toEqual(Buffer.from(theirs.buffer));
    reference.dispose();
    tf.dispose([x, tokens]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("frozen: training leaves its weights byte for byte as in the file, gives them no optimizer slots and leaves them out of checkpoints", async () => {
    const file = spec("frozen", "frozen");
    const c = checked(file);
    const out = path.join(dir, "run-frozen");
    const before = tf.memory().numTensors;
    await runSpec({ checked: c, specPath: file, specText: c.source.text, out, backend: "wasm", threads: 1 });
    expect(tf.memory().numTensors).toBe(before);
    const node = tfjsNode(c.ir);
    const saved = savedWeights(path.join(out, "model"));
    for (const [name, bytes] of fileWeights()) expect(saved.get(paramKey(node, name)), name).toEqual(bytes);
    const head = c.ir.nodes.find((n) => n.tower === "image_enc" && n.op === "dense")!;
    const initial = new CompiledModel(c.ir, c.ir.train.seed);
    const headKernel = Buffer.from((await initial.params.get(paramKey(head, "kernel"))!.data()).buffer);
    initial.dispose();
    expect(saved.get(paramKey(head, "kernel"))).not.toEqual(headKernel);
    const checkpoint = savedWeights(path.join(out, "checkpoint"));
    expect([...checkpoint.keys()].filter((k) => k.includes("/tfjs_model/"))).toEqual([]);
    const slots = Object.keys((JSON.parse(readFileSync(path.join(out, "checkpoint", "checkpoint.json"), "utf8")) as { optimizer: { slots: object } }).optimizer.slots);
    expect(slots.length).toBeGreaterThan(0);
    expect(slots.filter((s) => s.includes("/tfjs_model/"))).toEqual([]);
  }, 60_000);

  it("trainable: its weights change, are saved with the run, and the saved model reproduces the run's embeddings", async () => {
    const file = spec("trainable", "");
    const c = checked(file);
    const out = path.join(dir, "run-trainable");
    await runSpec({ checked: c, specPath: file, specText: c.source.text, out, backend: "wasm", threads: 1 });
    const node = tfjsNode(c.ir);
    const saved = savedWeights(path.join(out, "model"));
    const changed = [...fileWeights()].filter(([name, bytes]) => !saved.get(paramKey(node, name))!.equals(bytes));
    expect(changed.length).toBe(6);
    const slots = Object.keys((JSON.parse(readFileSync(path.join(out, "checkpoint", "checkpoint.json"), "utf8")) as { optimizer: { slots: object } }).optimizer.slots);
    expect(slots.filter((s) => s.includes("/tfjs_model/")).length).toBe(12); // adam: two per weight
    const before = tf.memory().numTensors;
    const model = loadModel(path.join(out, "model"));
    const evaluation = await evaluate(c.ir, model, loadSpecData(c.ir, file));
    expect(Buffer.from(evaluation.embeddings!.images.buffer).equals(readFileSync(path.join(out, "embeddings", "test-images.f32")))).toBe(true);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);
});

describe("tfjs_model under the tower's options, and resumed", () => {
  it("a frozen tower freezes it; `lr_scale` scales its updates", () => {
    const file = path.join(dir, "tower_options.mm");
    const text = readFileSync(spec("tower_options", ""), "utf8");
    for (const [option, trainable, scale] of [["frozen", 0, 1], ["lr_scale 0.25", 6, 0.25]] as const) {
      writeFileSync(file, text.replace("encoder image_enc(image) -> [B, 16] {", `encoder image_enc(image) -> [B, 16] ${option} {`));
      const { ir } = checked(file);
      const model = new CompiledModel(ir, 1);
      const node = tfjsNode(ir);
      const mine = model.trainable().filter((v) => model.keyOf(v).startsWith(`image_enc/${node.id}/tfjs_model/`));
      expect(mine.length, option).toBe(trainable);
      for (const v of mine) expect(model.lrScaleOf(v)).toBe(scale);
      model.dispose();
    }
  });

  it("an interrupted run with it frozen resumes to the uninterrupted run's weights", async () => {
    const file = path.join(dir, "frozen.mm");
    const out = path.join(dir, "frozen-cut");
    const c = checked(file);
    let steps = 0;
    const cut = await runSpec({ checked: c, specPath: file, specText: c.source.text, out, backend: "wasm", threads: 1, onEvent: (e) => void (e.type === "step" && steps++), shouldStop: () => steps >= 3 });
    expect(cut.summary.status).toBe("interrupted");
    const resumed = await runSpec({ checked: c, specPath: file, specText: c.source.text, resume: out, backend: "wasm", threads: 1 });
    expect(resumed.summary.steps).toBe(6);
    expect(savedWeights(path.join(out, "model"))).toEqual(savedWeights(path.join(dir, "run-frozen", "model")));
  }, 60_000);
});

describe("tfjs_model of a GraphModel", () => {
  const graphDir = path.join(dir, "graph");
  const graphJson = path.join(graphDir, "model.json");
  beforeAll(() => void writeTinyGraph(graphDir, 3));

  /** A dense layer before the graph (gradients reach it through the graph) and one after. */
  function graphSpec(name: string, options: string): string {
    const file = path.join(dir, `${name}.mm`);
    writeFileSync(file, `model ${name}
data shapes(train: 256, test: 64, seed: 3)
input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 32
encoder image_enc(image) -> [B, 16] {
  mean(over: [H, W])
  dense(3)
  tfjs_model("graph/model.json", output: [B, 8]) ${options}
  dense(16)
}
encoder text_enc(text) -> [B, 16] {
  embed(16)
  mean(over: L)
}
loss infonce(image_enc, text_enc)
train { optimizer: adam(lr: 3e-3), batch: 32, steps: 6, seed: 1 }
`);
    return file;
  }

  it("runs frozen, saying so when the spec does not (MM4015), with its int32 constants kept in the IR", () => {
    const quiet = checkFile(graphSpec("graph_quiet", "frozen"), true);
    expect(quiet.diagnostics).toEqual([]);
    const loud = checkFile(graphSpec("graph_loud", ""), true);
    expect(loud.diagnostics.map((d) => [d.severity, d.code])).toEqual([["warning", "MM4015"]]);
    const node = tfjsNode(loud.ir!);
    expect(node.attrs).toMatchObject({ format: "graph", frozen: true, layers: ["MatMul", "BiasAdd", "Relu", "Reshape"], constants: [{ name: "out/shape", dtype: "int32", shape: [2], values: [-1, 8] }] });
    expect(node.params.map((p) => [p.name, p.shape, p.fixed])).toEqual([["dense/kernel", [3, 8], true], ["dense/bias", [8], true]]);
  });

  it("computes what tf.loadGraphModelSync's model computes from the same file, bit for bit", () => {
    const { ir } = checked(graphSpec("graph_parity", "frozen"));
    const before = tf.memory().numTensors;
    const model = new CompiledModel(ir, 1);
    loadTfjsWeights(model, path.join(dir, "graph_parity.mm"));
    const reference = tf.loadGraphModelSync(fileHandler(graphJson));
    const id = tfjsNode(ir).id;
    const x = images(6, 4);
    const tokens = tf.zeros([6, 12], "int32");
    const ours = tf.tidy(() => {
      // The graph's own input is what the layers before it made.
      const values = model.forward({ image: x, text: tokens }, [id], false, new Rng(1));
      const fed = values.get(ir.nodes[id]!.inputs[0]!)!;
      return [values.get(id)!.dataSync(), (reference.execute(fed) as tf.Tensor).dataSync()];
    });
    expect(ours[0]!.length).toBe(6 * 8);
    expect(Buffer.from(ours[0]!.buffer)).toEqual(Buffer.from(ours[1]!.buffer));
    reference.dispose();
    tf.dispose([x, tokens]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("trains the layers around it through it, leaves its weights byte for byte, and the saved run reproduces its embeddings", async () => {
    const file = graphSpec("graph_run", "frozen");
    const c = checked(file);
    const out = path.join(dir, "run-graph");
    const before = tf.memory().numTensors;
    await runSpec({ checked: c, specPath: file, specText: c.source.text, out, backend: "wasm", threads: 1 });
    expect(tf.memory().numTensors).toBe(before);
    const node = tfjsNode(c.ir);
    const saved = savedWeights(path.join(out, "model"));
    const bin = readFileSync(path.join(graphDir, "weights.bin"));
    expect(saved.get(paramKey(node, "dense/kernel"))).toEqual(bin.subarray(0, 96));
    expect(saved.get(paramKey(node, "dense/bias"))).toEqual(bin.subarray(96, 128));
    const before3 = c.ir.nodes[node.inputs[0]!]!;
    const initial = new CompiledModel(c.ir, c.ir.train.seed);
    const start = Buffer.from((await initial.params.get(paramKey(before3, "kernel"))!.data()).buffer);
    initial.dispose();
    expect(saved.get(paramKey(before3, "kernel"))).not.toEqual(start);
    const model = loadModel(path.join(out, "model"));
    const evaluation = await evaluate(c.ir, model, loadSpecData(c.ir, file));
    expect(Buffer.from(evaluation.embeddings!.images.buffer).equals(readFileSync(path.join(out, "embeddings", "test-images.f32")))).toBe(true);
    model.dispose();
  }, 60_000);
});

describe("tfjs_model's file problems", () => {
  const copy = (name: string) => {
    const to = path.join(dir, name);
    mkdirSync(to, { recursive: true });
    copyFileSync(modelJson, path.join(to, "model.json"));
    copyFileSync(path.join(cnn, "weights.bin"), path.join(to, "weights.bin"));
    return to;
  };
  const spec = path.join(dir, "x.mm");

  it("names the file, and says what is wrong with it", () => {
    const truncated = copy("truncated");
    writeFileSync(path.join(truncated, "weights.bin"), readFileSync(path.join(truncated, "weights.bin")).subarray(0, 100));
    expect(describeTfjsModel("truncated/model.json", spec)).toMatch(/weights\.bin holds 100 bytes, but .*truncated\/model\.json lists 94336 bytes of weights/);
    const corrupt = copy("corrupt");
    writeFileSync(path.join(corrupt, "model.json"), "{\"modelTopology\": ");
    expect(describeTfjsModel("corrupt/model.json", spec)).toMatch(/corrupt\/model\.json is not valid JSON/);
    const empty = copy("empty-graph");
    writeFileSync(path.join(empty, "model.json"), JSON.stringify({ format: "graph-model", modelTopology: { node: [] }, weightsManifest: [] }));
    expect(describeTfjsModel("empty-graph/model.json", spec)).toMatch(/tfjs cannot build the graph in .*empty-graph\/model\.json/);
    expect(describeTfjsModel("cnn", spec)).toMatch(/cnn is a folder; name the model\.json inside it/);
  });

  it("keeps a description while the files are unchanged (a keystroke in the language server builds nothing), and reads them again when one changes", () => {
    copy("kept");
    const first = describeTfjsModel("kept/model.json", spec);
    expect(typeof first).toBe("object");
    expect(describeTfjsModel("kept/model.json", spec)).toBe(first);
    const weights = path.join(dir, "kept", "weights.bin");
    writeFileSync(weights, readFileSync(weights).subarray(0, 100));
    expect(describeTfjsModel("kept/model.json", spec)).toMatch(/weights\.bin holds 100 bytes/);
  });
});

describe("where tfjs_model cannot go", () => {
  it("without a file reader (the playground), warns that the shapes are only declared (MM4013), and will not run", () => {
    const text = readFileSync(spec("playground", "frozen"), "utf8");
    const r = checkSpec(new SourceFile("playground.mm", text));
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([["warning", "MM4013"]]);
    expect(tfjsNode(r.ir!).attrs.topology).toBeNull();
    expect(() => new CompiledModel(r.ir!, 1)).toThrow(/was not read when the spec was checked .* mmc command line/);
  });

  it("is refused by the PyTorch engine before anything is written (MM4014)", () => {
    const file = spec("torch", "frozen");
    const c = checked(file);
    const refused = torchRefusals(c.ir, c.source);
    expect(refused.map((d) => d.code)).toEqual(["MM4014"]);
    const shown = renderAll(refused);
    expect(shown).toContain("error[MM4014]: the PyTorch engine cannot run `tfjs_model`");
    expect(shown).toContain("torch.mm:6:3");
    const out = path.join(dir, "torch-out");
    expect(runExport(file, { format: "torch", out, data: true, color: false })).toBe(1);
    expect(existsSync(out)).toBe(false);
  });
});
