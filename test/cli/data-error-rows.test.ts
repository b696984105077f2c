// How `mmc` prints a data file with many bad rows: the summary on the `mmc: error` line, then
// one `path:line: [code] what` line per listed row, the count of the rest, and the fixes once.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reportCliError } from "../../src/cli/cli-errors.js";
import { RowProblems } from "../../src/runtime/data/rowProblems.js";
import { DataError } from "../../src/runtime/data/types.js";

function printed(error: unknown): { code: number; text: string } {
  let text = "";
  const code = reportCliError(error, (s) => (text += s));
  return { code, text };
}

function thrown(fill: (problems: RowProblems) => void, file: string): DataError {
  const problems = new RowProblems(file);
  fill(problems);
  try {
    problems.throwIfAny();
  } catch (error) {
    return error as DataError;
  }
  throw new Error("expected throwIfAny to throw");
}

describe("reportCliError on a DataError with bad rows", () => {
  const file = path.join(process.cwd(), "data", "train.csv");

  it("lists 20 of 25 rows relative to the working folder, counts 5, exits 1", () => {
    const error = thrown((problems) => {
      // Added out of order: the listing is by line.
      for (let line = 26; line >= 2; line--) problems.add("MM5015", line, `image "img/${line}.png" on line ${line} does not exist (looked for ${path.join(process.cwd(), "data/img", `${line}.png`)})`, "image paths resolve relative to the manifest's folder");
    }, file);
    const { code, text } = printed(error);
    expect(code).toBe(1);
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe("mmc: error[MM5015]: data/train.csv: 25 rows are bad (the first 20 are listed); fix them all, then run again");
    expect(lines[1]).toBe('  data/train.csv:2: [MM5015] image "img/2.png" on line 2 does not exist (looked for data/img/2.png)');
    expect(lines[20]).toMatch(/^ {2}data\/train\.csv:21: \[MM5015\]/);
    expect(lines[21]).toBe("  ... and 5 more bad rows");
    expect(lines[22]).toBe("  help: image paths resolve relative to the manifest's folder");
    expect(lines).toHaveLength(23);
  });

  it("keeps the one-line form for a single bad row", () => {
    const error = thrown((problems) => problems.add("MM5014", 7, "line 7 has an empty caption in `title`"), file);
    expect(printed(error).text).toBe("mmc: error[MM5014]: data/train.csv:7: line 7 has an empty caption in `title`\n");
  });

  it("passes other errors and other files' errors through instead of collecting them", () => {
    const problems = new RowProblems(file);
    expect(() => problems.row(3, () => { throw new TypeError("bug"); })).toThrow(TypeError);
    expect(() => problems.row(3, () => { throw new DataError("MM5015", "elsewhere", "/other.csv", 3); })).toThrow("elsewhere");
    expect(problems.row(3, () => { throw new DataError("MM5014", "empty", file, 3); })).toBeUndefined();
    expect(problems.count).toBe(1);
  });
});
