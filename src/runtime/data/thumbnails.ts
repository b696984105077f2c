// Float images -> PNG, for report.html's retrieval examples (as data: URLs) and for
// looking at a data set by eye (a grid of many images in one file).
import { PNG } from "pngjs";

/** [H, W, C] with C = 1 (grey), 3 (RGB) or 4 (RGBA). */
export type ImageShape = readonly [number, number, number];

function toByte(value: number): number {
  return Math.round(Math.min(Math.max(value, 0), 1) * 255);
}

/** Copies image `index` of an NHWC batch into `png` at (left, top). */
function paste(png: PNG, images: Float32Array, index: number, shape: ImageShape, left: number, top: number): void {
  const [h, w, c] = shape;
  if (c !== 1 && c !== 3 && c !== 4) throw new Error(`cannot draw images with ${c} channels`);
  const base = index * h * w * c;
  if (index < 0 || base + h * w * c > images.length) throw new Error(`image ${index} is outside the batch`);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const from = base + (y * w + x) * c;
      const to = ((top + y) * png.width + left + x) * 4;
      const r = images[from]!;
      png.data[to] = toByte(r);
      png.data[to + 1] = toByte(c >= 3 ? images[from + 1]! : r);
      png.data[to + 2] = toByte(c >= 3 ? images[from + 2]! : r);
      png.data[to + 3] = c === 4 ? toByte(images[from + 3]!) : 255;
    }
  }
}

export function imageToPng(images: Float32Array, index: number, shape: ImageShape): Buffer {
  const png = new PNG({ width: shape[1], height: shape[0] });
  paste(png, images, index, shape, 0, 0);
  return PNG.sync.write(png);
}

/** Base64 PNG of one image of an NHWC batch; prefix with "data:image/png;base64,". */
export function imageToPngBase64(images: Float32Array, index: number, shape: ImageShape): string {
  return imageToPng(images, index, shape).toString("base64");
}

/** Many images of a batch side by side, `columns` per row, 1 px grey gaps, optionally scaled up. */
export function imageGridToPng(images: Float32Array, indices: readonly number[], shape: ImageShape, columns = 16, scale = 1): Buffer {
  const [h, w] = shape;
  const rows = Math.ceil(indices.length / columns);
  const grid = new PNG({ width: columns * (w + 1) + 1, height: rows * (h + 1) + 1 });
  grid.data.fill(128);
  indices.forEach((index, i) => paste(grid, images, index, shape, 1 + (i % columns) * (w + 1), 1 + Math.floor(i / columns) * (h + 1)));
  if (scale === 1) return PNG.sync.write(grid);
  const big = new PNG({ width: grid.width * scale, height: grid.height * scale });
  for (let y = 0; y < big.height; y++) {
    for (let x = 0; x < big.width; x++) {
      const from = (Math.floor(y / scale) * grid.width + Math.floor(x / scale)) * 4;
      big.data.set(grid.data.subarray(from, from + 4), (y * big.width + x) * 4);
    }
  }
  return PNG.sync.write(big);
}
