// The whole path a user takes: `mmc data export specs/simple.mm`, then the same spec with its
// data line replaced by the `data shards(...)` line the export printed. Checking that spec
// and loading its data gives the very items of simple.mm's own data set.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runDataExport } from "../../src/cli/data-command.js";
import { checkFile } from "../../src/cli/check-command.js";
import { loadData } from "../../src/runtime/data/index.js";
import { dataRequestOf } from "../../src/runtime/run/data-request.js";
import { expectSameItems } from "./same-items.js";

const work = mkdtempSync(path.join(os.tmpdir(), "mmc-shards-spec-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function exportPrinting(spec: string, out: string, shardSize: string): string {
  const written: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((s: string) => written.push(s) > 0) as typeof process.stdout.write;
  try {
    expect(runDataExport(spec, { out, shardSize, color: false })).toBe(0);
  } finally {
    process.stdout.write = write;
  }
  return written.join("");
}

describe("mmc data export, then data shards(...)", () => {
  it("reads specs/simple.mm's data back item for item: pixels, captions, tokens, labels, groups", { timeout: 120_000 }, () => {
    const original = checkFile("specs/simple.mm", true);
    expect(original.ir).toBeDefined();
    const out = path.join(work, "simple-shards");
    // 2 MB shards: the 8000 training items span several.
    const printed = exportPrinting("specs/simple.mm", out, "2");
    const line = /data shards\(.*\)/.exec(printed)?.[0];
    expect(line).toMatch(/^data shards\(train: ".*train-\{0000\.\.\d{4}\}\.tar", test: ".*test-\{0000\.\.\d{4}\}\.tar"\)$/);
    expect(line).not.toContain("{0000..0000}.tar\", test");
    const spec = path.join(work, "simple-from-shards.mm");
    // The printed paths are as given to --out (absolute here), so the spec may live anywhere.
    writeFileSync(spec, readFileSync("specs/simple.mm", "utf8").replace(/^data shapes\(.*\)$/m, line!));
    const fromShards = checkFile(spec, true);
    expect(fromShards.diagnostics).toEqual([]);
    const want = loadData(dataRequestOf(original.ir!, "specs"));
    const got = loadData(dataRequestOf(fromShards.ir!, work));
    expect(got.info).toEqual({ ...want.info, kind: "shards" });
    expect(got.vocab.words).toEqual(want.vocab.words);
    expectSameItems(got.train, want.train);
    expectSameItems(got.test, want.test);
  });
});
