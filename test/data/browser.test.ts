import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describeData, loadData } from "../../src/runtime/data/browser.js";

const DATA_DIR = join(import.meta.dirname, "../../src/runtime/data");

/** Every module specifier imported (statically, type-only included) from a file, transitively. */
function importClosure(file: string, seen = new Set<string>()): Set<string> {
  for (const match of readFileSync(file, "utf8").matchAll(/(?:import|export)[^"']*from\s+["']([^"']+)["']/g)) {
    const specifier = match[1]!;
    if (!specifier.startsWith(".")) {
      seen.add(specifier);
      continue;
    }
    const target = join(dirname(file), specifier.replace(/\.js$/, ".ts"));
    if (seen.has(target)) continue;
    seen.add(target);
    importClosure(target, seen);
  }
  return seen;
}

describe("browser entry", () => {
  it("imports no Node modules and no Node-only packages", () => {
    const external = [...importClosure(join(DATA_DIR, "browser.ts"))].filter((s) => !s.startsWith("/"));
    expect(external).toEqual([]);
    // Control: the Node entry's closure does reach Node modules, so the scan works.
    const nodeEntry = importClosure(join(DATA_DIR, "index.ts"));
    expect(nodeEntry.has("node:fs")).toBe(true);
    expect(nodeEntry.has("pngjs")).toBe(true);
  });

  it("offers the generated kinds and explains the others", () => {
    expect(loadData({ kind: "shapes", args: { train: 8, test: 4 }, baseDir: ".", seqLen: 8 }).train.count).toBe(8);
    expect(describeData({ kind: "noise", args: {}, baseDir: ".", seqLen: 8 }).vocabSize).toBe(128);
    expect(() => describeData({ kind: "emoji", args: {}, baseDir: ".", seqLen: 8 })).toThrow(/not available in the browser/);
    try {
      describeData({ kind: "emoji", args: {}, baseDir: ".", seqLen: 8 });
    } catch (e) {
      expect(e).toMatchObject({ name: "DataError", code: "MM5005" });
    }
  });
});
