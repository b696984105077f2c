// Size checks that run before lexing: a file or a line beyond the limits is reported once,
// with where it goes past, and nothing else is read (every later pass is then bounded).
import { DiagnosticBag } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../source/source.js";
import { fmtCount, MAX_LINE_CHARS, MAX_SPEC_CHARS } from "../source/limits.js";

/** Reports the first size limit `file` breaks; true if it breaks one. */
export function reportOversize(file: SourceFile, bag: DiagnosticBag): boolean {
  const text = file.text;
  if (text.length > MAX_SPEC_CHARS) {
    bag.error("MM1006", `the spec is ${fmtCount(text.length)} characters long; a spec may be at most ${fmtCount(MAX_SPEC_CHARS)}`, { start: MAX_SPEC_CHARS, end: MAX_SPEC_CHARS + 1 }, `the file goes past ${fmtCount(MAX_SPEC_CHARS)} characters here`, {
      help: "write repeated layers once inside `repeat N { ... }` or a `block`, or move blocks into another file and `import` it",
    });
    return true;
  }
  for (let start = 0; start <= text.length; ) {
    const nl = text.indexOf("\n", start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > MAX_LINE_CHARS) {
      const at = start + MAX_LINE_CHARS;
      bag.error("MM1007", `this line is ${fmtCount(end - start)} characters long; a line may be at most ${fmtCount(MAX_LINE_CHARS)}`, { start: at, end: at + 1 }, `the line goes past ${fmtCount(MAX_LINE_CHARS)} characters here`, {
        help: "break it into several lines: layers, arguments and list items may each go on a line of their own",
      });
      return true;
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  return false;
}
