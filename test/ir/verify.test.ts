// src/ir/verify.ts: every checked spec satisfies the IR's invariants, and each kind of
// violation (what a buggy layer rule, rewrite or hand-edited model.json would produce) is
// caught with a message that names the node.
import { describe, expect, it } from "vitest";
import type { IRProgram } from "../../src/ir/ir.js";
import { upgradeIR } from "../../src/ir/upgrade.js";
import { irProblems, IRInvariantError, verifyIR } from "../../src/ir/verify.js";
import { checkPath, specFiles, rel } from "../language/support.js";

const simple = (): IRProgram => structuredClone(checkPath("specs/simple.mm").ir!);
const find = (ir: IRProgram, op: string) => ir.nodes.find((n) => n.op === op)!;

describe("verifyIR", () => {
  it("accepts the IR of every example spec", () => {
    const files = specFiles();
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const ir = checkPath(rel(f)).ir;
      expect(ir, f).toBeDefined();
      expect(irProblems(ir!), f).toEqual([]);
    }
  });

  const cases: [string, (ir: IRProgram) => void, RegExp][] = [
    ["a node out of order", (ir) => (ir.nodes[2]!.id = 7), /has id 7 at position 2/],
    ["an edge to a later node", (ir) => (ir.nodes[2]!.inputs = [5]), /reads node 5, which does not come before it/],
    ["a dense whose width disagrees with its units", (ir) => (find(ir, "dense").shape.at(-1)!.size = 3), /has shape .*but its op makes/],
    ["a conv2d whose stride the shape ignores", (ir) => (find(ir, "conv2d").attrs = { ...find(ir, "conv2d").attrs, stride: [2, 2] } as never), /its op makes/],
    ["a reduce over the batch axis", (ir) => ((find(ir, "reduce").attrs as { axes: number[] }).axes = [0]), /reduces axes \[0\]/],
    ["a wrong parameter count", (ir) => (find(ir, "dense").paramCount += 1), /counts \d+ parameters, its parameters hold/],
    ["a program total that disagrees", (ir) => (ir.paramCount += 1), /the program counts/],
    ["an unknown op", (ir) => ((ir.nodes[1] as { op: string }).op = "conv3d"), /op `conv3d`, which no lowering knows/],
    ["a span past the end of the file", (ir) => (ir.nodes[1]!.span = { start: 0, end: 10_000_000 }), /past the end of/],
    ["a loss between two widths", (ir) => (ir.nodes[ir.loss[0]!.inputs[0]!]!.shape[1]!.size = 7), /compares shapes|its op makes/],
    ["steps and epochs both set", (ir) => Object.assign(ir.train, { steps: 10, epochs: 1 }), /exactly one of steps and epochs/],
    ["a negative learning-rate multiple", (ir) => (ir.towers[0]!.update = { kind: "scaled", lrScale: -1 }), /has update .*-1/],
    ["a tower pretrained from no folder", (ir) => (ir.towers[0]!.pretrained = { from: "" }), /pretrained from no folder/],
  ];
  for (const [what, mutate, message] of cases) {
    it(`rejects ${what}`, () => {
      const ir = simple();
      const sources = new Map([[ir.source, "x".repeat(5000)]]);
      expect(irProblems(ir, sources)).toEqual([]);
      mutate(ir);
      const problems = irProblems(ir, sources);
      expect(problems.join("\n")).toMatch(message);
      expect(() => verifyIR(ir, { where: "in a test", sources })).toThrow(IRInvariantError);
    });
  }

  it("names where the IR came from and every problem in one message", () => {
    const ir = simple();
    ir.paramCount += 1;
    ir.nodes[2]!.paramCount += 1;
    try {
      verifyIR(ir, { where: "in runs/x/model/model.json" });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toMatch(/^compiler bug: the IR in runs\/x\/model\/model.json breaks 2 invariants:/);
    }
  });

  it("upgrades a version-1 IR (flat optimizer and schedule) to one that verifies", () => {
    const ir = simple();
    const v1 = {
      ...ir,
      version: 1,
      train: {
        ...ir.train,
        optimizer: { kind: "adamw", lr: 0.002, beta1: 0.9, beta2: 0.98, eps: 1e-6, weightDecay: 0.1, momentum: 0, nesterov: false },
        schedule: { kind: "cosine", warmup: 10, minLr: 0, every: 0, factor: 1 },
      },
    };
    const up = upgradeIR(JSON.parse(JSON.stringify(v1)));
    expect(irProblems(up)).toEqual([]);
    expect(up.train.optimizer).toEqual({ kind: "adamw", lr: 0.002, beta1: 0.9, beta2: 0.98, eps: 1e-6, weightDecay: 0.1 });
    expect(up.train.schedule).toEqual({ kind: "cosine", warmup: 10, minLr: 0 });
  });
});
