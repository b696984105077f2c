// Whether data read back from shards holds the items it was written from. PNG stores bytes,
// so each pixel may move to the nearest multiple of 1/255, and no further.
import { expect } from "vitest";
import type { SplitData } from "../../src/runtime/data/types.js";

export const PNG_ROUNDING = 0.5 / 255 + 1e-6;

/** Largest difference between two pixel arrays of one length. */
export function maxPixelDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

export function expectSameItems(got: SplitData, want: SplitData): void {
  expect(got.count).toBe(want.count);
  expect(got.captions).toEqual(want.captions);
  expect(got.tokens).toEqual(want.tokens);
  expect(got.labels).toEqual(want.labels);
  expect(got.groups).toEqual(want.groups);
  expect(maxPixelDiff(got.images, want.images)).toBeLessThanOrEqual(PNG_ROUNDING);
}
