// The exported conv2d's bias gradient at a real spec's size (batch 64, 30x30, 64 channels, then
// mean(over: [H, W]), as in specs/groups.mm): float32 must stay within 1e-5 of float64. torch's
// CPU conv backward summed it with errors of 1.9e-4 of the largest entry, which failed the parity
// script (npm run parity:torch) on groups and emoji; ops.conv2d now adds the bias apart (2e-7).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OPS_PY } from "../../src/lower-torch/ops-py.js";
import { hasTorch, PYTHON } from "./harness.js";

const work = mkdtempSync(path.join(tmpdir(), "mmc-conv-bias-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CHECK = `
import json, torch
from ops import conv2d
torch.manual_seed(0)
x = torch.rand(64, 32, 32, 32, dtype=torch.float64)
k = torch.randn(64, 32, 3, 3, dtype=torch.float64) * 0.05
b = torch.zeros(64, dtype=torch.float64)
# The gradient mean(over: [H, W]) sends back: one value per image and channel, over every pixel.
r = torch.randn(64, 1, 1, 64, dtype=torch.float64).expand(64, 30, 30, 64) / 900
def bias_grad(dtype):
    kk, bb = k.to(dtype).requires_grad_(), b.to(dtype).requires_grad_()
    (conv2d(x.to(dtype), kk, bb, (1, 1), (1, 1), "valid") * r.to(dtype)).sum().backward()
    return bb.grad.double()
g32, g64 = bias_grad(torch.float32), bias_grad(torch.float64)
print(json.dumps({"rel": ((g32 - g64).abs().max() / g64.abs().max()).item()}))
`;

describe.skipIf(!hasTorch)("the exported conv2d's bias gradient", () => {
  it("is float32-accurate at batch 64 x 30 x 30", () => {
    writeFileSync(path.join(work, "ops.py"), OPS_PY);
    const out = execFileSync(PYTHON, ["-c", CHECK], { cwd: work, encoding: "utf8" });
    const { rel } = JSON.parse(out.trim().split("\n").pop()!) as { rel: number };
    expect(rel).toBeLessThan(1e-5);
  }, 60_000);
});
