// Exponential moving average for the loss curve, bias-corrected as TensorBoard does so the
// line starts at the first value instead of climbing from zero.

/** The EMA span (in logged steps) used for a history of `count` entries: about 2% of it, at least 10. */
export function emaSpan(count: number): number {
  return Math.max(10, Math.round(count / 50));
}

/** EMA with weight 2 / (span + 1) on the newest value; non-finite values are skipped. */
export function ema(values: number[], span: number): number[] {
  const alpha = 2 / (span + 1);
  const out: number[] = [];
  let acc = 0;
  let weight = 0;
  for (const v of values) {
    if (Number.isFinite(v)) {
      acc = (1 - alpha) * acc + alpha * v;
      weight = (1 - alpha) * weight + alpha;
    }
    out.push(weight > 0 ? acc / weight : NaN);
  }
  return out;
}
