// `mmc run` on bad image-file data (a missing image, a corrupt PNG, a truncated JPEG, a CSV
// without the caption column, an empty caption, a broken JSONL line): one clear error that
// names the manifest and the line (`path:line`), exit code 1, and no run folder at all:
// neither the final one nor its hidden `.partial` copy.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import { checkFile } from "../../src/cli/check-command.js";
import { DataError } from "../../src/runtime/data/types.js";
import { decodeImage } from "../../src/runtime/data/imageDecode.js";
import { runSpec } from "../../src/runtime/run/run.js";
import { hasStackTrace, runAll, type CliResult } from "../cli/cli.js";
import { TINY, wasm } from "./helpers.js";

const CAPTIONS = ["red circle", "blue square", "green triangle", "red square", "blue circle", "green circle", "red triangle", "blue triangle"];

function png(shade: number): Buffer {
  const image = new PNG({ width: 12, height: 12 });
  for (let p = 0; p < 144; p++) image.data.set([shade, 255 - shade, (shade * 3) % 256, 255], p * 4);
  return PNG.sync.write(image);
}

/** A data folder with 8 good PNGs, their manifests, and one spec per manifest. */
function makeDataFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mmc-bad-data-"));
  mkdirSync(path.join(dir, "img"));
  CAPTIONS.forEach((_, i) => writeFileSync(path.join(dir, "img", `${i}.png`), png(i * 30)));
  const good = png(200);
  // Right signature and header, then garbage: pngjs must notice.
  writeFileSync(path.join(dir, "img", "corrupt.png"), Buffer.concat([good.subarray(0, 33), Buffer.alloc(40, 7)]));
  const fullJpeg = jpeg.encode({ width: 16, height: 16, data: Buffer.alloc(16 * 16 * 4, 128) }, 90).data;
  writeFileSync(path.join(dir, "img", "truncated.jpg"), fullJpeg.subarray(0, Math.floor(fullJpeg.length / 2)));
  const rows = CAPTIONS.map((caption, i) => `img/${i}.png,${caption}`);
  const csv = (lines: string[]) => ["filepath,title", ...lines].join("\n") + "\n";
  /** The manifest with the data line `line` (1-based, counting the header) replaced. */
  const withRow = (line: number, row: string) => csv(rows.map((r, i) => (i + 2 === line ? row : r)));
  const manifests: Record<string, string> = {
    "good.csv": csv(rows),
    "test.csv": csv(rows.slice(0, 4)),
    "missing-image.csv": withRow(4, "img/nope.png,red square"),
    "corrupt-png.csv": withRow(3, "img/corrupt.png,blue square"),
    "truncated-jpeg.csv": withRow(5, "img/truncated.jpg,red square"),
    "missing-column.csv": csv(rows).replace("filepath,title", "filepath,caption"),
    "empty-caption.csv": withRow(4, "img/2.png,"),
    "broken.jsonl": CAPTIONS.map((caption, i) => (i === 2 ? `{"filepath": "img/${i}.png", "title": "${caption}` : JSON.stringify({ filepath: `img/${i}.png`, title: caption }))).join("\n") + "\n",
    "test-missing-image.csv": csv(["img/0.png,red circle", "img/gone.png,blue square"]),
  };
  for (const [name, text] of Object.entries(manifests)) writeFileSync(path.join(dir, name), text);
  const tiny = readFileSync(TINY, "utf8");
  const spec = (train: string, test = "test.csv") =>
    tiny
      .replace(/data shapes\([^)]*\)/, `data files(train: "${train}", test: "${test}")`)
      .replace("vocab 32", "vocab 8")
      .replace(/train \{[^}]*\}/, "train { optimizer: adam(lr: 3e-3), batch: 4, steps: 2, seed: 1 }");
  for (const name of Object.keys(manifests)) if (name !== "test.csv" && !name.startsWith("test-")) writeFileSync(path.join(dir, `${name.replace(/\.\w+$/, "")}.mm`), spec(name));
  writeFileSync(path.join(dir, "test-missing-image.mm"), spec("good.csv", "test-missing-image.csv"));
  return dir;
}

