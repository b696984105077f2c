import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { adam, adamw, createOptimizer, sgd, type Optimizer } from "../../src/runtime/train/optimizers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

let counter = 0;
function variable(values: number[], shape: number[]): tf.Variable {
  const init = tf.tensor(values, shape);
  const v = tf.variable(init, true, `opt_test_${counter++}`);
  init.dispose();
  return v;
}

function values(v: tf.Tensor): number[] {
  return Array.from(v.dataSync());
}

function expectClose(actual: number[], expected: number[], digits = 6): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, k) => expect(a).toBeCloseTo(expected[k], digits));
}

const g1 = [0.5, -1];
const g2 = [0.1, 0.2];

/** Two steps with gradients g1 then g2 on a [1, 2] weight and a [2] bias. */
function twoSteps(make: (vars: tf.Variable[]) => Optimizer): { w: number[]; b: number[] } {
  const w = variable([1, -2], [1, 2]);
  const b = variable([1, -2], [2]);
  const opt = make([w, b]);
  for (const g of [g1, g2]) {
    const gw = tf.tensor(g, [1, 2]);
    const gb = tf.tensor(g, [2]);
    opt.step(new Map([[w, gw], [b, gb]]), 0.1);
    tf.dispose([gw, gb]);
  }
  const out = { w: values(w), b: values(b) };
  opt.dispose();
  tf.dispose([w, b]);
  return out;
}

describe("adam", () => {
  it("takes the hand-computed steps", () => {
    // Step 1: m^ = g, v^ = g^2, so the update is lr * sign(g): [1, -2] -> [0.9, -1.9].
    // After step 1: m = 0.1 g1 = [0.05, -0.1], v = 0.001 g1^2 = [0.00025, 0.001].
    // Step 2: m = 0.9 m + 0.1 g2, v = 0.999 v + 0.001 g2^2, bias corrections 0.19 and 0.001999.
    const m = [0.9 * 0.05 + 0.1 * 0.1, 0.9 * -0.1 + 0.1 * 0.2]; // [0.055, -0.07]
    const v = [0.999 * 0.00025 + 0.001 * 0.01, 0.999 * 0.001 + 0.001 * 0.04]; // [0.00025975, 0.001039]
    const step2 = m.map((mk, k) => (0.1 * (mk / 0.19)) / (Math.sqrt(v[k] / 0.001999) + 1e-8));
    const expected = [0.9 - step2[0], -1.9 - step2[1]];
    const { w, b } = twoSteps((vars) => adam(vars));
    expectClose(w, expected);
    expectClose(b, expected);
  });
});

describe("adamw", () => {
  it("decays matrices but not 1-D parameters", () => {
    const plain = twoSteps((vars) => adam(vars)).w;
    // Undo Adam's two updates to isolate the decay: p2 = (p0 * c - u1) * c - u2, c = 1 - lr * wd.
    const c = 1 - 0.1 * 0.1;
    const u1 = [0.1, -0.1];
    const u2 = [0.9 - plain[0], -1.9 - plain[1]];
    const expected = [1, -2].map((p0, k) => (p0 * c - u1[k]) * c - u2[k]);
    const { w, b } = twoSteps((vars) => adamw(vars, { weightDecay: 0.1 }));
    expectClose(w, expected);
    expectClose(b, plain);
  });

  it("takes a custom decay predicate", () => {
    const { b } = twoSteps((vars) => adamw(vars, { weightDecay: 0.1, decay: () => true }));
    const { w } = twoSteps((vars) => adamw(vars, { weightDecay: 0.1 }));
    expectClose(b, w);
  });
});

