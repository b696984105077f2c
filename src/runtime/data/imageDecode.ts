// Decodes PNG (pngjs) and JPEG (jpeg-js) files in plain JS, recognised by their first bytes
// rather than by their extension. Any colour type (grey, palette, 16-bit, alpha) comes out
// as 8-bit RGBA. Decoder failures are thrown as plain Errors; callers add file and line.
import { PNG } from "pngjs";
import jpeg from "jpeg-js";

export interface DecodedImage {
  width: number;
  height: number;
  /** width * height * 4 bytes, straight (not premultiplied) alpha. */
  rgba: Uint8Array;
}

export const IMAGE_EXTENSIONS = [".png", ".jpg", ".jpeg"];

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** Larger images are refused before decoding (JPEG gets the same bound from jpeg-js). */
export const MAX_IMAGE_MEGAPIXELS = 100;

/** Width and height from a PNG's IHDR chunk, which must come first. */
function pngSize(bytes: Uint8Array): [number, number] | undefined {
  if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== "IHDR") return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

export function decodeImage(bytes: Buffer): DecodedImage {
  if (startsWith(bytes, PNG_SIGNATURE)) {
    const size = pngSize(bytes);
    // pngjs would first allocate width * height * 4 bytes, whatever the file really holds.
    if (size && size[0] * size[1] > MAX_IMAGE_MEGAPIXELS * 1e6) {
      throw new Error(`the PNG says it is ${size[0]} x ${size[1]} pixels; images may have at most ${MAX_IMAGE_MEGAPIXELS} megapixels`);
    }
    try {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, rgba: png.data };
    } catch (error) {
      throw new Error(`broken or truncated PNG (${(error as Error).message})`);
    }
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    try {
      // Bounded so that a hostile header cannot ask for gigabytes.
      const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_MEGAPIXELS, maxMemoryUsageInMB: 1024 });
      return { width: image.width, height: image.height, rgba: image.data };
    } catch (error) {
      throw new Error(`broken or truncated JPEG (${(error as Error).message})`);
    }
  }
  throw new Error(bytes.length === 0 ? "the file is empty" : "the file is neither a PNG nor a JPEG (its first bytes say otherwise)");
}
