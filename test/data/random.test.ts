import { describe, expect, it } from "vitest";
import { Rng, rngFor } from "../../src/common/random.js";

const draw = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.next());

describe("Rng", () => {
  it("repeats the same stream for the same seed", () => {
    expect(draw(new Rng(7), 100)).toEqual(draw(new Rng(7), 100));
  });

  it("gives different streams for different seeds and stream names", () => {
    expect(draw(new Rng(7), 10)).not.toEqual(draw(new Rng(8), 10));
    expect(draw(rngFor(7, "train"), 10)).not.toEqual(draw(rngFor(7, "test"), 10));
    expect(draw(rngFor(7, "train"), 10)).toEqual(draw(rngFor(7, "train"), 10));
  });

  it("stays in range and looks uniform", () => {
    const rng = new Rng(1);
    const values = draw(rng, 20000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[rng.int(6)]++;
    for (const count of counts) expect(count).toBeGreaterThan(850);
    for (let i = 0; i < 1000; i++) {
      const u = rng.uniform(-2, 3);
      expect(u).toBeGreaterThanOrEqual(-2);
      expect(u).toBeLessThan(3);
    }
  });

  it("handles large, negative and fractional seeds deterministically", () => {
    expect(draw(new Rng(2 ** 40 + 5), 3)).toEqual(draw(new Rng(2 ** 40 + 5), 3));
    expect(draw(new Rng(2 ** 40 + 5), 3)).not.toEqual(draw(new Rng(5), 3));
    expect(draw(new Rng(-3), 3)).not.toEqual(draw(new Rng(3), 3));
  });

  it("shuffles into a permutation, reproducibly", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const a = new Rng(3).shuffle([...items]);
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(a).not.toEqual(items);
    expect(new Rng(3).shuffle([...items])).toEqual(a);
  });

  it("fills arrays with [0, 1) values", () => {
    const out = new Rng(9).fill(new Float32Array(1000));
    expect(out.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(() => new Rng(1).pick([])).toThrow();
  });
});
