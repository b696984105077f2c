// Section 4: the joint embedding space in its first two principal components. Each image
// (circle) is joined to its own caption (square) by a thin line; both axes share one scale,
// so distances on the page are distances in the projection.
import { IMAGE_COLOR, TEXT_COLOR } from "../colors.js";
import { clip, escapeHtml, svgNum, tag } from "../escape.js";
import { fmtFixed, fmtInt, tickLabels } from "../format.js";
import { emptyState, section } from "../layout.js";
import { extent, niceTicks } from "../scale.js";
import type { ReportInput } from "../types.js";

/** Pairs drawn at most; the first MAX_PCA_PAIRS of the input are shown. */
export const MAX_PCA_PAIRS = 200;

type XY = [number, number];

function finite(p: XY | undefined): p is XY {
  return p !== undefined && Number.isFinite(p[0]) && Number.isFinite(p[1]);
}

function axisLabel(name: string, explained: number | undefined): string {
  return explained !== undefined && Number.isFinite(explained) ? `${name} (${fmtFixed(explained * 100, 1)}% of variance)` : name;
}

export function pcaPlot(input: ReportInput): { svg: string; shown: number; total: number } | undefined {
  const { images, texts, captions } = input.pca;
  const total = Math.min(images.length, texts.length);
  const pairs: { i: number; img: XY; txt: XY }[] = [];
  for (let i = 0; i < total && pairs.length < MAX_PCA_PAIRS; i++) {
    const img = images[i];
    const txt = texts[i];
    if (finite(img) && finite(txt)) pairs.push({ i, img, txt });
  }
  if (pairs.length === 0) return undefined;

  const W = 640;
  const H = 520;
  const left = 60;
  const right = W - 16;
  const top = 40;
  const bottom = H - 48;
  const xs = extent(pairs.flatMap((p) => [p.img[0], p.txt[0]]))!;
  const ys = extent(pairs.flatMap((p) => [p.img[1], p.txt[1]]))!;
  // One scale for both axes (equal aspect), the data centred in the plot.
  const spanX = Math.max(xs[1] - xs[0], 1e-9);
  const spanY = Math.max(ys[1] - ys[0], 1e-9);
  const scale = Math.min((right - left) / (spanX * 1.08), (bottom - top) / (spanY * 1.08));
  const cx = (xs[0] + xs[1]) / 2;
  const cy = (ys[0] + ys[1]) / 2;
  const px = (v: number) => (left + right) / 2 + (v - cx) * scale;
  const py = (v: number) => (top + bottom) / 2 - (v - cy) * scale;
  const dataX: XY = [cx - (right - left) / 2 / scale, cx + (right - left) / 2 / scale];
  const dataY: XY = [cy - (bottom - top) / 2 / scale, cy + (bottom - top) / 2 / scale];
  // The same tick step on both axes.
  const step = Math.max(niceTicks(dataX[0], dataX[1], 6).step, niceTicks(dataY[0], dataY[1], 5).step);
  const ticks = (lo: number, hi: number) => {
    const out: number[] = [];
    for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k++) out.push(Number((k * step).toPrecision(12)));
    return out;
  };

  const parts: string[] = [];
  const tx = ticks(dataX[0], dataX[1]);
  const txLabels = tickLabels(tx, step);
  tx.forEach((v, i) => {
    const x = px(v);
    parts.push(tag("line", { class: "grid", x1: x, x2: x, y1: top, y2: bottom }));
    parts.push(tag("text", { class: "tick", x, y: bottom + 18, "text-anchor": "middle" }, escapeHtml(txLabels[i]!)));
  });
  const ty = ticks(dataY[0], dataY[1]);
  const tyLabels = tickLabels(ty, step);
  ty.forEach((v, i) => {
    const y = py(v);
    parts.push(tag("line", { class: "grid", x1: left, x2: right, y1: y, y2: y }));
    parts.push(tag("text", { class: "tick", x: left - 8, y: y + 4, "text-anchor": "end" }, escapeHtml(tyLabels[i]!)));
  });
  parts.push(tag("rect", { class: "frame", x: left, y: top, width: right - left, height: bottom - top, fill: "none" }));
  const explained = input.pca.explained;
  parts.push(tag("text", { class: "axis-title", x: (left + right) / 2, y: H - 10, "text-anchor": "middle" }, escapeHtml(axisLabel("PC 1", explained?.[0]))));
  parts.push(
    tag(
      "text",
      { class: "axis-title", x: 0, y: 0, "text-anchor": "middle", transform: `translate(16 ${svgNum((top + bottom) / 2)}) rotate(-90)` },
      escapeHtml(axisLabel("PC 2", explained?.[1])),
    ),
  );

  const lines = pairs.map((p) => tag("line", { class: "pair", "data-pair": p.i, x1: px(p.img[0]), y1: py(p.img[1]), x2: px(p.txt[0]), y2: py(p.txt[1]) }));
  const dots: string[] = [];
  const s = 3.6;
  for (const p of pairs) {
    const caption = clip(captions[p.i] ?? "");
    dots.push(tag("circle", { class: "pt img", "data-pair": p.i, "data-tip": `image ${p.i}\n${caption}`, cx: px(p.img[0]), cy: py(p.img[1]), r: s, fill: IMAGE_COLOR }));
    dots.push(
      tag("rect", { class: "pt txt", "data-pair": p.i, "data-tip": `text ${p.i}\n${caption}`, x: px(p.txt[0]) - s, y: py(p.txt[1]) - s, width: 2 * s, height: 2 * s, fill: TEXT_COLOR }),
    );
  }
  parts.push(`<g class="pairs">${lines.join("")}</g><g class="points">${dots.join("")}</g>`);

  // Legend above the plot.
  parts.push(
    `<g class="legend-item">${tag("circle", { cx: left + 6, cy: 20, r: 4, fill: IMAGE_COLOR })}${tag("text", { class: "legend", x: left + 16, y: 24 }, "image")}</g>` +
      `<g class="legend-item">${tag("rect", { x: left + 70, y: 16, width: 8, height: 8, fill: TEXT_COLOR })}${tag("text", { class: "legend", x: left + 84, y: 24 }, "text")}</g>` +
      `<g class="legend-item">${tag("line", { class: "pair", x1: left + 130, x2: left + 152, y1: 20, y2: 20 })}${tag("text", { class: "legend", x: left + 158, y: 24 }, "pair (image ↔ its caption)")}</g>`,
  );
  const svg = tag("svg", { class: "pca", id: "pca-plot", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "PCA of the joint embedding space" }, parts.join(""));
  return { svg, shown: pairs.length, total };
}

export function embeddingSection(input: ReportInput): string {
  const plot = pcaPlot(input);
  const lead = plot
    ? `${fmtInt(plot.shown)} image–caption pair${plot.shown === 1 ? "" : "s"}${plot.total > plot.shown ? ` of ${fmtInt(plot.total)}` : ""}, projected onto the first two principal components of the joint (normalised) embeddings. Hover a point for its caption; its partner lights up. Short lines mean aligned pairs.`
    : undefined;
  return section({
    id: "embedding",
    title: "Joint embedding space (PCA)",
    lead,
    body: plot ? `<div class="figure wide">${plot.svg}</div>` : emptyState("No embeddings were recorded."),
  });
}
