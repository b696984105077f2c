// Live line charts (uPlot): loss, temperature and recall@k against the step.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface SeriesDef {
  label: string;
  color: string;
  dash?: number[];
  width?: number;
}

const AXIS = { stroke: "#64748b", grid: { stroke: "#eef2f7", width: 1 }, ticks: { stroke: "#e2e8f0", width: 1, size: 4 }, font: "11px system-ui, sans-serif" };

export class LineChart {
  private plot: uPlot;
  private xs: number[] = [];
  private ys: (number | null)[][];
  private pending = false;

  constructor(private host: HTMLElement, series: SeriesDef[], opts: { yMin?: number; yMax?: number; log?: boolean; format?: (v: number) => string } = {}) {
    this.ys = series.map(() => []);
    const fmt = opts.format ?? ((v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2)));
    const rect = host.getBoundingClientRect();
    this.plot = new uPlot(
      {
        width: Math.max(200, rect.width),
        height: 150,
        legend: { show: series.length > 1, live: false },
        cursor: { drag: { x: false, y: false }, points: { size: 5 } },
        scales: {
          x: { time: false },
          y: {
            ...(opts.log ? { distr: 3 as const } : {}),
            range: (_u, min, max) => {
              const lo = opts.yMin ?? min;
              const hi = opts.yMax ?? (max === min ? max + 1 : max);
              return [lo, hi];
            },
          },
        },
        axes: [
          { ...AXIS, size: 28 },
          { ...AXIS, size: 44, values: (_u, ticks) => ticks.map(fmt) },
        ],
        series: [{ label: "step" }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: s.width ?? 1.6, ...(s.dash ? { dash: s.dash } : {}), points: { show: false } }))],
      },
      [[], ...series.map(() => [])],
      host,
    );
    new ResizeObserver(() => {
      const w = host.getBoundingClientRect().width;
      if (w > 0 && Math.abs(w - this.plot.width) > 1) this.plot.setSize({ width: w, height: 150 });
    }).observe(host);
  }

  push(x: number, ys: (number | null)[]): void {
    this.xs.push(x);
    ys.forEach((y, i) => this.ys[i]!.push(y));
    this.schedule();
  }

  clear(): void {
    this.xs = [];
    this.ys = this.ys.map(() => []);
    this.schedule();
  }

  get length(): number {
    return this.xs.length;
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.plot.setData([this.xs, ...this.ys] as uPlot.AlignedData);
    });
  }
}
