// The exported objective runs only the towers the loss reads, as mmc's training step does: a
// head the loss ignores (simple.mm's fusion head) costs nothing and takes no gradient, one the
// loss reads (multitask.mm's cross-entropy head) runs; the loss is the full forward's either way.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkFile } from "../../src/cli/check-command.js";
import { writeTorchPackage } from "../../src/lower-torch/package.js";
import { startBackend } from "../../src/runtime/run/backend.js";
import { hasTorch, PYTHON } from "./harness.js";

const work = mkdtempSync(path.join(tmpdir(), "mmc-objective-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Random feeds of the spec's inputs; prints whether objective() equals loss(forward()), which
// towers it ran and which towers' parameters got a gradient from it.
const PROBE = `
import json, torch
from pkg import initial_model, shards
torch.manual_seed(0)
model = initial_model()
model.train()
feeds = {}
for name, kind, shape in shards.INPUTS:
    if kind == "image":
        feeds[name] = torch.rand(4, *shape)
    elif kind == "tokens":
        feeds[name] = torch.randint(1, 20, (4, *shape))
    else:
        feeds[name] = torch.randint(0, 3, (4,))
same_ids = torch.arange(4)
ran = set()
hooks = [m.register_forward_hook(lambda m, i, o, n=n: ran.add(n)) for n, m in model.named_children() if n != "loss"]
loss = model.objective(feeds, same_ids)
for h in hooks:
    h.remove()
full = model.loss(model(feeds), same_ids)
loss.backward()
grads = sorted({n.split(".")[0] for n, p in model.named_parameters() if p.grad is not None})
print(json.dumps({"equal": loss.item() == full.item(), "ran": sorted(ran), "grads": grads}))
`;

interface Probe {
  equal: boolean;
  ran: string[];
  grads: string[];
  source: string;
}

function probe(spec: string): Probe {
  const ir = checkFile(spec, false).ir!;
  const dir = path.join(work, path.basename(spec, ".mm"));
  writeTorchPackage(ir, path.join(dir, "pkg"));
  const out = execFileSync(PYTHON, ["-c", PROBE], { cwd: dir, encoding: "utf8" });
  return { ...(JSON.parse(out) as Omit<Probe, "source">), source: readFileSync(path.join(dir, "pkg", "model.py"), "utf8") };
}

describe.runIf(hasTorch)("the exported objective", () => {
  it("leaves out a head the loss does not read", async () => {
    await startBackend("cpu");
    const r = probe("specs/simple.mm");
    expect(r.equal).toBe(true);
    expect(r.ran).toEqual(["image_enc", "text_enc"]);
    expect(r.grads).toEqual(["image_enc", "loss", "text_enc"]);
    expect(r.source).toMatch(/`joint` is left out/);
  }, 60_000);

  it("runs a head the loss reads", async () => {
    await startBackend("cpu");
    const r = probe("specs/multitask.mm");
    expect(r.equal).toBe(true);
    expect(r.ran).toEqual(["image_enc", "joint", "text_enc"]);
    expect(r.grads).toEqual(["image_enc", "joint", "loss", "text_enc"]);
    expect(r.source).not.toMatch(/left out/);
  }, 60_000);
});
