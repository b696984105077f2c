// Reads an IR saved by an earlier mmc (a model.json of an older run folder) as the current
// version, so `mmc eval` keeps working on old runs. Version 1 kept every optimizer and
// schedule setting flat, whatever the kind; version 2 keeps each kind's own settings.
import type { IRProgram } from "./ir.js";
import type { OptimizerSettings, ScheduleSettings } from "./train.js";
import { IR_VERSION } from "./verify.js";

interface FlatV1 {
  optimizer: { kind: OptimizerSettings["kind"]; lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; momentum: number; nesterov: boolean };
  schedule: { kind: ScheduleSettings["kind"]; warmup: number; minLr: number; every: number; factor: number };
}

function optimizerV2(o: FlatV1["optimizer"]): OptimizerSettings {
  switch (o.kind) {
    case "adam":
      return { kind: o.kind, lr: o.lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps };
    case "adamw":
      return { kind: o.kind, lr: o.lr, beta1: o.beta1, beta2: o.beta2, eps: o.eps, weightDecay: o.weightDecay };
    case "sgd":
      return { kind: o.kind, lr: o.lr, momentum: o.momentum, nesterov: o.nesterov };
  }
}

function scheduleV2(s: FlatV1["schedule"]): ScheduleSettings {
  switch (s.kind) {
    case "constant":
      return { kind: s.kind, warmup: s.warmup };
    case "cosine":
      return { kind: s.kind, warmup: s.warmup, minLr: s.minLr };
    case "step":
      return { kind: s.kind, warmup: s.warmup, every: s.every, factor: s.factor };
  }
}

/** The IR in the current version; versions it does not know are returned as they are (verify then says so). */
export function upgradeIR(raw: unknown): IRProgram {
  const ir = raw as Omit<IRProgram, "version"> & { version: number };
  if (ir.version === 1) {
    const flat = ir.train as unknown as FlatV1;
    return { ...ir, version: IR_VERSION, train: { ...ir.train, optimizer: optimizerV2(flat.optimizer), schedule: scheduleV2(flat.schedule) } } as IRProgram;
  }
  return ir as IRProgram;
}
