// `npm run build-tfjs-model [-- --out DIR --steps N --seed S]`: builds the small CNN that
// specs/tfjs_tower.mm loads as its image tower, with tf.layers (as a user would, outside mmc),
// pretrains it briefly to tell the shapes data's first shape apart (its class label) through a
// classifier head it then drops, and saves it as a tfjs LayersModel: model.json + weights.bin.
import * as tf from "@tensorflow/tfjs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Rng } from "../src/common/random.js";
import { loadData } from "../src/runtime/data/index.js";
import { startBackend } from "../src/runtime/run/backend.js";
import { folderSaveHandler } from "../src/runtime/tfjs-model/save-files.js";

export interface BuildOptions {
  out: string;
  /** Classifier training steps (0: the CNN as initialised). */
  steps: number;
  seed: number;
  batch?: number;
}

/** The CNN: [B, 32, 32, 3] -> [B, 64], three conv stages and a global average pool. */
export function shapesCnn(seed: number): tf.Sequential {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed + k });
  return tf.sequential({
    name: "shapes_cnn",
    layers: [
      tf.layers.conv2d({ inputShape: [32, 32, 3], filters: 16, kernelSize: 3, padding: "same", activation: "relu", kernelInitializer: init(1) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: "same", activation: "relu", kernelInitializer: init(2) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: "same", activation: "relu", kernelInitializer: init(3) }),
      tf.layers.globalAveragePooling2d({}),
    ],
  });
}

/** Builds, pretrains and saves the CNN; returns the classifier's final training accuracy on its last batches. */
export async function buildTfjsModel(o: BuildOptions): Promise<{ accuracy: number }> {
  const batch = o.batch ?? 64;
  const cnn = shapesCnn(o.seed);
  let accuracy = NaN;
  if (o.steps > 0) {
    const data = loadData({ kind: "shapes", args: { train: Math.max(batch, Math.min(4000, o.steps * batch)), test: 8, seed: o.seed }, baseDir: ".", seqLen: 1 });
    const { train } = data;
    const classes = data.info.classes!.length;
    const classifier = tf.sequential({ layers: [cnn, tf.layers.dense({ units: classes, kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed }) })] });
    classifier.compile({ optimizer: tf.train.adam(2e-3), loss: tf.losses.softmaxCrossEntropy, metrics: ["accuracy"] });
    const rng = new Rng(o.seed);
    const pixels = 32 * 32 * 3;
    const recent: number[] = [];
    for (let step = 0; step < o.steps; step++) {
      const idx = Array.from({ length: batch }, () => rng.int(train.count));
      const images = new Float32Array(batch * pixels);
      idx.forEach((item, i) => images.set(train.images.subarray(item * pixels, (item + 1) * pixels), i * pixels));
      const x = tf.tensor4d(images, [batch, 32, 32, 3]);
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(idx.map((i) => train.labels![i]!), "int32"), classes));
      const [, acc] = (await classifier.trainOnBatch(x, y)) as number[];
      tf.dispose([x, y]);
      recent.push(acc!);
      if (recent.length > 10) recent.shift();
    }
    accuracy = recent.reduce((a, b) => a + b, 0) / recent.length;
    // The head goes; the CNN (its layers are shared with the classifier) is what is saved.
    classifier.layers[1]!.dispose();
    classifier.optimizer.dispose();
  }
  await cnn.save(folderSaveHandler(o.out));
  cnn.dispose();
  return { accuracy };
}

function parseArgs(argv: string[]): BuildOptions {
  const o: BuildOptions = { out: path.join("models", "shapes_cnn"), steps: 300, seed: 7 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === "--out") o.out = value;
    else if (flag === "--steps" || flag === "--seed") {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number, not ${value}`);
      o[flag === "--steps" ? "steps" : "seed"] = n;
    } else throw new Error(`unknown flag ${flag}; the flags are --out DIR, --steps N, --seed S`);
  }
  return o;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const o = parseArgs(process.argv.slice(2));
  const backend = await startBackend("auto");
  const t0 = performance.now();
  const { accuracy } = await buildTfjsModel(o);
  process.stdout.write(`wrote ${path.join(o.out, "model.json")} and weights.bin (${backend.name}, ${o.steps} steps, ${((performance.now() - t0) / 1000).toFixed(1)} s${o.steps ? `, first-shape accuracy ${accuracy.toFixed(3)} on the last batches` : ""})\n`);
}
