// Section 5: the texts x images cosine-similarity heat map, diverging around zero.
import { diverging, divergingStops } from "../colors.js";
import { clip, escapeHtml, svgNum, tag } from "../escape.js";
import { fmtFixed, fmtInt, tickLabels } from "../format.js";
import { emptyState, section } from "../layout.js";
import { niceTicks } from "../scale.js";
import type { ReportInput } from "../types.js";

/** Rows and columns drawn at most; a larger matrix shows its top-left corner. */
export const MAX_HEATMAP_N = 64;

/** Symmetric colour range around 0: the largest |value| rounded up to a tenth (1 for cosines near ±1). */
function colorRange(values: number[]): number {
  let m = 0;
  for (const v of values) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m === 0 ? 1 : Math.max(0.1, Math.ceil(m * 10 - 1e-9) / 10);
}

export function heatmap(input: ReportInput): { svg: string; shown: number; n: number } | undefined {
  const { n, values, captions } = input.similarity;
  if (!Number.isInteger(n) || n <= 0 || values.length < n * n) return undefined;
  const m = Math.min(n, MAX_HEATMAP_N);
  const shown: number[] = [];
  for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) shown.push(values[r * n + c]!);
  const range = colorRange(shown);

  const size = 480;
  const cell = size / m;
  const left = 56;
  const top = 44;
  const W = left + size + 110;
  const H = top + size + 16;
  const labelEvery = m <= 20 ? 1 : m <= 40 ? 2 : 4;
  const parts: string[] = [];

  parts.push(tag("text", { class: "axis-title", x: left + size / 2, y: 14, "text-anchor": "middle" }, "images →"));
  parts.push(tag("text", { class: "axis-title", x: left - 6, y: 14, "text-anchor": "end" }, "texts ↓"));
  for (let i = 0; i < m; i += labelEvery) {
    const mid = i * cell + cell / 2;
    parts.push(tag("text", { class: "tick", x: left + mid, y: top - 8, "text-anchor": "middle" }, String(i)));
    parts.push(tag("text", { class: "tick", x: left - 6, y: top + mid + 4, "text-anchor": "end" }, String(i)));
  }

  const rows: string[] = [];
  for (let r = 0; r < m; r++) {
    const cells: string[] = [];
    for (let c = 0; c < m; c++) {
      const v = values[r * n + c]!;
      cells.push(
        tag("rect", {
          class: r === c ? "cell diag" : "cell",
          x: left + c * cell,
          y: top + r * cell,
          width: cell + 0.02,
          height: cell + 0.02,
          fill: diverging(v / range),
          "data-tip": `image ${c}${r === c ? " (its own)" : ""} · cos ${Number.isFinite(v) ? fmtFixed(v, 3) : "—"}`,
        }),
      );
    }
    rows.push(tag("g", { class: "row", "data-row": r, "data-tip": `text ${r}: ${clip(captions[r] ?? "", 200)}` }, cells.join("")));
  }
  parts.push(`<g class="cells">${rows.join("")}</g>`);
  parts.push(tag("rect", { class: "frame", x: left, y: top, width: size, height: size, fill: "none" }));

  // Legend: a vertical gradient bar, +range at the top.
  const lx = left + size + 28;
  const lh = size * 0.6;
  const ly = top + (size - lh) / 2;
  // The bar runs +range (top) to -range (bottom); gradient stops must ascend in offset.
  const stops = divergingStops()
    .reverse()
    .map((s) => tag("stop", { offset: `${svgNum((1 - s.offset) * 100)}%`, "stop-color": s.color }))
    .join("");
  parts.push(`<defs>${tag("linearGradient", { id: "heat-gradient", x1: 0, y1: 0, x2: 0, y2: 1 }, stops)}</defs>`);
  parts.push(tag("rect", { class: "legend-bar", x: lx, y: ly, width: 14, height: lh, fill: "url(#heat-gradient)" }));
  const t = niceTicks(-range, range, 4);
  // Nice ticks inside the range, plus its two ends when no tick is close to them.
  const marks = t.values.filter((v) => v >= -range - 1e-9 && v <= range + 1e-9);
  for (const end of [-range, range]) if (!marks.some((v) => Math.abs(v - end) < t.step * 0.4)) marks.push(end);
  marks.sort((a, b) => a - b);
  const markLabels = tickLabels(marks, range < t.step ? range : Math.min(t.step, 0.1));
  marks.forEach((v, i) => {
    const y = ly + ((range - v) / (2 * range)) * lh;
    parts.push(tag("line", { class: "axis", x1: lx + 14, x2: lx + 18, y1: y, y2: y }));
    parts.push(tag("text", { class: "tick", x: lx + 21, y: y + 4 }, escapeHtml(markLabels[i]!)));
  });
  parts.push(tag("text", { class: "legend", x: lx + 7, y: ly - 10, "text-anchor": "middle" }, "cosine"));

  const svg = tag("svg", { class: "heatmap", id: "similarity-heatmap", viewBox: `0 0 ${svgNum(W)} ${svgNum(H)}`, role: "img", "aria-label": "Similarity matrix" }, parts.join(""));
  return { svg, shown: m, n };
}

export function similaritySection(input: ReportInput): string {
  const map = heatmap(input);
  const lead = map
    ? `Cosine similarity of ${fmtInt(map.shown)} test captions (rows) against their ${fmtInt(map.shown)} images (columns)${map.n > map.shown ? `, the first ${fmtInt(map.shown)} of ${fmtInt(map.n)}` : ""}. A trained model shows a red diagonal (outlined): each caption scores its own image highest. Hover a cell for its caption and score.`
    : undefined;
  return section({
    id: "similarity",
    title: "Similarity matrix",
    lead,
    body: map ? `<div class="figure wide heat">${map.svg}</div>` : emptyState("No similarity matrix was recorded."),
  });
}
