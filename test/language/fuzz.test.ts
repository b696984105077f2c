// A few thousand mutated specs through the checker: no exception escapes, every span is
// inside its file. `npx tsx scripts/fuzz.ts 100000` runs the same fuzzer at scale.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkOne, fuzz } from "./fuzz.js";
import { allInputs, ROOT } from "./support.js";

const corpus = allInputs().map((f) => readFileSync(path.join(ROOT, f), "utf8"));

describe("checker fuzz", () => {
  it("the corpus itself checks without a fuzz failure", () => {
    for (const text of corpus) expect(checkOne(text)).toBeUndefined();
  });

  for (const seed of [1, 2]) {
    it(`2000 mutants, seed ${seed}: no exception, every span valid`, () => {
      const report = fuzz(corpus, 2000, seed);
      expect(report.checked).toBe(2000);
      expect(report.failures.map((f) => `#${f.index}: ${f.problem}\n${f.text}`)).toEqual([]);
    });
  }
});
