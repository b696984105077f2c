// Learning rate as a function of the 0-based step index.

export type LrSchedule = (step: number) => number;

/** lr at every step, after an optional linear warm-up (as in cosineWithWarmup). */
export function constantLr(lr: number, warmupSteps = 0): LrSchedule {
  return (step) => (step < warmupSteps ? (lr * (step + 1)) / warmupSteps : lr);
}

export interface CosineOptions {
  lr: number;
  /** Linear warm-up length; step s < warmupSteps gets lr * (s + 1) / warmupSteps. */
  warmupSteps: number;
  totalSteps: number;
  /** Floor reached at totalSteps and kept after; default 0. */
  minLr?: number;
}

/**
 * Linear warm-up (as OpenCLIP's, reaching lr at the last warm-up step), then cosine decay
 * from lr to minLr over the remaining steps: minLr + (lr - minLr) * (1 + cos(pi * e / E)) / 2,
 * e = step - warmupSteps, E = totalSteps - warmupSteps.
 */
export function cosineWithWarmup(opts: CosineOptions): LrSchedule {
  const { lr, warmupSteps, totalSteps } = opts;
  const minLr = opts.minLr ?? 0;
  return (step) => {
    if (step < warmupSteps) return (lr * (step + 1)) / warmupSteps;
    const decaySteps = totalSteps - warmupSteps;
    if (decaySteps <= 0 || step >= totalSteps) return minLr;
    const progress = (step - warmupSteps) / decaySteps;
    return minLr + ((lr - minLr) * (1 + Math.cos(Math.PI * progress))) / 2;
  };
}

export interface StepDecayOptions {
  lr: number;
  /** Multiply by gamma every stepSize steps. */
  stepSize: number;
  /** Default 0.1. */
  gamma?: number;
  /** Optional linear warm-up, as in cosineWithWarmup; decay counts from step 0. */
  warmupSteps?: number;
}

/** lr * gamma^floor(step / stepSize), after an optional linear warm-up. */
export function stepDecay(opts: StepDecayOptions): LrSchedule {
  const gamma = opts.gamma ?? 0.1;
  const warmup = opts.warmupSteps ?? 0;
  return (step) => {
    const decayed = opts.lr * gamma ** Math.floor(step / opts.stepSize);
    return step < warmup ? (decayed * (step + 1)) / warmup : decayed;
  };
}

/** A schedule as a spec names it. */
export type ScheduleSpec =
  | { kind: "constant"; lr: number; warmupSteps?: number }
  | ({ kind: "cosine" } & CosineOptions)
  | ({ kind: "step" } & StepDecayOptions);

export function createSchedule(spec: ScheduleSpec): LrSchedule {
  switch (spec.kind) {
    case "constant":
      return constantLr(spec.lr, spec.warmupSteps);
    case "cosine":
      return cosineWithWarmup(spec);
    case "step":
      return stepDecay(spec);
  }
}
