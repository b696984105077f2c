// Metric names -> meaning. Both spellings in use are understood: the short "t2i_R@1",
// "i2t_median_rank" and flattenRetrieval's "text_to_image_R@1", "image_to_text_mean_rank".

export type Direction = "t2i" | "i2t";

export type MetricKind = "recall" | "median_rank" | "mean_rank" | "other";

export interface MetricInfo {
  key: string;
  kind: MetricKind;
  direction?: Direction;
  /** Recall cut-off. */
  k?: number;
  /** Human label, e.g. "R@5", "Median rank", "Group score". */
  label: string;
  lowerIsBetter: boolean;
}

const DIR = "(t2i|text_to_image|texttoimage|text2image|i2t|image_to_text|imagetotext|image2text)";
const RECALL = new RegExp(`^${DIR}[_-](?:r|recall)@?(\\d+)$`, "i");
const RANK = new RegExp(`^${DIR}[_-](median|mean)[_-]?rank$`, "i");

function direction(word: string): Direction {
  return /^t/i.test(word) ? "t2i" : "i2t";
}

/** "group_text_acc" -> "Group text acc". */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim();
  return words.length === 0 ? key : words[0]!.toUpperCase() + words.slice(1);
}

export function parseMetric(key: string): MetricInfo {
  const r = RECALL.exec(key);
  if (r) return { key, kind: "recall", direction: direction(r[1]!), k: Number(r[2]), label: `R@${Number(r[2])}`, lowerIsBetter: false };
  const m = RANK.exec(key);
  if (m) {
    const kind = m[2]!.toLowerCase() === "median" ? "median_rank" : "mean_rank";
    return { key, kind, direction: direction(m[1]!), label: kind === "median_rank" ? "Median rank" : "Mean rank", lowerIsBetter: true };
  }
  return { key, kind: "other", label: humanize(key), lowerIsBetter: /rank|loss|error/i.test(key) };
}

/** The value of the first key in `values` that means the same as (kind, direction, k). */
export function lookup(values: Record<string, number>, kind: MetricKind, dir: Direction, k?: number): number | undefined {
  for (const [key, v] of Object.entries(values)) {
    const info = parseMetric(key);
    if (info.kind === kind && info.direction === dir && (k === undefined || info.k === k)) return v;
  }
  return undefined;
}

/** The recall cut-offs named anywhere in these records, ascending. */
export function recallKs(...records: Record<string, number>[]): number[] {
  const ks = new Set<number>();
  for (const rec of records) for (const key of Object.keys(rec)) {
    const info = parseMetric(key);
    if (info.kind === "recall") ks.add(info.k!);
  }
  return [...ks].sort((a, b) => a - b);
}

export type Verdict = "above" | "near" | "below" | "none";

/** Whether `value` beats `chance` (by more than 5%), in the metric's own direction. */
export function verdict(value: number | undefined, chance: number | undefined, lowerIsBetter: boolean): Verdict {
  if (value === undefined || chance === undefined || !Number.isFinite(value) || !Number.isFinite(chance) || chance === 0) return "none";
  const ratio = value / chance;
  const better = lowerIsBetter ? ratio < 1 / 1.05 : ratio > 1.05;
  const worse = lowerIsBetter ? ratio > 1.05 : ratio < 1 / 1.05;
  return better ? "above" : worse ? "below" : "near";
}
