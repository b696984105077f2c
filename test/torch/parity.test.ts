// The PyTorch export against the tfjs lowering on small specs (test/torch/harness.ts SPECS): the
// same initial weights and the same batch must give the same loss (1e-5 relative) and the same
// gradient in every parameter (1e-4 of the largest entry of that gradient). The comparison is
// test/torch/parity-check.ts, which `npm run parity:torch` runs on every spec in specs/.
import * as tf from "@tensorflow/tfjs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../lower/gradcheck.js";
import { feedsFor, hasTorch, SAME_IDS, SPECS } from "./harness.js";
import { checkParity, noGradientReference, withoutRandomness, type Parity } from "./parity-check.js";

const work = mkdtempSync(path.join(tmpdir(), "mmc-torch-parity-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!hasTorch)("PyTorch export matches the tfjs lowering", () => {
  for (const [name, text] of Object.entries(SPECS)) {
    it(name, () => {
      const ir = compile(text, `test/torch/${name}.mm`);
      tf.engine().startScope();
      let r: Parity;
      try {
        r = checkParity(ir, { feeds: feedsFor(ir), sameIds: Int32Array.from(SAME_IDS) }, path.join(work, name));
      } finally {
        tf.engine().endScope();
      }
      console.log(`torch parity ${name}: loss rel ${r.lossRel.toExponential(2)}, worst grad ${r.worstGrad.toExponential(2)} (${r.worstName})`);
      expect(r.noReference).toEqual([]);
      expect(r.compared).toBeGreaterThan(0);
      expect(r.lossRel).toBeLessThan(1e-5);
      expect(r.worstGrad).toBeLessThan(1e-4);
    }, 60_000);
  }
});

describe("what the parity check cannot compare, and what it turns off", () => {
  const text = `model odd
data shapes(train: 8, test: 8)
input image: Image[B, 9, 9, 3]
input text: Tokens[B, 5] vocab 12
encoder image_enc(image) -> [B, 8] {
  augment(crop: 1, flip: true, jitter: 0.1)
  conv2d(4, kernel: 3, dilation: 2)
  avg_pool(2, padding: same)
  dropout(0.3)
  mean(over: [H, W])
  dense(8)
}
encoder text_enc(text) -> [B, 8] {
  embed(8)
  mean(over: L)
}
loss infonce(image_enc, text_enc)
train { optimizer: adam(lr: 1e-3), batch: 4, steps: 1 }
`;
  it("names dilated conv2d and avg_pool padding: same with their tower", () => {
    const ir = compile(text, "test/torch/odd.mm");
    expect(noGradientReference(ir)).toEqual([
      "dilated conv2d `conv2d(4, kernel: 3, dilation: 2)` in image_enc",
      "avg_pool padding: same `avg_pool(2, padding: same)` in image_enc",
    ]);
  });
  it("turns dropout and augment into identities on a copy", () => {
    const ir = compile(text, "test/torch/odd.mm");
    const { ir: off, off: what } = withoutRandomness(ir);
    expect(what).toEqual(["augment", "dropout"]);
    expect(off.nodes.find((n) => n.op === "augment")!.attrs).toEqual({ crop: 0, flip: false, jitter: 0 });
    expect(off.nodes.find((n) => n.op === "dropout")!.attrs).toEqual({ rate: 0 });
    expect(ir.nodes.find((n) => n.op === "dropout")!.attrs).toEqual({ rate: 0.3 });
    expect(withoutRandomness(compile(SPECS.conv_text!)).off).toEqual([]);
  });
});
