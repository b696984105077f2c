// The JSON lines rank 0 of mmc_model.distributed prints on stdout, read into the progress
// events the tfjs trainer emits (so the CLI draws the same bar) and metrics.jsonl's lines.
import type { ReportStep } from "../runtime/report/types.js";
import type { TrainEvent } from "../runtime/run/trainer.js";

export type TorchProgress =
  | { event: "start"; world: number; device: string; torch: string; steps: number; batch: number }
  | { event: "step"; step: number; steps: number; loss: number | null; lr: number; elapsed_s: number; temperature?: number }
  | { event: "checkpoint"; step: number; path: string }
  /** Rank 0 wrote the weights after `step` into `path` for an evaluation (the spec's eval_every). */
  | { event: "weights"; step: number; path: string }
  | { event: "done"; step: number; elapsed_s: number }
  | { event: "interrupted"; step: number; elapsed_s: number }
  | { event: "error"; message: string };

const EVENTS = new Set(["start", "step", "checkpoint", "weights", "done", "interrupted", "error"]);

/**
 * One stdout line as a progress event, or undefined for any other text (kept in torch.log).
 * Python's json writes a diverged loss as NaN or Infinity, which JSON lacks: read as null.
 */
export function parseProgressLine(line: string): TorchProgress | undefined {
  const text = line.trim();
  if (!text.startsWith("{")) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/:\s*(-?Infinity|NaN)\b/g, ": null"));
  } catch {
    return undefined;
  }
  const event = (value as { event?: unknown }).event;
  return typeof event === "string" && EVENTS.has(event) ? (value as TorchProgress) : undefined;
}

/** Throughput over a window of about 5 s of training time, as the tfjs trainer reports it. */
export class ThroughputWindow {
  private windowStart = 0;
  private windowSamples = 0;

  constructor(private readonly batch: number) {}

  /** Counts a step that ended `elapsed` seconds into training; returns samples per second. */
  stepDone(elapsed: number): number {
    this.windowSamples += this.batch;
    const rate = this.windowSamples / Math.max(1e-9, elapsed - this.windowStart);
    if (elapsed - this.windowStart > 5) {
      this.windowStart = elapsed;
      this.windowSamples = 0;
    }
    return rate;
  }
}

/** A step line as the trainer's step event and the metrics.jsonl entry written for it. */
export function stepEvent(p: Extract<TorchProgress, { event: "step" }>, samplesPerSec: number): { event: Extract<TrainEvent, { type: "step" }>; entry: ReportStep } {
  const temperature = p.temperature !== undefined ? { temperature: p.temperature } : {};
  const loss = p.loss ?? Number.NaN;
  return {
    event: { type: "step", step: p.step, loss, lr: p.lr, ...temperature, samplesPerSec, elapsed: p.elapsed_s },
    entry: { step: p.step, loss, lr: p.lr, samplesPerSec, ...temperature },
  };
}
