// Diagnostic codes that no golden case (a spec checked by `mmc check`) can show, because only
// the data layer, a run or a browser reaches them; the golden test and test/codes.test.ts read it.

/** Codes no golden can show, with the test that asserts each instead (none: no test can reach it). */
export const SHOWN_ELSEWHERE: Record<string, { test?: string; why: string }> = {
  MM4007: { test: "test/codes.test.ts", why: "the fallback when a data error carries no code; every data error carries one" },
  MM4013: { test: "test/run/tfjs-model.test.ts", why: "only a checker without a file reader (the playground) gives it; the goldens read files" },
  MM4014: { test: "test/run/tfjs-model.test.ts", why: "the PyTorch engine's refusal, after the check (`mmc export --format torch`, `mmc run --engine torch`)" },
  MM5001: { test: "test/data/index.test.ts", why: "a spec's unknown kind is MM2010 first; the data layer's own guard" },
  MM5002: { test: "test/data/index.test.ts", why: "a spec's unknown argument is MM2002 first" },
  MM5003: { test: "test/data/index.test.ts", why: "a spec's wrong type is MM2007 first" },
  MM5004: { test: "test/data/manifest.test.ts", why: "a spec's missing argument is MM2004 first" },
  MM5005: { test: "test/data/browser.test.ts", why: "only a browser tab lacks a kind" },
  MM5011: { test: "test/run/bad-data.test.ts", why: "needs a broken manifest line" },
  MM5012: { test: "test/run/bad-data.test.ts", why: "needs a manifest file" },
  MM5013: { test: "test/data/manifest.test.ts", why: "needs a manifest file" },
  MM5014: { test: "test/run/bad-data.test.ts", why: "needs a manifest file" },
  MM5015: { test: "test/run/bad-data.test.ts", why: "images are read by mmc run, not mmc check" },
  MM5016: { test: "test/data/manifest.test.ts", why: "images are read by mmc run" },
  MM5017: { test: "test/run/bad-data.test.ts", why: "images are read by mmc run" },
  MM5018: { test: "test/data/manifest.test.ts", why: "needs a test manifest with a label the training one lacks" },
  MM5020: { why: "needs an installed npm dependency (the emoji drawings) removed or broken" },
};
