// Backend parity: the tiny spec with its seed gives the same loss, the same weight gradients
// and the same losses over two Adam steps on cpu, wasm and (where an adapter exists, here
// Debian chromium's SwiftShader) webgpu. cpu is the reference.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { startBackend } from "../../src/runtime/run/backend.js";
import { NO_VULKAN, webgpuEnv } from "./webgpu-env.js";
import { parityCase, relativeError, type ParityResult } from "./parity-case.js";

/**
 * Measured here (float32 everywhere, relative L2 error per tensor): wasm vs cpu, gradients
 * <= 9.2e-7, losses 1.4e-7; webgpu (SwiftShader, every op on the GPU) vs cpu, gradients
 * <= 2.0e-6, losses 1.4e-7. The bounds leave room for
 * other drivers' summation orders while still catching a wrong kernel (those err by > 1e-2).
 */
const TOLERANCE = {
  wasm: { grads: 1e-4, losses: 1e-5 },
  webgpu: { grads: 1e-3, losses: 1e-4 },
} as const;

function expectParity(ours: ParityResult, ref: ParityResult, tol: { grads: number; losses: number }): void {
  expect(Object.keys(ours.grads).sort()).toEqual(Object.keys(ref.grads).sort());
  for (const [name, g] of Object.entries(ref.grads)) {
    expect(relativeError(ours.grads[name]!, g), `${ours.backend} gradient of ${name}`).toBeLessThan(tol.grads);
  }
  expect(relativeError(ours.losses, ref.losses), `${ours.backend} losses ${ours.losses} vs ${ref.losses}`).toBeLessThan(tol.losses);
  expect(ours.leaked).toBe(0);
}

/** Runs the case in a child process with `env` added; undefined plus a reason when unavailable. */
async function inChild(backend: string, env: NodeJS.ProcessEnv): Promise<{ result?: ParityResult; device?: string; reason?: string }> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "test/backends/parity-child.ts", backend], {
    env: { ...process.env, ...env },
    maxBuffer: 64 << 20,
    timeout: 110_000,
  });
  const line = JSON.parse(stdout.trim().split("\n").pop()!) as { ok: boolean; result?: ParityResult; device?: string; reason?: string };
  return line.ok ? { result: line.result!, ...(line.device ? { device: line.device } : {}) } : { reason: line.reason! };
}

describe("backend parity on the tiny spec", () => {
  let reference: ParityResult;

  it("cpu: finite loss and gradients, no leaks (the reference)", async () => {
    await startBackend("cpu");
    reference = await parityCase();
    expect(reference.losses.every(Number.isFinite)).toBe(true);
    expect(Object.values(reference.grads).some((g) => g.some((v) => v !== 0))).toBe(true);
    expect(reference.leaked).toBe(0);
  });

  it("wasm matches cpu", async () => {
    await startBackend("wasm");
    expectParity(await parityCase(), reference, TOLERANCE.wasm);
  });

  it("webgpu matches cpu where Dawn has an adapter", async (ctx) => {
    const env = webgpuEnv();
    if (!env) {
      console.log(`webgpu parity skipped: ${NO_VULKAN}`);
      ctx.skip();
      return;
    }
    const { result, device, reason } = await inChild("webgpu", env);
    if (!result) {
      console.log(`webgpu parity skipped: ${reason}`);
      ctx.skip();
      return;
    }
    expect(result.backend).toBe("webgpu");
    console.log(`webgpu parity ran on ${device}`);
    expectParity(result, reference, TOLERANCE.webgpu);
  });
});

