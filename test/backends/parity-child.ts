// Runs the parity case on one backend in a process of its own (a backend is process-global
// state, and Dawn's Vulkan setup comes from the environment the process starts with). Prints
// one JSON line: the result, or why the backend is unavailable here.
import * as tf from "@tensorflow/tfjs";
import { BackendUnavailable, startBackend, type BackendName } from "../../src/runtime/run/backend.js";
import { parityCase } from "./parity-case.js";

const requested = (process.argv[2] ?? "cpu") as BackendName;
try {
  const choice = await startBackend(requested, { asyncReads: true });
  // Every op on the GPU: by default tfjs-webgpu runs ops on small CPU-held inputs on the CPU.
  if (choice.name === "webgpu") tf.env().set("WEBGPU_CPU_FORWARD", false);
  const result = await parityCase();
  process.stdout.write(JSON.stringify({ ok: true, device: choice.device, result }) + "\n");
} catch (e) {
  if (!(e instanceof BackendUnavailable)) throw e;
  process.stdout.write(JSON.stringify({ ok: false, reason: `${e.message} (${e.help})` }) + "\n");
}
// Dawn may keep the event loop alive after the device is done.
process.exit(0);
