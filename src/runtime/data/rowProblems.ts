// Collects the bad rows of one data file instead of stopping at the first, so a user fixing
// a manifest sees every broken row in one run. One bad row is thrown as it always was; several
// become one DataError listing the first LISTED_ROWS (by line) and counting the rest.
import { DataError, type RowProblem } from "./types.js";

/** How many bad rows an error lists; the rest are only counted, so the error stays readable. */
export const LISTED_ROWS = 20;

export class RowProblems {
  private readonly problems: (RowProblem & { help?: string })[] = [];

  constructor(private readonly file: string) {}

  get count(): number {
    return this.problems.length;
  }

  /**
   * Runs `check` for the row on `line`; a DataError it throws about this file is recorded and
   * `undefined` returned, so the caller goes on with the next row. Other errors pass through.
   */
  row<T>(line: number, check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof DataError) || error.rows || (error.file !== undefined && error.file !== this.file)) throw error;
      this.add(error.code, error.line ?? line, error.message, error.help);
      return undefined;
    }
  }

  add(code: RowProblem["code"], line: number, message: string, help?: string): void {
    this.problems.push({ code, line, message, ...(help !== undefined ? { help } : {}) });
  }

  /** Throws the rows recorded so far, if any: the single row as is, several as one list. */
  throwIfAny(): void {
    if (this.problems.length === 0) return;
    const sorted = [...this.problems].sort((a, b) => a.line - b.line);
    const first = sorted[0]!;
    if (sorted.length === 1) throw new DataError(first.code, first.message, this.file, first.line, first.help);
    const listed = sorted.slice(0, LISTED_ROWS);
    const more = sorted.length - listed.length;
    const helps = [...new Set(sorted.flatMap((p) => (p.help !== undefined ? [p.help] : [])))];
    const message = `${sorted.length} rows are bad${more > 0 ? ` (the first ${listed.length} are listed)` : ""}; fix them all, then run again`;
    throw new DataError(
      first.code,
      message,
      this.file,
      undefined,
      helps.length > 0 ? helps.join("; ") : undefined,
      listed.map(({ code, line, message }) => ({ code, line, message })),
      more,
    );
  }
}
