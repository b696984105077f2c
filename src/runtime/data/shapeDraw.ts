// Rasterises the shapes data set's objects. Each shape is a signed distance function (in
// pixels, negative inside), so anti-aliasing is one evaluation per pixel:
// coverage = clamp(0.5 - distance, 0, 1). Much faster than supersampling 9000 images.

export const SHAPE_NAMES = ["circle", "square", "triangle", "cross", "diamond", "ring"] as const;
export type ShapeName = (typeof SHAPE_NAMES)[number];

const SQRT3 = Math.sqrt(3);

function box(x: number, y: number, halfWidth: number, halfHeight: number): number {
  const dx = Math.abs(x) - halfWidth;
  const dy = Math.abs(y) - halfHeight;
  const outside = Math.hypot(Math.max(dx, 0), Math.max(dy, 0));
  return outside + Math.min(Math.max(dx, dy), 0);
}

/** Equilateral triangle, apex up in image coordinates (y grows downwards), centred on its box. */
function triangle(x: number, y: number, r: number): number {
  let px = Math.abs(x) - r;
  // Flip y to point up, and shift so the bounding box (not the centroid) sits at the origin.
  let py = -y + r / (2 * SQRT3) + r / SQRT3;
  if (px + SQRT3 * py > 0) {
    [px, py] = [(px - SQRT3 * py) / 2, (-SQRT3 * px - py) / 2];
  }
  px -= Math.min(Math.max(px, -2 * r), 0);
  return -Math.hypot(px, py) * Math.sign(py);
}

/** Signed distance from (x, y), relative to the shape's centre, for a shape of "radius" r. */
export function shapeDistance(shape: number, x: number, y: number, r: number): number {
  switch (SHAPE_NAMES[shape]) {
    case "circle":
      return Math.hypot(x, y) - r;
    case "square":
      return box(x, y, 0.85 * r, 0.85 * r);
    case "triangle":
      return triangle(x, y, 1.1 * r);
    case "cross":
      return Math.min(box(x, y, r, 0.33 * r), box(x, y, 0.33 * r, r));
    case "diamond":
      return (Math.abs(x) + Math.abs(y) - 1.15 * r) / Math.SQRT2;
    case "ring":
      return Math.abs(Math.hypot(x, y) - 0.7 * r) - 0.3 * r;
    default:
      throw new Error(`unknown shape index ${shape}`);
  }
}

/** Blends one anti-aliased shape into an HWC RGB image stored at `offset` of `pixels`. */
export function drawShape(
  pixels: Float32Array,
  offset: number,
  size: number,
  shape: number,
  centreX: number,
  centreY: number,
  radius: number,
  rgb: readonly [number, number, number],
): void {
  const reach = 1.25 * radius + 1; // every shape above fits in this square
  const x0 = Math.max(0, Math.floor(centreX - reach));
  const x1 = Math.min(size - 1, Math.ceil(centreX + reach));
  const y0 = Math.max(0, Math.floor(centreY - reach));
  const y1 = Math.min(size - 1, Math.ceil(centreY + reach));
  for (let py = y0; py <= y1; py++) {
    for (let px = x0; px <= x1; px++) {
      const distance = shapeDistance(shape, px + 0.5 - centreX, py + 0.5 - centreY, radius);
      const coverage = Math.min(Math.max(0.5 - distance, 0), 1);
      if (coverage === 0) continue;
      const at = offset + (py * size + px) * 3;
      for (let c = 0; c < 3; c++) pixels[at + c] = pixels[at + c]! * (1 - coverage) + rgb[c]! * coverage;
    }
  }
}
