// Messages between the page and its two workers (the checker and the trainer).
import type { Analysis } from "../../src/language-service/analysis.js";
import type { IRProgram } from "../../src/ir/ir.js";
import type { Budget } from "./budget.js";
import type { KernelChoice } from "../../src/kernels/index.js";

export type CheckRequest =
  | { type: "check"; version: number; text: string }
  | { type: "format"; id: number; text: string };

export type CheckReply =
  /** startedAt/endedAt: the worker's epoch milliseconds (timeOrigin + now), for the page's timings. */
  | { type: "checked"; analysis: Analysis; startedAt: number; endedAt: number }
  | { type: "formatted"; id: number; text: string | null; error?: string }
  | { type: "crashed"; version: number; message: string };

export type BackendName = "wasm" | "webgl" | "webgpu" | "cpu";

export type TrainRequest =
  /** kernels: the same for every message of a page (the worker starts its backend once). */
  | { type: "start"; run: number; ir: IRProgram; backend: BackendName; kernels: KernelChoice; budget: Budget | null }
  | { type: "stop"; run: number }
  /**
   * Start the backend now, while the page loads: its WebAssembly compiles on the cores then,
   * not under the first keystrokes, and the first run starts sooner.
   */
  | { type: "prepare"; backend: BackendName; kernels: KernelChoice }
  /** The user is typing: start no training work (setup, step, evaluation) for `ms` from now, whichever run (the editor gets the cores). */
  | { type: "hold"; ms: number };

export interface Thumbs {
  /** RGBA bytes of `count` images of height x width, back to back. */
  rgba: Uint8ClampedArray;
  count: number;
  height: number;
  width: number;
}

export interface EvalView {
  step: number;
  metrics: Record<string, number>;
  chance: Record<string, number>;
  /** Cosine scores of the first `n` test texts (rows) against the first `n` images. */
  sim: { n: number; scores: Float32Array };
  /** PCA of the first `n` pairs: image points then text points, [2n, 2] row-major. */
  pca: { n: number; coords: Float32Array; explained: [number, number] };
  /** Texts -> images retrieval for a few query captions. */
  topk: { query: number; hits: { index: number; score: number; correct: boolean }[] }[];
}

export type TrainReply =
  | { type: "phase"; run: number; text: string }
  | {
      type: "started";
      run: number;
      backend: string;
      /** The training kernels in words ("our wasm kernels, relaxed-SIMD FMA build"). */
      kernels: string;
      totalSteps: number;
      batch: number;
      evalEvery: number;
      spec: { train: number; test: number; steps: number };
      actual: { train: number; test: number };
      capped: boolean;
      captions: string[];
      thumbs: Thumbs;
      setupMs: number;
    }
  | { type: "steps"; run: number; points: { step: number; loss: number; temperature?: number; elapsed: number }[]; stepsPerSec: number }
  | { type: "eval"; run: number; view: EvalView }
  | { type: "done"; run: number; reason: "finished" | "stopped"; steps: number; tensorsLeft: number; tensorsBefore: number }
  | { type: "failed"; run: number; kind: "nan" | "memory" | "data" | "backend" | "error"; message: string; help?: string; step?: number };
