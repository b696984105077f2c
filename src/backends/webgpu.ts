// WebGPU in Node through Dawn (the npm package `webgpu`): find an adapter, say plainly what is
// missing when there is none, and start tfjs's webgpu backend on our own device.
import * as tf from "@tensorflow/tfjs";
import { BackendUnavailable } from "./unavailable.js";
import { vulkanGap, vulkanSetup, swiftshaderEnv } from "./vulkan.js";

export interface WebgpuAdapter {
  /** e.g. "nvidia / hopper / NVIDIA H200" or "google / swiftshader / SwiftShader driver 5.0.0". */
  description: string;
  /** A fallback or CPU (software) adapter: correct but slower than wasm. */
  software: boolean;
}

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|warp|basic render/i;

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0]!;
}

async function loadDawn(): Promise<DawnModule> {
  try {
    return (await import("webgpu")) as unknown as DawnModule;
  } catch (e) {
    throw new BackendUnavailable(
      `WebGPU for Node is missing: the optional npm package \`webgpu\` (Dawn) did not load (${firstLine(e)})`,
      "run `npm install webgpu` (it ships Dawn for linux-x64/arm64, macOS and Windows), or use `--backend wasm`",
      "package `webgpu` (Dawn) not installed",
    );
  }
}

function describe(info: GPUAdapterInfo | undefined): string {
  if (!info) return "unknown adapter";
  return [info.vendor, info.architecture, info.description || info.device].filter(Boolean).join(" / ") || "unnamed adapter";
}

function isSoftware(adapter: GPUAdapter): boolean {
  const info = adapter.info as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined;
  const legacy = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  if (info?.isFallbackAdapter || legacy) return true;
  return SOFTWARE.test(`${info?.vendor} ${info?.architecture} ${info?.device} ${info?.description}`);
}

/** The highest-performance adapter Dawn offers; throws BackendUnavailable naming what is missing. */
export async function findWebgpuAdapter(): Promise<{ dawn: DawnModule; gpu: GPU; adapter: GPUAdapter; about: WebgpuAdapter }> {
  const dawn = await loadDawn();
  // Ask the platform first: Dawn only says "no adapter" (after a warning on stderr).
  const gap = vulkanGap();
  if (gap) throw new BackendUnavailable(`WebGPU has no GPU to run on: ${gap.missing}`, gap.help, gap.missing.replace(/ \(.*\)/, ""));
  let gpu: GPU;
  let adapter: GPUAdapter | null;
  try {
    gpu = dawn.create([]);
    adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  } catch (e) {
    throw new BackendUnavailable(`Dawn could not start (${firstLine(e)})`, "use `--backend wasm`", "Dawn did not start");
  }
  if (!adapter) {
    const setup = vulkanSetup();
    const swift = swiftshaderEnv();
    throw new BackendUnavailable(
      `WebGPU found no adapter: Dawn accepted none of the Vulkan drivers ${setup.drivers.length ? setup.drivers.join(", ") : "(none found)"} (loader ${setup.loader ?? "missing"})`,
      `install a Vulkan 1.1 driver for your GPU (Mesa's lavapipe is refused by Dawn)${swift ? `; for a slow CPU adapter: ${swift}` : ""}; or use \`--backend wasm\``,
      "no adapter",
    );
  }
  return { dawn, gpu, adapter, about: { description: describe(adapter.info), software: isSoftware(adapter) } };
}

/** Installs Dawn's navigator.gpu and WebGPU globals, which tfjs's webgpu backend expects. */
function installGlobals(dawn: DawnModule, gpu: GPU): void {
  for (const [k, v] of Object.entries(dawn.globals)) if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav) {
    if (!nav.gpu) Object.defineProperty(nav, "gpu", { value: gpu, configurable: true });
  } else {
    Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });
  }
}

export interface WebgpuStart {
  /** Accept a fallback or CPU adapter (SwiftShader, llvmpipe); `--backend auto` does not. */
  allowSoftware: boolean;
  /** The caller still reads with dataSync(), which WebGPU in Node cannot serve. */
  syncReadsNeeded: boolean;
}

/** The adapter our backend runs on, once started: a second Dawn instance in one process crashes it. */
let running: WebgpuAdapter | undefined;

