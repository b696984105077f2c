// Gathers what report.html shows from a finished run's own data: curves, the PCA of the
// joint embedding space, the similarity matrix and retrieval examples with thumbnails.
import type { DataBundle } from "../data/types.js";
import { imageToPngBase64 } from "../data/thumbnails.js";
import { pca2d } from "../eval/pca.js";
import { similarityMatrix, topK } from "../eval/retrieval.js";
import type { ReportEval, ReportExample, ReportInput, ReportStep, ReportZeroShot } from "../report/types.js";
import type { Embeddings } from "./evaluate.js";

const PCA_PAIRS = 200;
const MATRIX = 16;
const EXAMPLES = 6;
const TOP = 5;

export interface RunFacts {
  model: string;
  specText: string;
  backend: string;
  startedAt: string;
  seconds: number;
  steps: number;
  status: "completed" | "interrupted";
  final: Record<string, number>;
  chance: Record<string, number>;
  notes?: string[];
  history: ReportStep[];
  evals: ReportEval[];
  paramCount: number;
  zeroShot?: ReportZeroShot;
}

export function reportInput(facts: RunFacts, data: DataBundle, emb: Embeddings | undefined): ReportInput {
  const empty = { pca: { images: [], texts: [], captions: [] }, similarity: { n: 0, values: [], captions: [] }, examples: [] };
  if (!emb) return { ...facts, ...empty };
  const { dim, images, texts } = emb;
  const n = Math.min(PCA_PAIRS, data.test.count);
  const both = new Float32Array(2 * n * dim);
  both.set(images.subarray(0, n * dim), 0);
  both.set(texts.subarray(0, n * dim), n * dim);
  const { coords, explained } = pca2d(both, dim);
  const point = (i: number): [number, number] => [coords[2 * i]!, coords[2 * i + 1]!];
  const m = Math.min(MATRIX, data.test.count);
  const shape = data.info.imageSize;
  const examples: ReportExample[] = [];
  for (let e = 0; e < Math.min(EXAMPLES, data.test.count); e++) {
    const q = Math.floor((e * data.test.count) / EXAMPLES);
    const top = topK(texts, images, dim, q, TOP);
    examples.push({
      caption: data.test.captions[q]!,
      target: q,
      targetThumbnail: imageToPngBase64(data.test.images, q, shape),
      retrieved: top.indices.map((index, j) => ({
        index,
        score: top.scores[j]!,
        caption: data.test.captions[index]!,
        thumbnail: imageToPngBase64(data.test.images, index, shape),
        hit: data.test.captions[index] === data.test.captions[q],
      })),
    });
  }
  return {
    ...facts,
    pca: {
      images: Array.from({ length: n }, (_, i) => point(i)),
      texts: Array.from({ length: n }, (_, i) => point(n + i)),
      captions: data.test.captions.slice(0, n),
      explained,
    },
    similarity: { n: m, values: Array.from(similarityMatrix(texts, images, dim, m)), captions: data.test.captions.slice(0, m) },
    examples,
  };
}
