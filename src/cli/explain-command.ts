// `mmc explain CODE`: the long explanation of a diagnostic code, with a wrong and a right
// example, as `rustc --explain` prints it.
import { ALL_CODES, isCode } from "../diagnostics/codes.js";
import { formatExplanation } from "../diagnostics/explanations.js";
import { closest } from "../diagnostics/suggest.js";

export class UnknownCodeError extends Error {
  constructor(
    message: string,
    readonly help: string,
  ) {
    super(message);
    this.name = "UnknownCodeError";
  }
}

export function runExplain(raw: string, write: (s: string) => void = (s) => process.stdout.write(s)): number {
  const code = raw.trim().toUpperCase().replace(/^(\d{4})$/, "MM$1");
  if (!isCode(code)) {
    const near = closest(code, ALL_CODES);
    const range = ALL_CODES.filter((c) => c.slice(0, 3) === code.slice(0, 3));
    throw new UnknownCodeError(
      `there is no diagnostic code \`${raw}\``,
      near ? `did you mean \`${near}\`?` : range.length ? `codes of this range: ${range.join(", ")}` : "codes look like MM2001: MM1xxx syntax, MM2xxx names, MM3xxx shapes, MM4xxx data and training, MM5xxx data files",
    );
  }
  write(formatExplanation(code));
  return 0;
}
