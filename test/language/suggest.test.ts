// The one did-you-mean: a swap of two adjacent letters is one edit.
import { describe, expect, it } from "vitest";
import { closest, didYouMean, editDistance } from "../../src/diagnostics/suggest.js";

describe("did you mean", () => {
  it("counts an adjacent swap as one edit", () => {
    expect(editDistance("cnov2d", "conv2d")).toBe(1);
    expect(editDistance("rleu", "relu")).toBe(1);
    expect(editDistance("desne", "dense")).toBe(1);
    expect(editDistance("abc", "abc")).toBe(0);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests the swapped word among candidates", () => {
    const layers = ["conv2d", "dense", "dropout", "layer_norm", "relu", "gelu"];
    expect(closest("cnov2d", layers)).toBe("conv2d");
    expect(closest("desne", layers)).toBe("dense");
    expect(closest("rleu", layers)).toBe("relu");
    expect(didYouMean("lyaer_norm", layers)).toBe("did you mean `layer_norm`?");
  });

  it("stays quiet for short or far words", () => {
    expect(closest("xy", ["yx"])).toBeUndefined();
    expect(closest("banana", ["conv2d", "dense"])).toBeUndefined();
  });
});
