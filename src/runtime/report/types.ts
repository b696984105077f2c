// What report.html is made from: everything comes from the run folder's own data.

export interface ReportStep {
  step: number;
  loss: number;
  lr: number;
  temperature?: number;
  samplesPerSec?: number;
}

export interface ReportEval {
  step: number;
  /** Flat metric names such as "t2i_R@1", "i2t_R@10", "t2i_median_rank", "group_score". */
  metrics: Record<string, number>;
}

export interface ReportExample {
  /** The text query. */
  caption: string;
  /** Index of the query's own image in the test gallery. */
  target: number;
  /** Top-k retrieved test images, best first. */
  retrieved: { index: number; score: number; caption: string; thumbnail: string /* PNG base64 */; hit: boolean }[];
  targetThumbnail: string;
}

/** Zero-shot classification of the test images (summary.json's `zeroShot`). */
export interface ReportZeroShot {
  classes: string[];
  templates: string[];
  top1: number;
  top5: number;
  k: number;
  chance: { top1: number; top5: number };
  perClass: { name: string; count: number; accuracy: number | null }[];
  /** confusion[true][predicted]: test-image counts. */
  confusion: number[][];
}

export interface ReportInput {
  model: string;
  specText: string;
  backend: string;
  startedAt: string;
  seconds: number;
  steps: number;
  /** Steps the run was planned to take; shown as "steps of planned" when given. */
  plannedSteps?: number;
  status: "completed" | "interrupted";
  /** Overall training throughput; when absent the median of history[].samplesPerSec. */
  samplesPerSec?: number;
  /** Final metrics, same names as ReportEval.metrics. */
  final: Record<string, number>;
  chance: Record<string, number>;
  /** Caveats on reading the metrics, shown above the metrics table (e.g. repeated captions). */
  notes?: string[];
  history: ReportStep[];
  evals: ReportEval[];
  /** 2-D PCA of the joint embedding space: image i and caption i are a pair. */
  pca: {
    images: [number, number][];
    texts: [number, number][];
    captions: string[];
    /** Fraction of the variance along PC1 and PC2 (Pca2d.explained), shown on the axes. */
    explained?: [number, number];
  };
  /** texts x images cosine similarity of the first n test items (row-major n*n). */
  similarity: { n: number; values: number[]; captions: string[] };
  examples: ReportExample[];
  paramCount: number;
  /** Present when the spec evaluates zero_shot: drawn as a confusion matrix with per-class accuracy. */
  zeroShot?: ReportZeroShot;
}
