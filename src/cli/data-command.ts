// `mmc data export spec.mm --out DIR [--shard-size MB | --shards N] [--tokens]`: checks the spec, loads its data set
// and writes it as webdataset-style tar shards that `data shards(...)` (and PyTorch) read.
import path from "node:path";
import { renderAll } from "../diagnostics/render.js";
import { loadData } from "../runtime/data/index.js";
import { DEFAULT_SHARD_MB, exportShards } from "../runtime/data/shards/export.js";
import { dataRequestOf } from "../runtime/run/data-request.js";
import { checkFile } from "./check-command.js";
import { SpecReadError } from "./read-spec.js";

export interface DataExportFlags {
  out: string;
  shardSize?: string;
  /** Exactly this many shards per split (as `--engine torch --nproc N` needs). */
  shards?: string;
  /** Each sample's json also holds its token ids. */
  tokens?: boolean;
  color: boolean;
}

/** `--shard-size` in megabytes (10^6 bytes), fractions allowed. */
function shardBytesOf(flag: string | undefined): number {
  if (flag === undefined) return DEFAULT_SHARD_MB * 1e6;
  const mb = Number(flag);
  if (!Number.isFinite(mb) || mb <= 0) throw new SpecReadError(`--shard-size must be a positive number of megabytes, got \`${flag}\``, true);
  return Math.round(mb * 1e6);
}

/** `--shards`: a positive whole number. */
function shardCountOf(flag: string): number {
  const n = Number(flag);
  if (!Number.isInteger(n) || n < 1) throw new SpecReadError(`--shards must be a positive whole number, got \`${flag}\``, true);
  return n;
}

export function runDataExport(file: string, flags: DataExportFlags): number {
  if (flags.shards !== undefined && flags.shardSize !== undefined) throw new SpecReadError("give --shard-size or --shards, not both", true);
  const cutting = flags.shards !== undefined ? { shardsPerSplit: shardCountOf(flags.shards) } : { shardBytes: shardBytesOf(flags.shardSize) };
  const checked = checkFile(file, true);
  const errors = checked.diagnostics.filter((d) => d.severity === "error").length;
  if (checked.diagnostics.length) process.stderr.write(renderAll(checked.diagnostics, { color: flags.color }) + "\n");
  if (errors || !checked.ir) {
    process.stderr.write(`${file}: ${errors} error${errors === 1 ? "" : "s"}; nothing exported\n`);
    return 1;
  }
  const ir = checked.ir;
  const bundle = loadData(dataRequestOf(ir, path.dirname(file)));
  let info;
  try {
    info = exportShards(bundle, flags.out, { ...cutting, tokens: flags.tokens === true, source: { kind: ir.data.kind, args: ir.data.args } });
  } catch (e) {
    throw new SpecReadError((e as Error).message, false);
  }
  const [h, w, c] = info.imageSize;
  process.stdout.write(
    `wrote ${info.train.count} train items in ${info.train.shards.length} shard(s) and ${info.test.count} test items in ${info.test.shards.length} (${h}x${w}x${c}) to ${flags.out}\n` +
      `read them with: data shards(train: "${path.join(flags.out, info.train.pattern)}", test: "${path.join(flags.out, info.test.pattern)}")\n`,
  );
  return 0;
}
