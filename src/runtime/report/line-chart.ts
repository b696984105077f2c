// A generic SVG line chart: axes, nice ticks, grid, axis titles, legend, clipped lines,
// optional markers, and a JSON block the page script uses for the hover crosshair.
import { PALETTE } from "./colors.js";
import { downsample, MAX_LINE_POINTS, type Point } from "./downsample.js";
import { escapeHtml, scriptJson, svgNum, tag } from "./escape.js";
import { tickLabels } from "./format.js";
import { extent, linear, niceTicks } from "./scale.js";

export interface LineSeries {
  /** Stable id written as data-series on the polyline (e.g. "loss-raw"). */
  key: string;
  /** Legend and tooltip text. */
  label: string;
  color?: string;
  /** Data coordinates; non-finite points are dropped, then at most MAX_LINE_POINTS are drawn. */
  points: Point[];
  dashed?: boolean;
  /** Thin and translucent: the raw series under a smoothed one. */
  faint?: boolean;
  width?: number;
  /** A dot at every point (evaluations, which are few). */
  markers?: boolean;
  /** Listed in the hover tooltip; default true. */
  hover?: boolean;
  /** Shown in the legend; default true. */
  legend?: boolean;
  /**
   * A horizontal reference line (e.g. chance) at the first point's y, drawn across the whole
   * x range whatever its points' x; it does not widen the x range.
   */
  spanX?: boolean;
  /** The legend swatch's colour when it should differ from the line's (one entry standing for several lines). */
  legendColor?: string;
}

export interface LineChartOptions {
  /** Unique on the page; used for the clip path id. */
  id: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  /** Lower end of the y axis (e.g. 0 for recalls); default from the data. */
  yMin?: number;
  /** The y axis never goes above this (e.g. 1 for recalls). */
  yMaxCap?: number;
  /** x is a step count: ticks at whole numbers only. */
  integerX?: boolean;
  /** Caption under the chart. */
  note?: string;
  width?: number;
  height?: number;
}

const CHAR_W = 6.6; // average width of a 12px system-font character, for legend layout

interface LegendItem {
  series: LineSeries;
  color: string;
  x: number;
  row: number;
}

function layoutLegend(series: { s: LineSeries; color: string }[], left: number, right: number): LegendItem[] {
  const items: LegendItem[] = [];
  let x = left;
  let row = 0;
  for (const { s, color } of series) {
    if (s.legend === false) continue;
    const w = 26 + s.label.length * CHAR_W + 16;
    if (x > left && x + w > right) {
      row++;
      x = left;
    }
    items.push({ series: s, color: s.legendColor ?? color, x, row });
    x += w;
  }
  return items;
}

function lineStyle(s: LineSeries, color: string): Record<string, string | number | undefined> {
  return {
    stroke: color,
    "stroke-width": s.width ?? (s.faint ? 1 : 2),
    "stroke-opacity": s.faint ? 0.35 : undefined,
    "stroke-dasharray": s.dashed ? "5 4" : undefined,
  };
}

function round6(v: number): number {
  return Number(v.toPrecision(6));
}

