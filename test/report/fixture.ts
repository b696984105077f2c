// A synthetic but plausible ReportInput: a CLIP-style run on coloured shapes, with real
// tiny PNG thumbnails (pngjs), a learnable temperature, warm-up + cosine learning rate,
// evaluations every 50 steps and a caption that tries to inject a script.
import { Rng } from "../../src/common/random.js";
import { PNG } from "pngjs";
import type { ReportInput, ReportStep } from "../../src/runtime/report/types.js";

export const EVIL = `<script>alert("pwned")</script> & 'quotes' "too"`;

export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

const COLORS: [string, [number, number, number]][] = [
  ["red", [220, 38, 38]],
  ["green", [22, 163, 74]],
  ["blue", [37, 99, 235]],
  ["yellow", [234, 179, 8]],
  ["purple", [147, 51, 234]],
];
const SHAPES = ["circle", "square", "triangle"] as const;
const PLACES = ["left", "right", "top", "bottom", "middle"] as const;

export interface Item {
  color: number;
  shape: number;
  place: number;
  caption: string;
}

export function item(i: number): Item {
  const color = i % COLORS.length;
  const shape = Math.floor(i / COLORS.length) % SHAPES.length;
  const place = Math.floor(i / (COLORS.length * SHAPES.length)) % PLACES.length;
  return { color, shape, place, caption: `a ${COLORS[color]![0]} ${SHAPES[shape]} at the ${PLACES[place]}` };
}

/** A 16x16 PNG of the item's shape, base64. */
export function thumbnail(it: Item, size = 16): string {
  const png = new PNG({ width: size, height: size });
  const [r, g, b] = COLORS[it.color]![1];
  const [cx, cy] = [
    [size * 0.3, size * 0.5],
    [size * 0.7, size * 0.5],
    [size * 0.5, size * 0.3],
    [size * 0.5, size * 0.7],
    [size * 0.5, size * 0.5],
  ][it.place]!;
  const rad = size * 0.22;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - cx!;
      const dy = y + 0.5 - cy!;
      const inside =
        it.shape === 0 ? dx * dx + dy * dy <= rad * rad : it.shape === 1 ? Math.abs(dx) <= rad && Math.abs(dy) <= rad : dy <= rad && dy >= -rad && Math.abs(dx) <= (dy + rad) / 2;
      const o = (y * size + x) * 4;
      png.data[o] = inside ? r : 245;
      png.data[o + 1] = inside ? g : 245;
      png.data[o + 2] = inside ? b : 240;
      png.data[o + 3] = 255;
    }
  }
  return PNG.sync.write(png).toString("base64");
}

export interface FixtureOptions {
  steps?: number;
  status?: "completed" | "interrupted";
  pairs?: number;
  n?: number;
  evalEvery?: number;
  temperature?: boolean;
}

