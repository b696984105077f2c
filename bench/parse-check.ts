// Parse + check latency of every spec in specs/: the source is read once, then parsed and
// checked repeatedly; median after warm-up. Measured twice: the language alone (as
// `mmc check --no-data`) and with the data set's description (as plain `mmc check`,
// which asks the data module for the vocabulary and image size).
import { readdirSync } from "node:fs";
import path from "node:path";
import { checkSpec, type CheckOptions } from "../src/check/check.js";
import { projectRootFor } from "../src/cli/check-command.js";
import { makeImportLoader, readSpecFile } from "../src/cli/read-spec.js";
import { describeData } from "../src/runtime/data/index.js";
import type { SourceFile } from "../src/source/source.js";
import { median, processCpuMs } from "./interleave.js";

export interface CheckLatency {
  spec: string;
  /** Parse + check without the data description (ms, median). */
  checkMs: number;
  /** The same in CPU time (steadier on a shared machine). */
  checkCpuMs: number;
  /** The same with the data description, as `mmc check` runs by default (ms, median). */
  withDataMs: number;
  ok: boolean;
}

function timeMedian(source: SourceFile, options: CheckOptions, warmup: number, runs: number): { wall: number; cpu: number } {
  for (let i = 0; i < warmup; i++) checkSpec(source, options);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [w0, c0] = [performance.now(), processCpuMs()];
    checkSpec(source, options);
    wall.push(performance.now() - w0);
    cpu.push(processCpuMs() - c0);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

export function parseCheckLatency(specDir: string, opts = { warmup: 20, runs: 40, dataRuns: 5 }): CheckLatency[] {
  const files = readdirSync(specDir).filter((f) => f.endsWith(".mm")).sort();
  return files.map((f) => {
    const file = path.join(specDir, f);
    const source = readSpecFile(file);
    const options: CheckOptions = { loadImport: makeImportLoader(projectRootFor(file)), baseDir: path.dirname(file) };
    const withData: CheckOptions = { ...options, describeData: (req) => describeData({ ...req, seqLen: 1 }) };
    const ok = checkSpec(source, withData).diagnostics.every((d) => d.severity !== "error");
    const alone = timeMedian(source, options, opts.warmup, opts.runs);
    return {
      spec: path.relative(process.cwd(), file) || f,
      checkMs: alone.wall,
      checkCpuMs: alone.cpu,
      withDataMs: timeMedian(source, withData, 1, opts.dataRuns).wall,
      ok,
    };
  });
}
