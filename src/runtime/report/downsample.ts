// Long histories are thinned before they become SVG polylines, so a 100k-step run still
// gives a small page. Largest-Triangle-Three-Buckets keeps the visual shape (spikes
// included) and always returns exactly min(points.length, max) points.

export type Point = [number, number];

/** At most this many points per line; shorter series are drawn point for point. */
export const MAX_LINE_POINTS = 1500;

/** LTTB (Steinarsson 2013): first and last points kept, one point per bucket between. */
export function downsample(points: Point[], max = MAX_LINE_POINTS): Point[] {
  if (points.length <= max) return points.slice();
  if (max < 3) return [points[0]!, points[points.length - 1]!].slice(0, Math.max(0, max));
  const out: Point[] = [points[0]!];
  const every = (points.length - 2) / (max - 2);
  let a = 0;
  for (let i = 0; i < max - 2; i++) {
    // The average of the next bucket is the third triangle vertex.
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, points.length);
    let ax = 0;
    let ay = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      ax += points[j]![0];
      ay += points[j]![1];
    }
    const count = Math.max(1, nextEnd - nextStart);
    ax /= count;
    ay /= count;
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const [px, py] = points[a]!;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const [x, y] = points[j]!;
      const area = Math.abs((px - ax) * (y - py) - (px - x) * (ay - py));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    out.push(points[best]!);
    a = best;
  }
  out.push(points[points.length - 1]!);
  return out;
}