/** case -> the data error's own code, the `path:line` and the words the error must show. */
const CASES: Record<string, { code: string; where: string; says: RegExp }> = {
  "missing-image": { code: "MM5015", where: "missing-image.csv:4", says: /image "img\/nope\.png" on line 4 does not exist/ },
  "corrupt-png": { code: "MM5017", where: "corrupt-png.csv:3", says: /img\/corrupt\.png\) cannot be decoded: broken or truncated PNG/ },
  "truncated-jpeg": { code: "MM5017", where: "truncated-jpeg.csv:5", says: /img\/truncated\.jpg\) cannot be decoded: broken or truncated JPEG/ },
  "missing-column": { code: "MM5012", where: "missing-column.csv:1", says: /no caption column `title`; it has `filepath`, `caption`/ },
  "empty-caption": { code: "MM5014", where: "empty-caption.csv:4", says: /line 4 has an empty caption in `title`/ },
  broken: { code: "MM5011", where: "broken.jsonl:3", says: /line 3 is not valid JSON/ },
  "test-missing-image": { code: "MM5015", where: "test-missing-image.csv:3", says: /image "img\/gone\.png" on line 3 does not exist/ },
};

let dir: string;
let r: Record<string, CliResult>;

beforeAll(async () => {
  await wasm();
  dir = makeDataFolder();
  const calls: Record<string, { args: string[]; cwd: string }> = {
    good: { args: ["run", "good.mm", "--out", "good-runs/good", "--backend", "wasm", "--threads", "1"], cwd: dir },
  };
  for (const name of Object.keys(CASES)) calls[name] = { args: ["run", `${name}.mm`, "--out", `runs/${name}`, "--backend", "wasm", "--threads", "1"], cwd: dir };
  r = await runAll(calls);
});

describe("mmc run on bad image-file data", () => {
  it("trains on the same set-up when nothing is wrong (so each failure below is the bad item's)", () => {
    expect(r["good"]!.code, r["good"]!.stderr).toBe(0);
    expect(readdirSync(path.join(dir, "good-runs"))).toEqual(["good"]);
  });

  for (const [name, { code, where, says }] of Object.entries(CASES)) {
    it(`${name}: ${code} names ${where}, exits 1, no stack trace`, () => {
      const res = r[name]!;
      expect(res.code, res.stderr).toBe(1);
      expect(res.stderr).toContain(`error[${code}]`);
      expect(res.stderr).toContain(where);
      expect(res.stderr).toMatch(says);
      expect(res.stdout).toBe("");
      expect(hasStackTrace(res)).toBe(false);
    });
  }

  it("leaves no run folder, final or partial", () => {
    expect(existsSync(path.join(dir, "runs")) ? readdirSync(path.join(dir, "runs")) : []).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.includes("partial") || f === "runs")).toEqual([]);
  });
});

describe("runSpec on an image that breaks only when decoded", () => {
  it("throws a DataError with the manifest and line, and creates nothing under --out's parent", async () => {
    const spec = path.join(dir, "corrupt-png.mm");
    const checked = checkFile(spec, true);
    expect(checked.ir, "a corrupt image is found when decoding, not by the checker").toBeDefined();
    const parent = path.join(dir, "api-runs");
    const run = runSpec({ checked: { ...checked, ir: checked.ir! }, specPath: spec, specText: checked.source.text, out: path.join(parent, "run"), backend: "wasm", threads: 1 });
    const error = await run.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).file).toBe(path.join(dir, "corrupt-png.csv"));
    expect((error as DataError).line).toBe(3);
    expect(existsSync(parent)).toBe(false);
  });
});

describe("decodeImage on hostile headers", () => {
  it("refuses a PNG whose header claims 50000 x 50000 pixels before allocating them", () => {
    const bytes = Buffer.from(png(10));
    bytes.writeUInt32BE(50_000, 16);
    bytes.writeUInt32BE(50_000, 20);
    expect(() => decodeImage(bytes)).toThrow("the PNG says it is 50000 x 50000 pixels; images may have at most 100 megapixels");
  });

  it("still decodes an ordinary PNG", () => {
    const image = decodeImage(png(10));
    expect([image.width, image.height, image.rgba.length]).toEqual([12, 12, 12 * 12 * 4]);
  });
});
