// Finding the Python that has PyTorch (with numpy and Pillow). What is missing is
// said in one line, with the command that installs it, before any run folder exists.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { TorchEngineError as TorchMissing } from "./errors.js";

export interface TorchSetup {
  python: string;
  torch: string;
  cuda: boolean;
  gpus: number;
}

const INSTALL_TORCH = "install it with `apt-get install python3-torch` or `pip install torch`";
const SYSTEM_PYTHON = "/usr/bin/python3";

// Prints what the engine needs to know; every import is tried, so one probe names every gap.
const PROBE = `
import json, sys
out = {"torch": None, "numpy": False, "pil": False, "cuda": False, "gpus": 0}
try:
    import torch
    out["torch"] = torch.__version__
    out["cuda"] = bool(torch.cuda.is_available())
    out["gpus"] = torch.cuda.device_count() if out["cuda"] else 0
except Exception:
    pass
for mod, key in (("numpy", "numpy"), ("PIL.Image", "pil")):
    try:
        __import__(mod)
        out[key] = True
    except Exception:
        pass
print(json.dumps(out))
`;

interface Probe {
  torch: string | null;
  numpy: boolean;
  pil: boolean;
  cuda: boolean;
  gpus: number;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `name` as a path (when it has a slash) or found on PATH; undefined when there is none. */
export function resolveCommand(name: string, pathVar = process.env["PATH"] ?? ""): string | undefined {
  if (name.includes("/")) return executable(name) ? path.resolve(name) : undefined;
  for (const dir of pathVar.split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, name);
    if (executable(file)) return file;
  }
  return undefined;
}

function probe(python: string): Probe | undefined {
  const r = spawnSync(python, ["-c", PROBE], { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) return undefined;
  try {
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as Probe;
  } catch {
    return undefined;
  }
}

/**
 * The interpreter: MMC_PYTHON when set (a path or a command on PATH), else the first of
 * `python3` on PATH and /usr/bin/python3 that imports torch.
 */
export function findTorch(env: NodeJS.ProcessEnv = process.env): TorchSetup {
  const chosen = env["MMC_PYTHON"];
  const names = chosen ? [chosen] : ["python3", SYSTEM_PYTHON];
  const found = [...new Set(names.map((n) => resolveCommand(n, env["PATH"] ?? "")).filter((p): p is string => !!p))];
  if (!found.length) {
    const where = chosen ? `MMC_PYTHON names \`${chosen}\`, which is not an executable on PATH` : `no \`python3\` on PATH or at ${SYSTEM_PYTHON}`;
    throw new TorchMissing(`the torch engine needs Python 3 with PyTorch, and ${where}: ${INSTALL_TORCH}`);
  }
  const probes = found.map((python) => ({ python, probe: probe(python) }));
  const withTorch = probes.find((p) => p.probe?.torch);
  if (!withTorch) {
    const tried = found.map((p) => `\`${p}\``).join(" and ");
    throw new TorchMissing(`the torch engine needs PyTorch, and ${tried} cannot import torch: ${INSTALL_TORCH}`);
  }
  const { python, probe: p } = withTorch as { python: string; probe: Probe };
  if (!p.numpy) throw new TorchMissing(`\`${python}\` has PyTorch but not numpy, which the generated package uses: install it with \`apt-get install python3-numpy\` or \`pip install numpy\``);
  if (!p.pil) throw new TorchMissing(`\`${python}\` has PyTorch but not Pillow, which decodes the shards' PNG images: install it with \`apt-get install python3-pil\` or \`pip install pillow\``);
  return { python, torch: p.torch!, cuda: p.cuda, gpus: p.gpus };
}
