// Backend choice: `auto` names why it passed over each faster backend, missing optional
// backends fail with what is missing and how to get it, and WebGPU without a Vulkan driver
// says so in one message (run in a child process whose environment hides the drivers).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { BackendUnavailable, startBackend } from "../../src/runtime/run/backend.js";
import { vulkanGap } from "../../src/backends/vulkan.js";

const FASTEST_FIRST = ["node-gpu", "node", "webgpu", "wasm", "cpu"];
const NAME_OF: Record<string, string> = { "node-gpu": "tensorflow", node: "tensorflow", webgpu: "webgpu", wasm: "wasm", cpu: "cpu" };

describe("startBackend", () => {
  it("auto: one reason for each faster backend it passed over", async () => {
    const choice = await startBackend("auto");
    const passed = choice.why.map((w) => w.split(":")[0]!);
    const taken = FASTEST_FIRST[passed.length]!;
    expect(passed).toEqual(FASTEST_FIRST.slice(0, passed.length));
    expect(choice.name).toBe(NAME_OF[taken]);
    for (const w of choice.why) expect(w).toMatch(/^[\w-]+: \S.{2,150}$/);
  });

  it.for(["node", "node-gpu"] as const)("%s, when not installed, says what is missing and how to get it", async (name, ctx) => {
    const pkg = name === "node" ? "@tensorflow/tfjs-node" : "@tensorflow/tfjs-node-gpu";
    const installed = await import(pkg).then(() => true, () => false);
    if (installed) ctx.skip(); // then it starts, which the auto test covers
    const error = await startBackend(name).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailable);
    expect((error as BackendUnavailable).message).toContain(`${pkg} is not installed`);
    expect((error as BackendUnavailable).help).toContain(`npm install ${pkg}@`);
  });

  it("webgpu with no Vulkan driver: one message naming it, with a suggestion", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "test/backends/parity-child.ts", "webgpu"], {
      env: { ...process.env, VK_ICD_FILENAMES: "/nonexistent/icd.json", VK_DRIVER_FILES: "", LD_LIBRARY_PATH: "" },
      timeout: 60_000,
    });
    const line = JSON.parse(stdout.trim()) as { ok: boolean; reason: string };
    expect(line.ok).toBe(false);
    expect(line.reason).toMatch(/no Vulkan (loader|driver)/);
    expect(line.reason).toMatch(/install|--backend wasm/);
  });
});

describe("mmc run --backend webgpu without a Vulkan driver", () => {
  it("prints one error and a help line, no stack, exit 1, and leaves no run folder", async () => {
    const out = `test-artifacts/backend-missing-${process.pid}`;
    const r = await promisify(execFile)(process.execPath, ["bin/mmc.js", "run", "test/fixtures/tiny.mm", "--backend", "webgpu", "--out", out], {
      env: { ...process.env, VK_ICD_FILENAMES: "/nonexistent/icd.json", VK_DRIVER_FILES: "", LD_LIBRARY_PATH: "" },
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^mmc: error: WebGPU has no GPU to run on: no Vulkan (loader|driver)/m);
    expect(r.stderr).toMatch(/^  help: .*install/m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(out)).toBe(false);
  });
});

describe("vulkanGap", () => {
  it.runIf(process.platform === "linux")("names the missing loader, then the missing driver", () => {
    expect(vulkanGap({ loader: undefined, drivers: [] })?.missing).toContain("libvulkan.so.1");
    expect(vulkanGap({ loader: "/usr/lib/libvulkan.so.1", drivers: [] })?.missing).toContain("no Vulkan driver");
    expect(vulkanGap({ loader: "/usr/lib/libvulkan.so.1", drivers: ["/usr/share/vulkan/icd.d/nvidia_icd.json"] })).toBeUndefined();
  });
});
