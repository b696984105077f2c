// The seed model written by hand in plain tfjs: the baseline that compiled
// models are benchmarked against.
//
//   image [b,32,32,3] -> conv3x3 3->32 relu -> conv3x3 32->64 relu (same padding)
//                     -> mean over H,W -> dense 64->128
//   text  [b,12] ids  -> embedding 128x128 -> mean over tokens
//                     -> dense 128->64 relu -> dense 64->128
//   loss: symmetric InfoNCE on L2-normalised embeddings, temperature 0.07
//   optimiser: Adam, learning rate 1e-3
import * as tf from "@tensorflow/tfjs";

export const SEED_VOCAB = 128;
export const SEED_TOKENS = 12;
export const SEED_IMAGE: readonly [number, number, number] = [32, 32, 3];
const TEMPERATURE = 0.07;
const LEARNING_RATE = 1e-3;

export interface HandwrittenSeed {
  /** One Adam step on the batch; returns the loss before the update. */
  step(images: tf.Tensor4D, tokens: tf.Tensor2D): number;
  /** The same with an asynchronous read (WebGPU in Node cannot read synchronously). */
  stepAsync(images: tf.Tensor4D, tokens: tf.Tensor2D): Promise<number>;
  /** Frees the weights and the optimiser's slots. */
  dispose(): void;
}

interface SeedWeights {
  conv1: tf.Variable<tf.Rank.R4>;
  conv1Bias: tf.Variable<tf.Rank.R1>;
  conv2: tf.Variable<tf.Rank.R4>;
  conv2Bias: tf.Variable<tf.Rank.R1>;
  imageProj: tf.Variable<tf.Rank.R2>;
  imageProjBias: tf.Variable<tf.Rank.R1>;
  embedding: tf.Variable<tf.Rank.R2>;
  text1: tf.Variable<tf.Rank.R2>;
  text1Bias: tf.Variable<tf.Rank.R1>;
  text2: tf.Variable<tf.Rank.R2>;
  text2Bias: tf.Variable<tf.Rank.R1>;
}

/** Glorot-uniform weights; fanIn/fanOut count the receptive field as Keras does. */
function glorot<R extends tf.Rank>(shape: number[], fanIn: number, fanOut: number, seed: number): tf.Variable<R> {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const init: tf.Tensor = tf.randomUniform(shape, -limit, limit, "float32", seed);
  return tf.variable(init) as tf.Variable<R>;
}

function zeros(n: number): tf.Variable<tf.Rank.R1> {
  return tf.variable(tf.zeros([n]) as tf.Tensor1D);
}

function initWeights(seed: number): SeedWeights {
  return tf.tidy(() => ({
    conv1: glorot<tf.Rank.R4>([3, 3, 3, 32], 27, 288, seed + 1),
    conv1Bias: zeros(32),
    conv2: glorot<tf.Rank.R4>([3, 3, 32, 64], 288, 576, seed + 2),
    conv2Bias: zeros(64),
    imageProj: glorot<tf.Rank.R2>([64, 128], 64, 128, seed + 3),
    imageProjBias: zeros(128),
    embedding: glorot<tf.Rank.R2>([SEED_VOCAB, 128], SEED_VOCAB, 128, seed + 4),
    text1: glorot<tf.Rank.R2>([128, 64], 128, 64, seed + 5),
    text1Bias: zeros(64),
    text2: glorot<tf.Rank.R2>([64, 128], 64, 128, seed + 6),
    text2Bias: zeros(128),
  }));
}

function encodeImage(w: SeedWeights, images: tf.Tensor4D): tf.Tensor2D {
  const h1 = tf.fused.conv2d({ x: images, filter: w.conv1, strides: 1, pad: "same", bias: w.conv1Bias, activation: "relu" });
  const h2 = tf.fused.conv2d({ x: h1, filter: w.conv2, strides: 1, pad: "same", bias: w.conv2Bias, activation: "relu" });
  const pooled = tf.mean(h2, [1, 2]) as tf.Tensor2D;
  return tf.fused.matMul({ a: pooled, b: w.imageProj, bias: w.imageProjBias }) as tf.Tensor2D;
}

function encodeText(w: SeedWeights, tokens: tf.Tensor2D): tf.Tensor2D {
  const embedded = tf.gather(w.embedding as tf.Tensor, tokens) as tf.Tensor3D;
  const pooled = tf.mean(embedded, 1) as tf.Tensor2D;
  const hidden = tf.fused.matMul({ a: pooled, b: w.text1, bias: w.text1Bias, activation: "relu" });
  return tf.fused.matMul({ a: hidden, b: w.text2, bias: w.text2Bias }) as tf.Tensor2D;
}

function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), 1e-12)));
}

/** Mean over both directions of cross-entropy with the matching pair as target. */
export function symmetricInfoNCE(imageEmb: tf.Tensor2D, textEmb: tf.Tensor2D, temperature = TEMPERATURE): tf.Scalar {
  const logits = tf.div(tf.matMul(l2Normalize(imageEmb), l2Normalize(textEmb), false, true), temperature);
  // The targets are the diagonal: pick it with an identity mask (no one-hot).
  const eye = tf.eye(logits.shape[0]);
  const imageToText = tf.sum(tf.mul(tf.logSoftmax(logits), eye));
  const textToImage = tf.sum(tf.mul(tf.logSoftmax(tf.transpose(logits)), eye));
  return tf.div(tf.add(imageToText, textToImage), -2 * logits.shape[0]);
}

export function createHandwrittenSeed(seed: number): HandwrittenSeed {
  const weights = initWeights(seed);
  const varList = Object.values(weights) as tf.Variable[];
  const optimizer = tf.train.adam(LEARNING_RATE);
  const minimize = (images: tf.Tensor4D, tokens: tf.Tensor2D) =>
    optimizer.minimize(() => symmetricInfoNCE(encodeImage(weights, images), encodeText(weights, tokens)), true, varList)!;
  return {
    step(images, tokens) {
      const loss = minimize(images, tokens);
      const value = loss.dataSync()[0]!;
      loss.dispose();
      return value;
    },
    async stepAsync(images, tokens) {
      const loss = minimize(images, tokens);
      const value = (await loss.data())[0]!;
      loss.dispose();
      return value;
    },
    dispose() {
      optimizer.dispose();
      for (const v of varList) v.dispose();
    },
  };
}
