// The benchmark's printed report: one table of step speeds, one of ratios, one of latencies.
import { LSP_TARGET_P95_MS, percentile, type LspLatency } from "./lsp-latency.js";
import type { BenchResults } from "./suite.js";

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const f = (x: number | undefined, digits = 2) => (x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(digits));

export function formatResults(r: BenchResults): string {
  const out: string[] = [];
  out.push(`mmc bench: ${r.machine.cpu}, ${r.machine.cores} cores, node ${r.machine.node}, tfjs ${r.machine.tfjs}, backend ${r.backend}`);
  out.push(`load average (1 min) ${f(r.machine.loadAverage.start, 1)} at the start, ${f(r.machine.loadAverage.end, 1)} at the end: above ${r.machine.cores} others share these cores, and wall times stretch`);
  out.push(`seed model (specs/simple.mm), batch ${r.batch}, one Adam step = ${r.stepGflop.toFixed(2)} GFLOP (forward + backward, from the IR); ${r.rounds} interleaved rounds x ${r.stepsPerRound} steps`);
  out.push("");
  const peak1 = r.peaks.backendMatMul1Core;
  const simd = r.peaks.simd128Fma1Core;
  out.push(
    table(
      ["(a, b, c) training step", "median ms", "CPU ms", "busiest thread ms", "steps/s", "idle-core steps/s (est.)", "GFLOP/s", `% ${r.backend} matmul peak`, "% 128-bit SIMD peak", `% FMA peak (${r.peaks.statedFma})`],
      r.contenders.map((c) => {
        // A contender on two cores is held against twice the one-core peak.
        const cores = c.name.includes("2 threads") || c.name.startsWith("PyTorch") ? 2 : 1;
        return [c.name, f(c.medianStepMs, 0), f(c.medianCpuMs, 0), f(c.medianBusiestMs, 0), f(c.stepsPerSec), c.medianBusiestMs ? f(1000 / c.medianBusiestMs) : "-", f(c.gflops, 1), c.name.startsWith("PyTorch") ? "-" : f((100 * c.gflops) / (cores * peak1), 1), simd ? f((100 * c.gflops) / (cores * simd), 1) : "-", f((100 * c.gflops) / r.peaks.statedFma, 1)];
      }),
    ),
  );
  out.push("");
  out.push(`(c) peaks: ${r.backend} matmul 1024^3 on one core ${f(peak1, 1)} GFLOP/s` + (r.peaks.torchMatMul ? `; PyTorch (native BLAS, 2 threads) matmul 2048^3 ${f(r.peaks.torchMatMul, 1)} GFLOP/s` : "") + `; stated AVX-512 FMA peak of 2 cores ${r.peaks.statedFma} GFLOP/s`);
  if (r.kernels) {
    out.push(`(c) our wasm kernels: ${r.kernels.build}; 128-bit SIMD multiply-add peak of one core (12 independent f32x4 chains) ${f(simd, 1)} GFLOP/s`);
    out.push(
      table(
        ["(c) seed convolution, batch " + r.batch, "kernels", "ms (best of 3)", "GFLOP/s", "% SIMD peak"],
        r.kernels.convs.map((k) => [k.kernel, k.contender, f(k.ms, 1), f(k.gflops, 1), f(k.peakPct, 0)]),
      ),
    );
    out.push("(GFLOP/s count a direct convolution's multiply-adds; Winograd does 2.25x fewer, so it can pass 100%)");
  }
  if ("skipped" in r.torch) out.push(`(b) PyTorch: skipped: ${r.torch.skipped}`);
  else out.push(`(b) PyTorch ${r.torch.version}, ${r.torch.threads} threads`);
  out.push("");
  out.push(table(["ratio (median of per-round ratios)", "clock", "median", "min", "max", "target"], r.ratios.map((x) => [x.label, x.clock, f(x.median, 3), f(x.min, 3), f(x.max, 3), x.target ?? ""])));
  out.push("(CPU ms: the process's CPU time per step, all its threads. Busiest thread ms: the CPU time of its busiest thread,");
  out.push(" about what a step takes on idle cores, so idle-core steps/s = 1000 / it, an estimate. steps/s, GFLOP/s: wall clock)");
  out.push("");
  out.push(
    table(
      ["(d) parse + check", "ms (median)", "CPU ms", "with data description, ms", "checks"],
      r.parseCheck.map((p) => [p.spec, f(p.checkMs, 2), f(p.checkCpuMs, 2), f(p.withDataMs, 1), p.ok ? "ok" : "errors"]),
    ),
  );
  const worst = Math.max(...r.parseCheck.map((p) => p.checkMs));
  const worstCpu = Math.max(...r.parseCheck.map((p) => p.checkCpuMs));
  out.push(`parse + check: slowest spec ${f(worst, 2)} ms wall, ${f(worstCpu, 2)} ms CPU (target < 2 ms); the data description (the data module builds the vocabulary) is not part of the language's latency`);
  out.push("");
  out.push(formatLspLatency(r.lsp));
  out.push(`tensors left after the training benchmark: ${r.tensorsLeaked}`);
  return out.join("\n");
}

/** (e): per spec and overall, keystroke to published diagnostics in `mmc lsp`, against the target. */
export function formatLspLatency(rows: LspLatency[]): string {
  const all = rows.flatMap((r) => r.times);
  const worstP95 = Math.max(...rows.map((r) => r.p95));
  const overall = ["overall", String(all.length), f(percentile(all, 50), 1), f(percentile(all, 95), 1), f(Math.max(...all), 1)];
  return [
    table(
      ["(e) mmc lsp: keystroke to diagnostics", "keys", "p50 ms", "p95 ms", "max ms"],
      [...rows.map((r) => [r.spec, String(r.keystrokes), f(r.p50, 1), f(r.p95, 1), f(r.max, 1)]), overall],
    ),
    `mmc lsp: p95 < ${LSP_TARGET_P95_MS} ms on every spec: ${worstP95 < LSP_TARGET_P95_MS ? "yes" : "no"} (worst spec p95 ${f(worstP95, 1)} ms)`,
  ].join("\n");
}
