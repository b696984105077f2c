// Training settings of the IR: the optimizer and the schedule as unions discriminated by
// `kind`, each carrying exactly its own settings. The defaults live once, in the checker's
// signatures (src/check/train.ts); the IR always holds every value.

export interface AdamSettings {
  kind: "adam";
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

export interface AdamWSettings extends Omit<AdamSettings, "kind"> {
  kind: "adamw";
  /** Decoupled weight decay. */
  weightDecay: number;
}

export interface SgdSettings {
  kind: "sgd";
  lr: number;
  momentum: number;
  nesterov: boolean;
}

export type OptimizerSettings = AdamSettings | AdamWSettings | SgdSettings;
export type OptimizerKind = OptimizerSettings["kind"];

export interface ConstantSchedule {
  kind: "constant";
  /** Linear warm-up steps. */
  warmup: number;
}

export interface CosineSchedule {
  kind: "cosine";
  warmup: number;
  /** Learning rate reached at the last step. */
  minLr: number;
}

export interface StepSchedule {
  kind: "step";
  warmup: number;
  /** Steps between decays. */
  every: number;
  /** Multiplier at each decay. */
  factor: number;
}

export type ScheduleSettings = ConstantSchedule | CosineSchedule | StepSchedule;
export type ScheduleKind = ScheduleSettings["kind"];

export type BatchMode = "random" | "groups";