/** Starts tfjs's "webgpu" backend on Dawn's best adapter (once per process), or throws BackendUnavailable. */
export async function startWebgpu(opts: WebgpuStart): Promise<WebgpuAdapter> {
  if (running && tf.findBackend("webgpu")) {
    refuse(running, opts);
    if (!(await tf.setBackend("webgpu"))) throw new BackendUnavailable(`tfjs's webgpu backend failed to restart on ${running.description}`, "use `--backend wasm`");
    return running;
  }
  const { dawn, gpu, adapter, about } = await findWebgpuAdapter();
  refuse(about, opts);
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    requiredFeatures: adapter.features.has("timestamp-query") ? ["timestamp-query"] : [],
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
      // tfjs binds every input of a kernel (addN: all of them) as a storage buffer; the
      // default of 8 is below what most adapters allow.
      maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
    },
  });
  const errors = watchDeviceErrors(device, about.description);
  installGlobals(dawn, gpu);
  const { WebGPUBackend } = await import("@tensorflow/tfjs-backend-webgpu");
  // Our factory replaces the package's, which would ask navigator.gpu for its own adapter.
  if (tf.findBackendFactory("webgpu")) tf.removeBackend("webgpu");
  tf.registerBackend("webgpu", () => new WebGPUBackend(device, adapter.info), 0);
  if (!(await tf.setBackend("webgpu"))) throw new BackendUnavailable(`tfjs's webgpu backend failed to start on ${about.description}`, "use `--backend wasm`");
  guardSyncReads();
  failReadsAfterDeviceErrors(errors);
  running = about;
  return about;
}

/** Throws where the caller cannot use this adapter: a software one for `auto`, or synchronous reads. */
function refuse(about: WebgpuAdapter, opts: WebgpuStart): void {
  if (about.software && !opts.allowSoftware) {
    throw new BackendUnavailable(`WebGPU's only adapter is a software one (${about.description})`, "use `--backend webgpu` to run on it anyway (slow; for tests)", `software adapter only (${about.description})`);
  }
  if (opts.syncReadsNeeded) {
    throw new BackendUnavailable(
      `WebGPU found ${about.description}, but in Node it reads results only asynchronously, and this command reads them synchronously`,
      "use `--backend wasm` (or node/node-gpu) for it; `mmc run` and `mmc eval` run on webgpu; see docs/backends.md",
      `${about.description} found, but this command reads results synchronously`,
    );
  }
}

/**
 * Dawn reports a rejected kernel (a validation error) only as an event, and tfjs ignores it:
 * the work is skipped and later reads return stale or zero data. The first error is kept, so
 * that the next read fails with it instead of training on garbage.
 */
function watchDeviceErrors(device: GPUDevice, description: string): { first?: string } {
  const errors: { first?: string } = {};
  device.addEventListener("uncapturederror", (e) => {
    errors.first ??= `WebGPU on ${description} rejected work: ${firstLine((e as GPUUncapturedErrorEvent).error)}`;
  });
  return errors;
}

function failReadsAfterDeviceErrors(errors: { first?: string }): void {
  const backend = tf.backend() as unknown as { read(dataId: object): Promise<unknown> };
  const stock = backend.read.bind(backend);
  backend.read = async (dataId) => {
    const values = await stock(dataId);
    if (errors.first) throw new Error(errors.first);
    return values;
  };
}

interface WebgpuInternals {
  readSync(dataId: object): unknown;
  tensorMap: { get(dataId: object): { values?: unknown } | undefined };
}

/**
 * tfjs reads GPU data synchronously through an OffscreenCanvas, which Node lacks. Values
 * already read with `await t.data()` are cached and read fine; anything else gets a clear
 * error instead of "OffscreenCanvas is not defined".
 */
function guardSyncReads(): void {
  if (typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas !== "undefined") return;
  const backend = tf.backend() as unknown as WebgpuInternals;
  const stock = backend.readSync.bind(backend);
  backend.readSync = (dataId) => {
    if (backend.tensorMap.get(dataId)?.values == null) {
      throw new BackendUnavailable(
        "WebGPU in Node can only read GPU results asynchronously, and this step read one synchronously",
        "use `--backend wasm` for this command (a bug to report if it happened in `mmc run`)",
      );
    }
    return stock(dataId);
  };
}
