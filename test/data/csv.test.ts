import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/runtime/data/csv.js";
import { DataError } from "../../src/runtime/data/types.js";

describe("parseCsv", () => {
  it("reads quoted fields with separators, doubled quotes and newlines, keeping start lines", () => {
    const text = '\uFEFFfilepath,title\r\na.png,"a cat, sitting"\r\n\r\nb.png,"say ""hi""\nthere"\nc.png,plain\n';
    expect(parseCsv(text, ",", "m.csv")).toEqual([
      { line: 1, fields: ["filepath", "title"] },
      { line: 2, fields: ["a.png", "a cat, sitting"] },
      { line: 4, fields: ["b.png", 'say "hi"\nthere'] },
      { line: 6, fields: ["c.png", "plain"] },
    ]);
  });

  it("keeps empty fields and a last line without newline; other separators work", () => {
    expect(parseCsv('a\t""\t\nx\ty\tz', "\t", "m.tsv")).toEqual([
      { line: 1, fields: ["a", "", ""] },
      { line: 2, fields: ["x", "y", "z"] },
    ]);
    expect(parseCsv("", ",", "m.csv")).toEqual([]);
  });

  it("reports an unclosed quote at the line where it opened", () => {
    try {
      parseCsv('h1,h2\nok,fine\nbad,"never closed\nmore\n', ",", "m.csv");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DataError);
      expect(error).toMatchObject({ file: "m.csv", line: 3, code: "MM5011" });
    }
  });
});
