// The report's colours: a categorical palette for lines and a diverging scale for the
// similarity heat map (ColorBrewer RdBu, blue negative, red positive).

export const PALETTE = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#ca8a04", "#db2777"];

export const IMAGE_COLOR = "#2563eb";
export const TEXT_COLOR = "#ea580c";
export const HIT_COLOR = "#16a34a";
export const MISS_COLOR = "#dc2626";

/** RdBu, from -1 (blue) through white to +1 (red). */
const DIVERGING = ["#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f"];

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

/** t in [-1, 1] (clamped) -> colour; NaN is grey. */
export function diverging(t: number): string {
  if (!Number.isFinite(t)) return "#9ca3af";
  const x = ((Math.max(-1, Math.min(1, t)) + 1) / 2) * (DIVERGING.length - 1);
  const i = Math.min(DIVERGING.length - 2, Math.floor(x));
  const f = x - i;
  const a = rgb(DIVERGING[i]!);
  const b = rgb(DIVERGING[i + 1]!);
  return hex([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
}

/** Gradient stops for the heat-map legend, bottom (-1) to top (+1) as offsets 0..1. */
export function divergingStops(): { offset: number; color: string }[] {
  return DIVERGING.map((color, i) => ({ offset: i / (DIVERGING.length - 1), color }));
}
