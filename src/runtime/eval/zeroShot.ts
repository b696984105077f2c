// Zero-shot classification scores, CLIP's way: each class is the mean of its prompts'
// unit embeddings, renormalised; each test image takes the class of highest cosine. Ties go
// to the lower class index, so a model whose embeddings are all alike predicts one class
// (and scores that class's share of the test set), never "every class at once".
import { dotRows, normalizeRows, rowCount } from "./vectors.js";

export interface ZeroShotClass {
  name: string;
  /** Test images of this class. */
  count: number;
  /** Top-1 accuracy on them; null when the test split has none. */
  accuracy: number | null;
}

export interface ZeroShotResult {
  classes: string[];
  templates: string[];
  top1: number;
  /** Top-k accuracy with k = min(5, classes), the `k` reported here. */
  top5: number;
  k: number;
  chance: { top1: number; top5: number };
  perClass: ZeroShotClass[];
  /** confusion[true][predicted]: test-image counts. */
  confusion: number[][];
}

/** Every template with `{}` replaced by the class name, class by class: classes x templates prompts. */
export function classPrompts(classes: readonly string[], templates: readonly string[]): string[] {
  return classes.flatMap((name) => templates.map((template) => template.split("{}").join(name)));
}

/** [classes, dim] unit class embeddings from [classes * templates, dim] prompt embeddings. */
export function classEmbeddings(prompts: Float32Array, dim: number, templates: number): Float32Array {
  const unit = normalizeRows(prompts, dim);
  const classes = rowCount(unit, dim) / templates;
  const mean = new Float32Array(classes * dim);
  for (let c = 0; c < classes; c++)
    for (let t = 0; t < templates; t++)
      for (let k = 0; k < dim; k++) mean[c * dim + k]! += unit[(c * templates + t) * dim + k]! / templates;
  return normalizeRows(mean, dim);
}

/**
 * Scores `images` ([n, dim], any norm) against unit `classes` embeddings ([C, dim]) for the
 * true `labels`. Only the order of scores matters, so images need no normalising.
 */
export function zeroShotScores(images: Float32Array, classEmb: Float32Array, dim: number, labels: ArrayLike<number>, names: string[], templates: string[]): ZeroShotResult {
  const n = rowCount(images, dim);
  const C = rowCount(classEmb, dim);
  const k = Math.min(5, C);
  const confusion = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  const scores = new Float64Array(C);
  let top1 = 0;
  let topK = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++) scores[c] = dotRows(images, i, classEmb, c, dim);
    let best = 0;
    for (let c = 1; c < C; c++) if (scores[c]! > scores[best]!) best = c;
    const label = labels[i]!;
    // Rank of the true class in a stable descending sort: higher scores, and equal ones before it.
    let rank = 0;
    for (let c = 0; c < C; c++) if (scores[c]! > scores[label]! || (scores[c] === scores[label] && c < label)) rank++;
    confusion[label]![best]!++;
    if (best === label) top1++;
    if (rank < k) topK++;
  }
  const perClass = names.map((name, c) => {
    const count = confusion[c]!.reduce((a, b) => a + b, 0);
    return { name, count, accuracy: count > 0 ? confusion[c]![c]! / count : null };
  });
  return { classes: names, templates, top1: top1 / n, top5: topK / n, k, chance: { top1: 1 / C, top5: k / C }, perClass, confusion };
}
