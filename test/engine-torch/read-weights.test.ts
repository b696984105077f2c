// The torch engine's weight return, read back exactly: mmc's weights -> the package's weight
// files (src/lower-torch/weights.ts) -> src/engine-torch/read-weights.ts must give every tensor
// bit for bit, batch-norm running statistics and a frozen tower's weights included; and so must
// the way back from Python: the package loads those files into its Model, saves and reloads
// the state dict as checkpoint.pt does, and writes it with distributed.write_weights.
import * as tf from "@tensorflow/tfjs";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Rng } from "../../src/common/random.js";
import { assignTorchWeights, readTorchWeights } from "../../src/engine-torch/read-weights.js";
import { CompiledModel } from "../../src/lower/model.js";
import { stateEntries } from "../../src/lower-torch/names.js";
import { writeTorchPackage } from "../../src/lower-torch/package.js";
import { weightFiles } from "../../src/lower-torch/weights.js";
import { compile } from "../lower/gradcheck.js";
import { hasTorch, PYTHON } from "../torch/harness.js";

// Every layout the package writes: conv kernels (OIHW), dense and attention matrices ([out, in]),
// patch embedding, embedding table, layer and batch norm (with running statistics, in a frozen
// tower and a trained one), and the losses' own parameters.
const SPEC = `model readback
import "std/transformer.mm"
data shapes(train: 8, test: 8)
input image: Image[B, 8, 8, 3]
input text: Tokens[B, 6] vocab 20
encoder image_enc(image) -> [B, 16] frozen {
  conv2d(8, kernel: 3, stride: 2, activation: relu)
  batch_norm()
  mean(over: [H, W])
  dense(16)
}
encoder patches(image) -> [B, 16] {
  patch_embed(4, dim: 16)
  transformer(16, heads: 2, mlp: 2)
  batch_norm()
  mean(over: P)
}
encoder text_enc(text) -> [B, 16] lr_scale 0.5 {
  embed(16)
  positional()
  transformer(16, heads: 2, mlp: 2)
  attention_pool(heads: 2)
  layer_norm()
  dense(16)
}
loss siglip(image_enc, text_enc) + infonce(patches, text_enc)
train { optimizer: adam(lr: 1e-3), batch: 4, steps: 1, seed: 5 }
`;

const work = mkdtempSync(path.join(tmpdir(), "mmc-read-weights-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ir = compile(SPEC, "test/engine-torch/readback.mm");

/** mmc's initial weights, with the batch-norm statistics (0 and 1 at start) and every other tensor made distinct. */
function distinctModel(): CompiledModel {
  const model = new CompiledModel(ir, ir.train.seed);
  const rng = new Rng(17);
  for (const e of stateEntries(ir)) {
    const v = model.variableFor(e.key)!;
    if (/running_(mean|var)$/.test(e.name)) tf.tidy(() => v.assign(tf.tensor(Float32Array.from({ length: v.size }, () => rng.uniform(0.1, 2)), v.shape)));
  }
  return model;
}

const bits = (values: ArrayLike<number>) => new Uint32Array(Float32Array.from(values).buffer);

/** Every state-dict tensor of `model`, as its tfjs values read back from `dir`, compared bit for bit. */
function expectExact(model: CompiledModel, dir: string): number {
  const back = readTorchWeights(ir, dir);
  const keys = stateEntries(ir).map((e) => e.key);
  expect([...back.keys()].sort()).toEqual([...keys].sort());
  for (const key of keys) {
    const v = model.variableFor(key)!;
    expect(back.get(key)!.shape, key).toEqual(v.shape);
    expect(bits(back.get(key)!.values), key).toEqual(bits(v.dataSync()));
  }
  return keys.length;
}

describe("the torch engine's weights, read back", () => {
  it("covers the layouts, the running statistics and the frozen tower", () => {
    const names = stateEntries(ir).map((e) => e.name);
    expect(names.filter((n) => /running_(mean|var)$/.test(n))).toHaveLength(4);
    expect(stateEntries(ir).filter((e) => e.key.startsWith("image_enc/")).length).toBeGreaterThan(0);
    expect(names).toContain("loss.t0_logit_bias");
    expect(stateEntries(ir).some((e) => e.key.includes("/conv2d/kernel"))).toBe(true);
  });

  it("as weights.ts writes them: every tensor bit for bit, and assigned to a fresh model", () => {
    const model = distinctModel();
    const other = new CompiledModel(ir, 99);
    try {
      const dir = path.join(work, "written");
      mkdirSync(dir);
      const { bin, index } = weightFiles(ir, model);
      writeFileSync(path.join(dir, "weights.bin"), bin);
      writeFileSync(path.join(dir, "weights.json"), JSON.stringify(index));
      expect(expectExact(model, dir)).toBe(stateEntries(ir).length);
      // What the engine hands to evaluation: the weights assigned to a model of another seed.
      assignTorchWeights(ir, other, dir);
      for (const e of stateEntries(ir)) expect(bits(other.variableFor(e.key)!.dataSync()), e.key).toEqual(bits(model.variableFor(e.key)!.dataSync()));
    } finally {
      model.dispose();
      other.dispose();
    }
  });

  it.skipIf(!hasTorch)("through Python: loaded into the Model, through checkpoint.pt's state dict, written back by write_weights", () => {
    const model = distinctModel();
    try {
      const pkg = path.join(work, "py", "pkg");
      writeTorchPackage(ir, pkg);
      // The package's weight files with the distinct statistics in place of the initial ones.
      const { bin, index } = weightFiles(ir, model);
      writeFileSync(path.join(pkg, "weights.bin"), bin);
      writeFileSync(path.join(pkg, "weights.json"), JSON.stringify(index));
      const out = path.join(work, "py", "out");
      const script = [
        "import io, sys, torch",
        "from pkg.model import Model, initial_model",
        "from pkg.distributed import write_weights",
        "saved = io.BytesIO()",
        "torch.save(initial_model().state_dict(), saved)",
        "saved.seek(0)",
        "model = Model()",
        "model.load_state_dict(torch.load(saved))",
        "write_weights(sys.argv[1], model)",
      ].join("\n");
      execFileSync(PYTHON, ["-c", script, out], { cwd: path.dirname(pkg), stdio: ["ignore", "ignore", "pipe"] });
      expect(expectExact(model, out)).toBe(stateEntries(ir).length);
      expect(readFileSync(path.join(out, "weights.bin")).equals(bin)).toBe(true);
      const back = JSON.parse(readFileSync(path.join(out, "weights.json"), "utf8")) as typeof index;
      expect(back).toEqual(index);
    } finally {
      model.dispose();
    }
  }, 60_000);
});
