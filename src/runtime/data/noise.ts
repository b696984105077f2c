// `data noise(...)`: the seed example's own data. Images are uniform [0, 1) pixels and
// captions are random token ids, drawn independently, so image-text retrieval is at chance.
// Its vocabulary is fixed by `vocab` (ids 2..vocab-1 are the words "w2", "w3", ...), so a
// spec's `Tokens[B, L] vocab N` matches it exactly, as in the seed.
import type { DataArgs } from "./args.js";
import { NOISE_SPEC } from "../../ir/data/kinds.js";
import { rngFor, type Rng } from "../../common/random.js";
import { vocabFromWords } from "./tokenizer.js";
import type { DataPlan, DataSource, LoadedData, SplitText } from "./source.js";

/** Captions of `words` random words (ids 2..vocab-1, never padding or unknown). */
function randomText(rng: Rng, count: number, words: number, vocab: number, classes: number): SplitText {
  const captions: string[] = [];
  for (let i = 0; i < count; i++) {
    const ids: string[] = [];
    for (let t = 0; t < words; t++) ids.push(`w${2 + rng.int(vocab - 2)}`);
    captions.push(ids.join(" "));
  }
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) labels[i] = rng.int(classes);
  return { captions, labels };
}

function plan(args: DataArgs): DataPlan {
  const seed = args.number("seed");
  const vocab = args.number("vocab");
  const classes = args.number("classes");
  const size = args.number("size");
  const words = args.number("words");
  const vocabWords = Array.from({ length: vocab - 2 }, (_, i) => `w${i + 2}`);
  return {
    imageSize: [size, size, 3],
    classes: Array.from({ length: classes }, (_, i) => `class${i}`),
    hasGroups: false,
    vocab: vocabFromWords(vocabWords),
    train: randomText(rngFor(seed, "noise/train/text"), args.number("train"), words, vocab, classes),
    test: randomText(rngFor(seed, "noise/test/text"), args.number("test"), words, vocab, classes),
  };
}

export const noiseSource: DataSource = {
  spec: NOISE_SPEC,
  describe: plan,
  load(args: DataArgs): LoadedData {
    const described = plan(args);
    const [h, w, c] = described.imageSize;
    const pixels = (split: string, count: number) =>
      rngFor(args.number("seed"), `noise/${split}/images`).fill(new Float32Array(count * h * w * c));
    return {
      ...described,
      train: { ...described.train, images: pixels("train", described.train.captions.length) },
      test: { ...described.test, images: pixels("test", described.test.captions.length) },
    };
  },
};
