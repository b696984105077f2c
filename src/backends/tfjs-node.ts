// tfjs-node (libtensorflow on the CPU) and tfjs-node-gpu (libtensorflow with CUDA): optional
// packages, imported only when asked for, since neither installs without downloading
// libtensorflow (see docs/backends.md).
import * as tf from "@tensorflow/tfjs";
import { existsSync } from "node:fs";
import path from "node:path";
import { BackendUnavailable } from "./unavailable.js";

export type NodeFlavour = "node" | "node-gpu";

const PACKAGE: Record<NodeFlavour, string> = { node: "@tensorflow/tfjs-node", "node-gpu": "@tensorflow/tfjs-node-gpu" };

/** tfjs-node(-gpu) 4.22 wraps libtensorflow 2.9.1, built against CUDA 11.2 and cuDNN 8.1. */
export const CUDA_LIBS = ["libcudart.so.11.0", "libcudnn.so.8"];
const CUDA_DIRS = ["/usr/local/cuda/lib64", "/usr/local/cuda-11.2/lib64", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/local/nvidia/lib64"];

/** CUDA 11 runtime libraries libtensorflow's GPU build wants and this machine lacks. */
export function missingCudaLibs(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = [...(env["LD_LIBRARY_PATH"] ?? "").split(":").filter(Boolean), ...CUDA_DIRS];
  return CUDA_LIBS.filter((lib) => !dirs.some((d) => existsSync(path.join(d, lib))));
}

function installHelp(flavour: NodeFlavour): string {
  const pkg = `${PACKAGE[flavour]}@${tf.version.tfjs}`;
  const gpu = flavour === "node-gpu" ? " on Linux x86-64 with an NVIDIA driver, CUDA 11.2 and cuDNN 8.1" : "";
  return `\`npm install ${pkg}\`${gpu} (its install downloads libtensorflow; see docs/backends.md), or use \`--backend wasm\``;
}

/** Imports the package and makes its "tensorflow" backend current; throws BackendUnavailable. */
export async function startTfjsNode(flavour: NodeFlavour): Promise<string> {
  const pkg = PACKAGE[flavour];
  if (flavour === "node-gpu" && process.platform !== "linux") throw new BackendUnavailable(`${pkg} runs only on Linux`, installHelp("node"));
  try {
    await import(pkg);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const missing = code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
    const why = missing ? "is not installed" : `did not load (${String((e as Error).message).split("\n")[0]})`;
    throw new BackendUnavailable(`the optional package ${pkg} ${why}`, installHelp(flavour), missing ? "not installed" : "did not load");
  }
  // It registers "tensorflow" with the copy of tfjs it resolves; ours must be that copy.
  if (!tf.findBackendFactory("tensorflow")) {
    throw new BackendUnavailable(`${pkg} loaded but registered its backend with another copy of @tensorflow/tfjs`, `install the version that matches ours: ${installHelp(flavour)}`);
  }
  if (!(await tf.setBackend("tensorflow"))) throw new BackendUnavailable(`${pkg} failed to start libtensorflow`, installHelp(flavour));
  return "tensorflow";
}
