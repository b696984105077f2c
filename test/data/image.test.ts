import { describe, expect, it } from "vitest";
import { PNG } from "pngjs";
import { centreCropSquare, resizeArea, rgbaToRgb, type FloatImage } from "../../src/runtime/data/image.js";
import { imageGridToPng, imageToPngBase64 } from "../../src/runtime/data/thumbnails.js";

const ramp = (width: number, height: number): FloatImage => ({
  width,
  height,
  channels: 1,
  pixels: Float32Array.from({ length: width * height }, (_, i) => (i % width) / width),
});
const mean = (values: Float32Array) => values.reduce((a, b) => a + b, 0) / values.length;

describe("pixel operations", () => {
  it("composites alpha over white", () => {
    const rgba = Uint8Array.from([255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 128]);
    const { pixels } = rgbaToRgb(rgba, 3, 1);
    expect([...pixels.slice(0, 6)]).toEqual([1, 0, 0, 1, 1, 1]);
    expect(pixels[6]).toBeCloseTo(127 / 255, 2);
    expect(pixels[8]).toBeCloseTo(1, 5);
  });

  it("crops the centred square", () => {
    const wide = ramp(6, 2);
    const square = centreCropSquare(wide);
    expect([square.width, square.height]).toEqual([2, 2]);
    expect([...square.pixels]).toEqual([2 / 6, 3 / 6, 2 / 6, 3 / 6].map(Math.fround));
    expect(centreCropSquare(ramp(3, 3))).toEqual(ramp(3, 3));
  });

  it("area-resizes: keeps the mean when shrinking, blocks when growing by a whole factor", () => {
    const source = ramp(12, 9);
    const small = resizeArea(source, 5, 4);
    expect(mean(small.pixels)).toBeCloseTo(mean(source.pixels), 5);
    const twoByTwo: FloatImage = { width: 2, height: 1, channels: 1, pixels: Float32Array.from([0, 1]) };
    expect([...resizeArea(twoByTwo, 4, 2).pixels]).toEqual([0, 0, 1, 1, 0, 0, 1, 1]);
    const constant: FloatImage = { width: 7, height: 5, channels: 3, pixels: new Float32Array(105).fill(0.25) };
    for (const v of resizeArea(constant, 3, 11).pixels) expect(v).toBeCloseTo(0.25, 6);
  });
});

describe("thumbnails", () => {
  it("encodes one image of a batch as a base64 PNG with the same pixels", () => {
    const images = Float32Array.from({ length: 2 * 2 * 3 * 3 }, (_, i) => (i % 7) / 6);
    const decoded = PNG.sync.read(Buffer.from(imageToPngBase64(images, 1, [2, 3, 3]), "base64"));
    expect([decoded.width, decoded.height]).toEqual([3, 2]);
    for (let p = 0; p < 6; p++) {
      for (let c = 0; c < 3; c++) expect(decoded.data[p * 4 + c]).toBe(Math.round(images[18 + p * 3 + c]! * 255));
      expect(decoded.data[p * 4 + 3]).toBe(255);
    }
    expect(() => imageToPngBase64(images, 2, [2, 3, 3])).toThrow(/outside/);
  });

  it("draws grey images and grids", () => {
    const grey = Float32Array.from([0, 0.5, 1, 2]);
    const png = PNG.sync.read(Buffer.from(imageToPngBase64(grey, 0, [2, 2, 1]), "base64"));
    expect([png.data[0], png.data[4], png.data[8], png.data[12]]).toEqual([0, 128, 255, 255]);
    const grid = PNG.sync.read(imageGridToPng(grey, [0, 0, 0], [2, 2, 1], 2, 3));
    expect([grid.width, grid.height]).toEqual([(2 * 3 + 1) * 3, (2 * 3 + 1) * 3]);
  });
});
