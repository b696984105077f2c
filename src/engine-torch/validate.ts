// Flags that cannot work are refused before any data are written or a process started.
import type { IRProgram } from "../ir/ir.js";
import { TorchEngineError } from "./errors.js";
import type { TorchSetup } from "./find-torch.js";

export type TorchDevice = "cpu" | "cuda";

export interface TorchEngineFlags {
  nproc: number;
  device: TorchDevice;
}

export function validateTorchRun(ir: IRProgram, flags: TorchEngineFlags, setup: TorchSetup): void {
  const { nproc, device } = flags;
  if (!Number.isInteger(nproc) || nproc < 1) throw new TorchEngineError(`--nproc must be a whole number of processes, 1 or more; got ${nproc}`);
  const batch = ir.train.batch;
  if (batch % nproc !== 0) {
    const fits = [...Array(batch).keys()].map((i) => i + 1).filter((n) => batch % n === 0 && n <= 16);
    throw new TorchEngineError(`train.batch ${batch} does not split evenly across --nproc ${nproc} processes (each takes batch / nproc items per step): use --nproc ${fits.join(", ")}, or a batch that ${nproc} divides`);
  }
  if (device === "cuda") {
    if (!setup.cuda) throw new TorchEngineError(`--device cuda, but PyTorch ${setup.torch} (${setup.python}) sees no CUDA GPU (torch.cuda.is_available() is False): use --device cpu, or install a CUDA build of PyTorch`);
    if (nproc > setup.gpus) throw new TorchEngineError(`--nproc ${nproc} on --device cuda needs a GPU per process, and PyTorch sees ${setup.gpus}: use --nproc ${setup.gpus} or fewer`);
  }
}