export function sampleInput(o: FixtureOptions = {}): ReportInput {
  const steps = o.steps ?? 300;
  const pairs = o.pairs ?? 50;
  const n = o.n ?? 16;
  const evalEvery = o.evalEvery ?? 50;
  const rand = rng(7);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

  const status = o.status ?? "completed";
  // An interrupted run stopped at 64% of its planned steps.
  const done = status === "interrupted" ? Math.round(steps * 0.64) : steps;
  const history: ReportStep[] = [];
  const warmup = Math.max(1, Math.round(steps * 0.05));
  for (let s = 1; s <= done; s++) {
    const progress = s / steps;
    const lr = s <= warmup ? (1e-3 * s) / warmup : 1e-3 * 0.5 * (1 + Math.cos(Math.PI * (s - warmup) / (steps - warmup)));
    const loss = 0.55 + 3.6 * Math.exp(-5 * progress) + 0.12 * gauss() * (1 - 0.5 * progress);
    history.push({
      step: s,
      loss,
      lr,
      temperature: o.temperature === false ? undefined : 0.07 - 0.035 * (1 - Math.exp(-4 * progress)),
      samplesPerSec: 2100 + 60 * gauss(),
    });
  }
  const evals = [];
  for (let s = evalEvery; s <= done; s += evalEvery) {
    const q = 1 - Math.exp((-3 * s) / steps);
    evals.push({
      step: s,
      metrics: {
        "t2i_R@1": 0.02 + 0.36 * q,
        "t2i_R@5": 0.06 + 0.58 * q,
        "t2i_R@10": 0.1 + 0.68 * q,
        "i2t_R@1": 0.02 + 0.32 * q,
        "i2t_R@5": 0.06 + 0.55 * q,
        "i2t_R@10": 0.1 + 0.66 * q,
        t2i_median_rank: Math.max(1, Math.round(400 * (1 - q))),
        i2t_median_rank: Math.max(1, Math.round(420 * (1 - q))),
        group_score: 0.25 + 0.4 * q,
      },
    });
  }
  const last = evals[evals.length - 1]?.metrics ?? {};

  const items = Array.from({ length: Math.max(pairs, n, 40) }, (_, i) => item(i));
  items[3] = { ...items[3]!, caption: EVIL };
  // Embedding: a cluster per colour, shape and place shift it; texts sit near their image.
  const images: [number, number][] = [];
  const texts: [number, number][] = [];
  for (let i = 0; i < pairs; i++) {
    const it = items[i]!;
    const a = (it.color / COLORS.length) * 2 * Math.PI;
    const base: [number, number] = [Math.cos(a) * 0.8 + it.shape * 0.12, Math.sin(a) * 0.5 + it.place * 0.05];
    images.push([base[0] + 0.05 * gauss(), base[1] + 0.05 * gauss()]);
    texts.push([base[0] + 0.1 + 0.08 * gauss(), base[1] - 0.06 + 0.08 * gauss()]);
  }
  const values: number[] = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const a = items[r]!;
      const b = items[c]!;
      const shared = Number(a.color === b.color) + Number(a.shape === b.shape) + Number(a.place === b.place);
      values.push(Math.max(-1, Math.min(1, r === c ? 0.82 + 0.05 * gauss() : -0.25 + 0.22 * shared + 0.08 * gauss())));
    }
  }
  const examples = [0, 3, 7].map((q) => {
    const target = items[q]!;
    const order = Array.from({ length: 40 }, (_, j) => j)
      .map((j) => ({ j, s: j === q ? 0.8 - 0.3 * Number(q === 7) : 0.2 + 0.1 * (Number(items[j]!.color === target.color) + Number(items[j]!.shape === target.shape)) + 0.05 * rand() }))
      .sort((x, y) => y.s - x.s)
      .slice(0, 5);
    return {
      caption: target.caption,
      target: q,
      targetThumbnail: thumbnail(target),
      retrieved: order.map(({ j, s }) => ({ index: j, score: s, caption: items[j]!.caption, thumbnail: thumbnail(items[j]!), hit: j === q })),
    };
  });

  return {
    model: "simple",
    specText: `// The seed example, trained CLIP-style. Caption test: ${EVIL}
model simple

data shapes(train: 8000, test: 1000, seed: 7)

input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 128

encoder image_enc(image) -> [B, 128] {
  conv2d(32, kernel: 3, activation: relu)
  conv2d(64, kernel: 3, activation: relu)
  mean(over: [H, W])
  dense(128)
}

encoder text_enc(text) -> [B, 128] {
  embed(128)
  mean(over: L)   // bag of words
  dense(128)
}

loss infonce(image_enc, text_enc, temperature: 0.07, learnable: true)

train { optimizer: adam(lr: 1e-3), batch: 64, epochs: 10 }

evaluate retrieval(image_enc, text_enc, k: [1, 5, 10])
`,
    backend: "tensorflow (cpu)",
    startedAt: "2025-03-01T14:02:11.123Z",
    seconds: 187.4,
    steps: done,
    plannedSteps: status === "interrupted" ? steps : undefined,
    status,
    final: {
      ...last,
      t2i_mean_rank: 23.417,
      i2t_mean_rank: 27.9,
      group_strict: 0.183,
    },
    chance: {
      "t2i_R@1": 0.001,
      "t2i_R@5": 0.005,
      "t2i_R@10": 0.01,
      "i2t_R@1": 0.001,
      "i2t_R@5": 0.005,
      "i2t_R@10": 0.01,
      t2i_median_rank: 500,
      i2t_median_rank: 500,
      t2i_mean_rank: 500.5,
      i2t_mean_rank: 500.5,
      group_score: 0.25,
      group_strict: 0.0039,
    },
    history,
    evals,
    pca: { images, texts, captions: items.slice(0, pairs).map((it) => it.caption), explained: [0.312, 0.187] },
    similarity: { n, values, captions: items.slice(0, n).map((it) => it.caption) },
    examples,
    paramCount: 94858,
  };
}
