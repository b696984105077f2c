// Number, duration and date formatting for the report. Deterministic (no locale lookups):
// the same input renders the same bytes on every machine.

const DASH = "—";

/** 1234567 -> "1,234,567" (rounds to an integer). */
export function fmtInt(v: number): string {
  if (!Number.isFinite(v)) return DASH;
  const r = Math.round(v);
  const s = String(Math.abs(r)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return r < 0 ? `-${s}` : s;
}

/** Fixed decimals with thousands separators. */
export function fmtFixed(v: number, decimals: number): string {
  if (!Number.isFinite(v)) return DASH;
  const s = Math.abs(v).toFixed(decimals);
  const [whole, frac] = s.split(".");
  const body = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac === undefined ? "" : `.${frac}`);
  return v < 0 && Number(s) !== 0 ? `-${body}` : body;
}

/** Recalls, accuracies and their chance values: 3 decimals; tiny non-zero values keep 2 significant digits. */
export function fmtScore(v: number): string {
  if (!Number.isFinite(v)) return DASH;
  if (v !== 0 && Math.abs(v) < 0.0005) return v.toPrecision(2);
  return v.toFixed(3);
}

/** Ranks: integers as integers, otherwise 1 decimal. */
export function fmtRank(v: number): string {
  if (!Number.isFinite(v)) return DASH;
  return Number.isInteger(v) ? fmtInt(v) : fmtFixed(v, 1);
}

/** A ratio such as value / chance: "0.52×", "3.41×", "12.3×", "250×". */
export function fmtRatio(r: number): string {
  if (!Number.isFinite(r)) return DASH;
  const a = Math.abs(r);
  const d = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return `${fmtFixed(r, d)}×`;
}

/** 94858 -> "94.9 k", 1.2e6 -> "1.20 M". */
export function fmtCompact(v: number): string {
  if (!Number.isFinite(v)) return DASH;
  const a = Math.abs(v);
  for (const [unit, div] of [["B", 1e9], ["M", 1e6], ["k", 1e3]] as const) {
    if (a >= div) {
      const x = v / div;
      return `${Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2)} ${unit}`;
    }
  }
  return fmtInt(v);
}

/** Significant digits, switching to exponent form for very small or large magnitudes. */
export function fmtSig(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return DASH;
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) return v.toExponential(digits - 1).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(digits)));
}

/** Seconds -> "850 ms", "42.3 s", "2m 05s", "1h 02m 03s". */
export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return DASH;
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (x: number) => String(x).padStart(2, "0");
  return h > 0 ? `${h}h ${pad(m)}m ${pad(s)}s` : `${m}m ${pad(s)}s`;
}

/** An ISO time -> "2025-03-01 14:02:11 UTC"; anything unparseable is returned as given. */
export function fmtDate(text: string): string {
  const t = Date.parse(text);
  if (!Number.isFinite(t)) return text;
  return new Date(t).toISOString().replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC");
}

/**
 * Labels for one axis's ticks, all in one style: decimals follow the tick spacing (0, 0.5, 1
 * or 0.0700, 0.0705); axes whose values all stay below 0.01 (learning rates) or reach 1e7
 * use exponent form with the fewest mantissa digits that keep every tick exact (2.5e-4,
 * 5.0e-4, 7.5e-4, 1.0e-3).
 */
export function tickLabels(values: number[], step: number): string[] {
  const maxAbs = Math.max(0, ...values.map((v) => Math.abs(v)));
  if ((maxAbs > 0 && maxAbs < 1e-2) || maxAbs >= 1e7) {
    let digits = 1;
    while (digits < 6 && values.some((v) => v !== 0 && Math.abs(Number(v.toExponential(digits)) - v) > Math.abs(step) * 1e-6)) digits++;
    return values.map((v) => (Math.abs(v) < step * 1e-9 ? "0" : v.toExponential(digits)));
  }
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return values.map((v) => (Math.abs(v) < step * 1e-9 ? "0" : fmtFixed(v, decimals)));
}
