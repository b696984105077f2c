// The playground's `?kernels=stock` switch (bench/playground.ts measures with and without our
// wasm kernels): the query picks the choice, and the choice changes what the worker's
// backend setup registers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { describeTrainingKernels, registerTrainingKernels } from "../../src/kernels/index.js";
import { installedOverrides, uninstallKernel } from "../../src/kernels/registry.js";
import { kernelChoiceFromQuery } from "../../playground/src/kernel-choice.js";

const uninstallAll = () => {
  for (const k of installedOverrides("wasm")) uninstallKernel(k, "wasm");
};

beforeAll(async () => {
  if (!(await tf.setBackend("wasm"))) throw new Error("wasm backend failed to start");
  await tf.ready();
  uninstallAll();
});
afterAll(() => {
  uninstallAll();
  registerTrainingKernels("wasm");
});

describe("the playground's kernel switch", () => {
  it("reads ?kernels=stock from the query, and nothing else", () => {
    expect(kernelChoiceFromQuery("?kernels=stock")).toBe("stock");
    expect(kernelChoiceFromQuery("?simple-A&kernels=stock")).toBe("stock");
    expect(kernelChoiceFromQuery("")).toBe("ours");
    expect(kernelChoiceFromQuery("?kernels=ours")).toBe("ours");
    expect(kernelChoiceFromQuery("?kernels=STOCK")).toBe("ours");
  });

  it("stock registers only what tfjs-wasm lacks to train; ours replaces its kernels", () => {
    registerTrainingKernels("wasm", "stock");
    const stock = installedOverrides("wasm");
    expect(stock).toEqual(["Conv2DBackpropFilter", "UnsortedSegmentSum"]);
    // tfjs-wasm's own kernels stay in place
    expect(tf.getKernel("BatchMatMul", "wasm")).toBeDefined();
    expect(stock).not.toContain("BatchMatMul");
    expect(describeTrainingKernels("wasm", "stock")).toMatch(/^stock tfjs-wasm kernels/);

    uninstallAll();
    registerTrainingKernels("wasm", "ours");
    const ours = installedOverrides("wasm");
    expect(ours).toEqual(expect.arrayContaining(["BatchMatMul", "Transpose", "UnsortedSegmentSum"]));
    expect(ours.length).toBeGreaterThan(stock.length + 5);
    expect(describeTrainingKernels("wasm", "ours")).toMatch(/^our (wasm|composed) kernels/);
  });
});
