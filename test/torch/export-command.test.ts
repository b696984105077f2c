// `mmc export --format torch`: a bad spec gets the checker's diagnostics, exit 1 and no
// folder; a good one gets the package and the initial weights, indexed tensor by tensor.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runExport } from "../../src/cli/export-command.js";
import type { WeightIndex } from "../../src/lower-torch/weights.js";
import { CompiledModel } from "../../src/lower/model.js";
import { checkedIr } from "../run/helpers.js";
import { hasStackTrace, runCli } from "../cli/cli.js";

const dir = mkdtempSync(path.join(tmpdir(), "mmc-export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function exportSpec(spec: string, out: string): { code: number; stderr: string } {
  let stderr = "";
  const err = vi.spyOn(process.stderr, "write").mockImplementation((s) => ((stderr += String(s)), true));
  const std = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    return { code: runExport(spec, { format: "torch", out, data: false, color: false }), stderr };
  } finally {
    err.mockRestore();
    std.mockRestore();
  }
}

describe("mmc export --format torch", () => {
  it("reports a bad spec's diagnostics, exits 1 and writes nothing", () => {
    const bad = path.join(dir, "bad.mm");
    writeFileSync(bad, readFileSync("test/fixtures/tiny.mm", "utf8").replace("dense(32)\n}\n\nencoder text_enc", "dense(31)\n}\n\nencoder text_enc"));
    const out = path.join(dir, "bad-out");
    const r = exportSpec(bad, out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error\[MM\d+\]/);
    expect(r.stderr).toMatch(/nothing exported/);
    expect(existsSync(out)).toBe(false);
  });

  it("writes the package and every parameter of the spec in torch layouts", () => {
    const out = path.join(dir, "tiny");
    expect(exportSpec("test/fixtures/tiny.mm", out).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["__init__.py", "distributed.py", "gradients.py", "launch.py", "losses.py", "model.py", "ops.py", "replay.py", "shards.py", "tensors.py", "train.py", "weights.bin", "weights.json"]);
    const index = JSON.parse(readFileSync(path.join(out, "weights.json"), "utf8")) as WeightIndex;
    const conv = index.tensors.find((t) => t.key === "image_enc/2/conv2d/kernel")!;
    expect(conv.shape).toEqual([16, 3, 3, 3]); // OIHW from HWIO [3, 3, 3, 16]
    // nn.Linear's [out, in]: entry [o][i] is tfjs's kernel [i][o].
    const dense = index.tensors.find((t) => t.name === "text_enc.n8.kernel")!;
    const bin = readFileSync(path.join(out, "weights.bin"));
    const weights = new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4);
    const model = new CompiledModel(checkedIr("test/fixtures/tiny.mm"), 1);
    const tfKernel = model.variableFor("text_enc/8/dense/kernel")!.dataSync();
    expect(dense.shape).toEqual([32, 32]);
    expect(weights[dense.offset + 3 * 32 + 5]).toBe(tfKernel[5 * 32 + 3]);
    expect(weights[dense.offset + 5 * 32 + 3]).toBe(tfKernel[3 * 32 + 5]);
    model.dispose();
    const floats = index.tensors.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
    expect(readFileSync(path.join(out, "weights.bin")).byteLength).toBe(floats * 4);
    expect(index.tensors.map((t) => t.name)).toContain("loss.t0_logit_scale");
    expect(readFileSync(path.join(out, "train.py"), "utf8")).toMatch(/torch\.optim\.Adam\(params, lr=LR/);
  });

  it("runs from the command line, where no backend was started before (the built CLI)", async () => {
    const out = path.join(dir, "cli-simple");
    const r = await runCli(["export", "specs/simple.mm", "--format", "torch", "--out", out]);
    expect(hasStackTrace(r)).toBe(false);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote 13 files to /);
    const index = JSON.parse(readFileSync(path.join(out, "weights.json"), "utf8")) as WeightIndex;
    expect(index.tensors.find((t) => t.key === "image_enc/2/conv2d/kernel")?.shape).toEqual([32, 3, 3, 3]);
  }, 60_000);
});