export function lineChart(o: LineChartOptions): string {
  const W = o.width ?? 640;
  const H = o.height ?? 320;
  const colored = o.series.map((s, i) => ({
    s,
    color: s.color ?? PALETTE[i % PALETTE.length]!,
    pts: downsample(
      s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)),
      MAX_LINE_POINTS,
    ),
  }));
  const all = colored.flatMap((c) => c.pts);
  if (all.length === 0) return `<div class="chart empty">No data to plot.</div>`;

  const framing = colored.filter((c) => !c.s.spanX).flatMap((c) => c.pts);
  const [x0, x1] = extent((framing.length > 0 ? framing : all).map((p) => p[0]))!;
  const [ylo, yhi] = extent(all.map((p) => p[1]))!;
  // A single x (one evaluation) is centred in a range of at least +-1.
  const [dx0, dx1] = x0 === x1 ? (o.integerX ? [x0 - 1, x1 + 1] : niceTicks(x0, x1, 6).values.filter((_, i, a) => i === 0 || i === a.length - 1)) : [x0, x1];
  let xt = niceTicks(dx0!, dx1!, 6);
  if (o.integerX && xt.step < 1) xt = { ...xt, step: 1, values: xt.values.filter((v) => Number.isInteger(v)) };
  const xDomain: [number, number] = [dx0!, dx1!];
  for (const c of colored) if (c.s.spanX && c.pts.length > 0) c.pts = [[xDomain[0], c.pts[0]![1]], [xDomain[1], c.pts[0]![1]]];
  let yt = niceTicks(o.yMin !== undefined ? Math.min(o.yMin, ylo) : ylo, yhi, 5);
  if (o.yMaxCap !== undefined && yt.hi > o.yMaxCap && yhi <= o.yMaxCap) {
    yt = { ...yt, hi: o.yMaxCap, values: yt.values.filter((v) => v <= o.yMaxCap! + 1e-12) };
  }
  const yLabels = tickLabels(yt.values, yt.step);

  // The left margin fits the longest y label (11px digits ~6.2px) plus the rotated axis title.
  const left = Math.round(30 + Math.max(...yLabels.map((l) => l.length)) * 6.2 + 10);
  const right = W - 18;
  const legend = layoutLegend(colored, left, right);
  const rows = legend.length === 0 ? 0 : Math.max(...legend.map((l) => l.row)) + 1;
  const top = 16 + rows * 18 + 6;
  const bottom = H - 46;
  const sx = linear(xDomain[0], xDomain[1], left, right);
  const sy = linear(yt.lo, yt.hi, bottom, top);

  const parts: string[] = [];
  const clipId = `${o.id}-clip`;
  parts.push(`<defs>${tag("clipPath", { id: clipId }, tag("rect", { x: left, y: top - 2, width: right - left, height: bottom - top + 4 }))}</defs>`);

  // Grid and y ticks.
  yt.values.forEach((v, i) => {
    const y = sy(v);
    parts.push(tag("line", { class: "grid", x1: left, x2: right, y1: y, y2: y }));
    parts.push(tag("text", { class: "tick", x: left - 8, y: y + 4, "text-anchor": "end" }, escapeHtml(yLabels[i]!)));
  });
  // x ticks (inside the data range).
  const xValues = xt.values.filter((v) => v >= xDomain[0] - 1e-9 * Math.abs(xt.step) && v <= xDomain[1] + 1e-9 * Math.abs(xt.step));
  const xLabels = tickLabels(xValues, xt.step);
  xValues.forEach((v, i) => {
    const x = sx(v);
    parts.push(tag("line", { class: "axis", x1: x, x2: x, y1: bottom, y2: bottom + 5 }));
    parts.push(tag("text", { class: "tick", x, y: bottom + 18, "text-anchor": "middle" }, escapeHtml(xLabels[i]!)));
  });
  parts.push(tag("line", { class: "axis", x1: left, x2: right, y1: bottom, y2: bottom }));
  parts.push(tag("line", { class: "axis", x1: left, x2: left, y1: top, y2: bottom }));
  parts.push(tag("text", { class: "axis-title", x: (left + right) / 2, y: H - 8, "text-anchor": "middle" }, escapeHtml(o.xLabel)));
  parts.push(
    tag(
      "text",
      { class: "axis-title", x: 0, y: 0, "text-anchor": "middle", transform: `translate(16 ${svgNum((top + bottom) / 2)}) rotate(-90)` },
      escapeHtml(o.yLabel),
    ),
  );

  // Lines, then markers, clipped to the plot area.
  const lines: string[] = [];
  for (const c of colored) {
    if (c.pts.length === 0) continue;
    const points = c.pts.map(([x, y]) => `${svgNum(sx(x))},${svgNum(sy(y))}`).join(" ");
    lines.push(tag("polyline", { class: "series", "data-series": c.s.key, fill: "none", ...lineStyle(c.s, c.color), points }));
    if (c.s.markers) {
      for (const [x, y] of c.pts) lines.push(tag("circle", { class: "marker", cx: sx(x), cy: sy(y), r: 3, fill: c.color }));
    }
  }
  parts.push(tag("g", { "clip-path": `url(#${clipId})` }, lines.join("")));

  // Legend.
  for (const l of legend) {
    const y = 16 + l.row * 18;
    const swatch = tag("line", { x1: l.x, x2: l.x + 20, y1: y - 4, y2: y - 4, ...lineStyle({ ...l.series, faint: false }, l.color), "stroke-opacity": l.series.faint ? 0.45 : undefined });
    const dot = l.series.markers ? tag("circle", { cx: l.x + 10, cy: y - 4, r: 3, fill: l.color }) : "";
    parts.push(tag("g", { class: "legend-item" }, swatch + dot + tag("text", { class: "legend", x: l.x + 26, y }, escapeHtml(l.series.label))));
  }

  // Hover layer: the page script moves the cursor line and fills the tooltip.
  parts.push(tag("line", { class: "cursor", x1: left, x2: left, y1: top, y2: bottom, visibility: "hidden" }));
  parts.push(tag("rect", { class: "hover-area", x: left, y: top, width: right - left, height: bottom - top, fill: "transparent" }));

  const hoverData = {
    px: [left, right],
    dx: xDomain,
    py: [bottom, top],
    dy: [yt.lo, yt.hi],
    xl: o.xLabel,
    s: colored
      .filter((c) => c.s.hover !== false && c.pts.length > 0)
      .map((c) => ({ n: c.s.label, c: c.color, p: c.pts.flatMap(([x, y]) => [round6(x), round6(y)]) })),
  };
  const svg = tag(
    "svg",
    { class: "line-chart", id: o.id, viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `${o.yLabel} vs ${o.xLabel}` },
    parts.join(""),
  );
  const note = o.note ? `<p class="note">${escapeHtml(o.note)}</p>` : "";
  return `<div class="chart">${svg}<script type="application/json" class="chart-data">${scriptJson(hoverData)}</script>${note}</div>`;
}
