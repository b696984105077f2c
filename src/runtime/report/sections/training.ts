// Section 3: training curves (loss with its EMA, temperature, learning rate) and the
// evaluation curves (recall@k per direction against dashed chance lines, group scores).
import { PALETTE } from "../colors.js";
import type { Point } from "../downsample.js";
import { MAX_LINE_POINTS } from "../downsample.js";
import { escapeHtml } from "../escape.js";
import { fmtInt } from "../format.js";
import { emptyState, section } from "../layout.js";
import { lineChart, type LineSeries } from "../line-chart.js";
import { parseMetric, type Direction } from "../metrics.js";
import { ema, emaSpan } from "../smooth.js";
import type { ReportEval, ReportInput, ReportStep } from "../types.js";

function figure(title: string, chart: string): string {
  return `<figure class="figure"><figcaption>${escapeHtml(title)}</figcaption>${chart}</figure>`;
}

function sortedHistory(history: ReportStep[]): ReportStep[] {
  return history.map((h, i) => ({ h, i })).sort((a, b) => a.h.step - b.h.step || a.i - b.i).map((x) => x.h);
}

function lossChart(history: ReportStep[]): string {
  const raw: Point[] = history.map((h) => [h.step, h.loss]);
  const dropped = raw.filter(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y)).length;
  const span = emaSpan(history.length);
  const smooth = ema(history.map((h) => h.loss), span);
  const notes: string[] = [];
  const finite = raw.length - dropped;
  if (finite > MAX_LINE_POINTS) notes.push(`${fmtInt(finite)} logged steps drawn as ${fmtInt(MAX_LINE_POINTS)} points (shape-preserving downsampling).`);
  if (dropped > 0) notes.push(`${fmtInt(dropped)} non-finite loss value${dropped === 1 ? "" : "s"} (NaN / ∞) left out.`);
  return lineChart({
    id: "chart-loss",
    xLabel: "step", integerX: true,
    yLabel: "loss",
    series: [
      { key: "loss-raw", label: "loss (raw)", color: PALETTE[0], points: raw, faint: true },
      { key: "loss-ema", label: `EMA (span ${span})`, color: PALETTE[0], points: history.map((h, i) => [h.step, smooth[i]!]), width: 2.2 },
    ],
    note: notes.join(" "),
  });
}

function simpleChart(id: string, key: string, label: string, color: string, points: Point[]): string {
  return lineChart({ id, xLabel: "step", integerX: true, yLabel: label, series: [{ key, label, color, points }] });
}

function sortedEvals(evals: ReportEval[]): ReportEval[] {
  return [...evals].sort((a, b) => a.step - b.step);
}

function recallChart(input: ReportInput, evals: ReportEval[], dir: Direction): string | undefined {
  // k -> metric key used in the evals (the first spelling found).
  const keys = new Map<number, string>();
  for (const e of evals) for (const key of Object.keys(e.metrics)) {
    const info = parseMetric(key);
    if (info.kind === "recall" && info.direction === dir && !keys.has(info.k!)) keys.set(info.k!, key);
  }
  if (keys.size === 0) return undefined;
  const ks = [...keys.keys()].sort((a, b) => a - b);
  const steps = evals.map((e) => e.step);
  const x0 = Math.min(...steps);
  const x1 = Math.max(...steps);
  const series: LineSeries[] = [];
  const chances: LineSeries[] = [];
  ks.forEach((k, i) => {
    const key = keys.get(k)!;
    const color = PALETTE[i % PALETTE.length]!;
    series.push({
      key: `${dir}-R@${k}`,
      label: `R@${k}`,
      color,
      points: evals.filter((e) => key in e.metrics).map((e) => [e.step, e.metrics[key]!]),
      markers: true,
    });
    const chance = chanceFor(input, dir, k);
    if (chance !== undefined) chances.push(chanceLine(`${dir}-R@${k}-chance`, color, x0, x1, chance));
  });
  return lineChart({ id: `chart-${dir}-recall`, xLabel: "step", integerX: true, yLabel: "recall", series: [...series, ...legendOnce(chances)], yMin: 0, yMaxCap: 1 });
}

