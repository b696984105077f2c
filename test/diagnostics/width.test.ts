// Display width for carets, and the character column the `-->` line reports.
import { describe, expect, it } from "vitest";
import { DiagnosticBag } from "../../src/diagnostics/diagnostic.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import { displayWidth, expandTabs, TAB_WIDTH } from "../../src/diagnostics/width.js";
import { SourceFile } from "../../src/source/source.js";

describe("displayWidth", () => {
  it("counts ASCII one column each", () => expect(displayWidth("dense(64)")).toBe(9));
  it("counts CJK and fullwidth two", () => {
    expect(displayWidth("层")).toBe(2);
    expect(displayWidth("文本")).toBe(4);
    expect(displayWidth("ｘ")).toBe(2);
    expect(displayWidth("한글")).toBe(4);
  });
  it("counts an emoji two, also as a joined sequence, a flag or with a skin tone", () => {
    expect(displayWidth("🚀")).toBe(2);
    expect(displayWidth("👩‍👩‍👧")).toBe(2);
    expect(displayWidth("🇩🇪")).toBe(2);
    expect(displayWidth("👍🏽")).toBe(2);
    expect(displayWidth("❤️")).toBe(2);
  });
  it("counts combining marks zero and accented letters one", () => {
    expect(displayWidth("e\u0301")).toBe(1);
    expect(displayWidth("\u0301")).toBe(0);
    expect(displayWidth("größe")).toBe(5);
  });
  it("counts a tab as TAB_WIDTH, as expandTabs shows it", () => {
    expect(displayWidth("\tx")).toBe(TAB_WIDTH + 1);
    expect(displayWidth(expandTabs("\tx"))).toBe(displayWidth("\tx"));
  });
});

describe("carets after wide text", () => {
  it("sit under the mark whatever comes before it on the line", () => {
    for (const before of ["", "层层", "🚀", "e\u0301", "\t", "👩‍👩‍👧 "]) {
      const text = `x "${before}" bad`;
      const file = new SourceFile("t.mm", text);
      const start = text.indexOf("bad");
      const d = new DiagnosticBag(file).error("MM1001", "m", { start, end: start + 3 }, "here");
      const [, where, , shown, carets] = renderDiagnostic(d).split("\n");
      expect(where).toContain(`t.mm:1:${start + 1}`); // the UTF-16 column, as editors report it
      const column = (row: string) => displayWidth(row.slice(row.indexOf("|") + 2));
      expect(carets!.slice(carets!.indexOf("|") + 2)).toBe(" ".repeat(column(shown!.slice(0, shown!.indexOf("bad")))) + "^^^ here");
    }
  });
});
