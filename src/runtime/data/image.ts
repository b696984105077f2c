// Pixel operations shared by the file-backed data sets: RGBA bytes -> RGB floats over a
// white background, centre crop, and area-average resizing (a box filter that is exact for
// any scale factor, so downscaling does not alias and upscaling stays sharp).

/** HWC float image in [0, 1]. */
export interface FloatImage {
  width: number;
  height: number;
  channels: number;
  pixels: Float32Array;
}

/**
 * RGBA bytes (straight alpha) -> RGB floats composited over `background` (1 = white), the
 * way a transparent emoji or PNG looks on a page.
 */
export function rgbaToRgb(rgba: Uint8Array, width: number, height: number, background = 1): FloatImage {
  const pixels = new Float32Array(width * height * 3);
  for (let i = 0, o = 0; i < width * height * 4; i += 4, o += 3) {
    const alpha = rgba[i + 3]! / 255;
    const under = background * (1 - alpha);
    pixels[o] = (rgba[i]! / 255) * alpha + under;
    pixels[o + 1] = (rgba[i + 1]! / 255) * alpha + under;
    pixels[o + 2] = (rgba[i + 2]! / 255) * alpha + under;
  }
  return { width, height, channels: 3, pixels };
}

/** The largest centred square (CLIP-style preprocessing: crop, then resize). */
export function centreCropSquare(image: FloatImage): FloatImage {
  const side = Math.min(image.width, image.height);
  if (image.width === side && image.height === side) return image;
  const left = Math.floor((image.width - side) / 2);
  const top = Math.floor((image.height - side) / 2);
  const c = image.channels;
  const pixels = new Float32Array(side * side * c);
  for (let y = 0; y < side; y++) {
    const from = ((top + y) * image.width + left) * c;
    pixels.set(image.pixels.subarray(from, from + side * c), y * side * c);
  }
  return { width: side, height: side, channels: c, pixels };
}

/** For each output index along one axis, the source indices it covers and their weights. */
function axisWeights(source: number, target: number): { index: number[]; weight: number[] }[] {
  const scale = source / target;
  const taps: { index: number[]; weight: number[] }[] = [];
  for (let i = 0; i < target; i++) {
    const low = i * scale;
    const high = (i + 1) * scale;
    const index: number[] = [];
    const weight: number[] = [];
    for (let j = Math.floor(low); j < Math.min(Math.ceil(high), source); j++) {
      const overlap = Math.min(high, j + 1) - Math.max(low, j);
      if (overlap > 1e-9) {
        index.push(j);
        weight.push(overlap / scale);
      }
    }
    taps.push({ index, weight });
  }
  return taps;
}

/** Area-average resize to width x height (separable: rows, then columns). */
export function resizeArea(image: FloatImage, width: number, height: number): FloatImage {
  if (image.width === width && image.height === height) return image;
  const c = image.channels;
  const columns = axisWeights(image.width, width);
  const rows = axisWeights(image.height, height);
  const wide = new Float32Array(image.height * width * c);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < width; x++) {
      const { index, weight } = columns[x]!;
      for (let ch = 0; ch < c; ch++) {
        let sum = 0;
        for (let k = 0; k < index.length; k++) sum += image.pixels[(y * image.width + index[k]!) * c + ch]! * weight[k]!;
        wide[(y * width + x) * c + ch] = sum;
      }
    }
  }
  const pixels = new Float32Array(height * width * c);
  for (let y = 0; y < height; y++) {
    const { index, weight } = rows[y]!;
    for (let x = 0; x < width; x++) {
      for (let ch = 0; ch < c; ch++) {
        let sum = 0;
        for (let k = 0; k < index.length; k++) sum += wide[(index[k]! * width + x) * c + ch]! * weight[k]!;
        pixels[(y * width + x) * c + ch] = sum;
      }
    }
  }
  return { width, height, channels: c, pixels };
}