/** A dashed horizontal chance line in its metric's colour, left out of the hover tooltip. */
function chanceLine(key: string, color: string, x0: number, x1: number, chance: number): LineSeries {
  return { key, label: "chance", color, points: [[x0, chance], [x1, chance]], dashed: true, width: 1.2, hover: false, legend: false, spanX: true };
}

/** One grey legend entry stands for all the dashed chance lines. */
function legendOnce(chances: LineSeries[]): LineSeries[] {
  return chances.map((s, i) => (i === 0 ? { ...s, label: "chance (dashed)", legend: true, legendColor: "#6b7280" } : s));
}

function chanceFor(input: ReportInput, dir: Direction, k: number): number | undefined {
  for (const [key, v] of Object.entries(input.chance)) {
    const info = parseMetric(key);
    if (info.kind === "recall" && info.direction === dir && info.k === k && Number.isFinite(v)) return v;
  }
  return undefined;
}

function groupChart(input: ReportInput, evals: ReportEval[]): string | undefined {
  const keys: string[] = [];
  for (const e of evals) for (const key of Object.keys(e.metrics)) if (/^group/i.test(key) && !keys.includes(key)) keys.push(key);
  if (keys.length === 0) return undefined;
  const steps = evals.map((e) => e.step);
  const series: LineSeries[] = [];
  const chances: LineSeries[] = [];
  keys.forEach((key, i) => {
    const color = PALETTE[(i + 3) % PALETTE.length]!;
    series.push({ key, label: parseMetric(key).label, color, points: evals.filter((e) => key in e.metrics).map((e) => [e.step, e.metrics[key]!]), markers: true });
    const chance = input.chance[key];
    if (chance !== undefined && Number.isFinite(chance)) chances.push(chanceLine(`${key}-chance`, color, Math.min(...steps), Math.max(...steps), chance));
  });
  return lineChart({ id: "chart-group", xLabel: "step", integerX: true, yLabel: "score", series: [...series, ...legendOnce(chances)], yMin: 0, yMaxCap: 1 });
}

export function trainingSection(input: ReportInput): string {
  const history = sortedHistory(input.history);
  const figures: string[] = [];
  if (history.length > 0) {
    figures.push(figure("Training loss", lossChart(history)));
    const temps = history.filter((h) => h.temperature !== undefined && Number.isFinite(h.temperature));
    if (temps.length > 0) {
      figures.push(figure("Temperature", simpleChart("chart-temperature", "temperature", "temperature τ", PALETTE[3]!, temps.map((h) => [h.step, h.temperature!]))));
    }
    figures.push(figure("Learning rate", simpleChart("chart-lr", "lr", "learning rate", PALETTE[2]!, history.map((h) => [h.step, h.lr]))));
  }
  const evals = sortedEvals(input.evals);
  if (evals.length > 0) {
    const t2i = recallChart(input, evals, "t2i");
    const i2t = recallChart(input, evals, "i2t");
    const group = groupChart(input, evals);
    if (t2i) figures.push(figure("Text → image recall@k", t2i));
    if (i2t) figures.push(figure("Image → text recall@k", i2t));
    if (group) figures.push(figure("Group scores", group));
  }
  const lead =
    `${fmtInt(history.length)} logged step${history.length === 1 ? "" : "s"}, ${fmtInt(evals.length)} evaluation${evals.length === 1 ? "" : "s"}. ` +
    "Hover a chart to read its values.";
  return section({
    id: "training",
    title: "Training",
    lead,
    body: figures.length > 0 ? `<div class="grid charts">${figures.join("")}</div>` : emptyState("No training history was recorded."),
  });
}