describe("sgd", () => {
  it("takes plain steps", () => {
    const { w } = twoSteps((vars) => sgd(vars));
    expectClose(w, [1 - 0.1 * 0.5 - 0.1 * 0.1, -2 + 0.1 - 0.1 * 0.2]);
  });

  it("takes momentum steps", () => {
    // buf1 = g1, buf2 = 0.9 g1 + g2.
    const { w } = twoSteps((vars) => sgd(vars, { momentum: 0.9 }));
    expectClose(w, [1 - 0.05 - 0.1 * (0.45 + 0.1), -2 + 0.1 - 0.1 * (-0.9 + 0.2)]);
  });

  it("takes nesterov steps", () => {
    // d1 = g1 + 0.9 g1, d2 = g2 + 0.9 (0.9 g1 + g2).
    const d1 = g1.map((g) => 1.9 * g);
    const d2 = g2.map((g, k) => g + 0.9 * (0.9 * g1[k] + g));
    const { w } = twoSteps((vars) => sgd(vars, { momentum: 0.9, nesterov: true }));
    expectClose(w, [1 - 0.1 * d1[0] - 0.1 * d2[0], -2 - 0.1 * d1[1] - 0.1 * d2[1]]);
  });

  it("adds coupled weight decay to the gradient", () => {
    const { w, b } = twoSteps((vars) => sgd(vars, { weightDecay: 0.5 }));
    const p1 = [1 - 0.1 * (0.5 + 0.5), -2 - 0.1 * (-1 - 1)];
    expectClose(w, [p1[0] - 0.1 * (0.1 + 0.5 * p1[0]), p1[1] - 0.1 * (0.2 + 0.5 * p1[1])]);
    expectClose(b, [1 - 0.05 - 0.01, -2 + 0.1 - 0.02]);
  });
});

describe("optimizer state", () => {
  const kinds = [
    { kind: "adam" as const },
    { kind: "adamw" as const, weightDecay: 0.05 },
    { kind: "sgd" as const, momentum: 0.9, nesterov: true },
  ];

  it("restores exactly from state()", async () => {
    for (const spec of kinds) {
      const a = variable([0.3, -0.7, 1.1, 0.2], [2, 2]);
      const grads = [0, 1, 2].map((s) => tf.tensor([s + 0.1, -0.2, 0.3 * s, 1], [2, 2]));
      const optA = createOptimizer(spec, [a]);
      optA.step({ [a.name]: grads[0] }, 0.01);
      optA.step({ [a.name]: grads[1] }, 0.01);
      const saved = await optA.state();
      expect(saved.step).toBe(2);
      expect(Object.keys(saved.slots).every((k) => k.startsWith(`${a.name}/`))).toBe(true);
      // A fresh optimizer on a copy of the weights, resumed from the saved state.
      const b = variable(values(a), [2, 2]);
      const optB = createOptimizer(spec, [b]);
      optB.load({ ...saved, slots: Object.fromEntries(Object.entries(saved.slots).map(([k, s]) => [k.replace(a.name, b.name), s])) });
      expect(optB.stepCount).toBe(2);
      optA.step({ [a.name]: grads[2] }, 0.01);
      optB.step({ [b.name]: grads[2] }, 0.01);
      expect(values(b)).toEqual(values(a));
      optA.dispose();
      optB.dispose();
      tf.dispose([a, b, ...grads]);
    }
  });

  it("refuses a state of another kind or shape", () => {
    const a = variable([1, 2], [2]);
    const opt = adam([a]);
    expect(() => opt.load({ kind: "sgd", step: 1, slots: {} })).toThrow(/sgd/);
    const bad = { shape: [3], values: new Float32Array(3) };
    expect(() => opt.load({ kind: "adam", step: 1, slots: { [`${a.name}/m`]: bad, [`${a.name}/v`]: bad } })).toThrow(
      /\[3\]/,
    );
    opt.dispose();
    a.dispose();
  });

  it("rejects gradients of variables it does not hold", () => {
    const a = variable([1, 2], [2]);
    const opt = sgd([a]);
    const g = tf.tensor([1, 1]);
    expect(() => opt.step({ not_a_variable: g }, 0.1)).toThrow(/not_a_variable/);
    opt.dispose();
    tf.dispose([a, g]);
  });

  it("leaks no tensors over many steps, and frees its slots on dispose", () => {
    for (const spec of kinds) {
      const w = variable([1, 2, 3, 4], [2, 2]);
      const b = variable([1, 2], [2]);
      const before = tf.memory().numTensors;
      const opt = createOptimizer(spec, [w, b]);
      const afterCreate = tf.memory().numTensors;
      for (let s = 0; s < 50; s++) {
        const { value, grads } = tf.variableGrads(() => tf.add(tf.sum(tf.square(w)), tf.sum(tf.square(b))) as tf.Scalar, [w, b]);
        opt.step(grads, 0.01);
        tf.dispose([value, ...Object.values(grads)]);
        expect(tf.memory().numTensors).toBe(afterCreate);
      }
      opt.dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([w, b]);
    }
  });
});
