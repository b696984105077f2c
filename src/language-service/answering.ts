// Which analysis answers for the text in the editor now: the latest one when it is of this
// very text and checked, else the last one that checked, with offsets mapped across the edit
// between its text and this one. Hover and inlay hints keep working while a spec is mid-edit.
import { textMap, type Analysis, lineHints, type LineHint } from "./analysis.js";

export interface Checked {
  /** The newest analysis and the text it is of. */
  latest?: { analysis: Analysis; text: string };
  /** The newest analysis that checked, and its text. */
  lastGood?: { analysis: Analysis; text: string };
}

export interface Answering {
  a: Analysis;
  /** An offset of the current text in the analysed one (undefined inside the edited region). */
  toOld: (o: number) => number | undefined;
  /** An offset of the analysed text in the current one. */
  toNew: (o: number) => number | undefined;
  /** The analysis is of an older text. */
  stale: boolean;
}

export function answering(text: string, checked: Checked, offset: number): Answering | undefined {
  const latest = checked.latest;
  if (latest?.analysis.ok && latest.text === text) return { a: latest.analysis, toOld: (o) => o, toNew: (o) => o, stale: false };
  const good = checked.lastGood;
  if (!good) return undefined;
  const back = textMap(text, good.text);
  const fwd = textMap(good.text, text);
  if (back.map(offset) === undefined) return undefined;
  return { a: good.analysis, toOld: (o) => back.map(o), toNew: (o) => fwd.map(o), stale: text !== good.text };
}

/** The line hints to show in `text`: all of them when it checks, else those above the edit. */
export function visibleHints(text: string, checked: Checked): LineHint[] {
  const latest = checked.latest;
  if (latest?.analysis.ok && latest.text === text) return lineHints(latest.analysis, text);
  const good = checked.lastGood;
  if (!good) return [];
  const tm = textMap(good.text, text);
  const out: LineHint[] = [];
  for (const h of lineHints(good.analysis, good.text)) {
    if (h.offset >= tm.changedFrom) continue; // below the edit they may have changed
    const o = tm.map(h.offset);
    if (o !== undefined) out.push({ offset: o, label: h.label });
  }
  return out;
}
