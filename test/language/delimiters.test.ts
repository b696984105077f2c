// Unclosed brackets, by matching the token stream: what a syntax error points back at.
import { describe, expect, it } from "vitest";
import { mmLexer } from "../../grammar/tokens.js";
import { openAt, unclosedDelimiters } from "../../src/ast/delimiters.js";

const unclosed = (text: string) => unclosedDelimiters(mmLexer.tokenize(text).tokens).map((u) => [u.char, u.start, u.until]);

describe("unclosedDelimiters", () => {
  it("finds nothing when every bracket closes", () => {
    expect(unclosed("encoder e(x) -> [B, 4] { dense(4) }")).toEqual([]);
  });

  it("reports openers left at the end of the file, outermost first", () => {
    expect(unclosed("a { b ( c")).toEqual([["{", 2, Infinity], ["(", 6, Infinity]]);
  });

  it("gives up an inner opener when an outer closer comes (`{ f( }`)", () => {
    expect(unclosed("{ f( }")).toEqual([["(", 3, 5]]);
  });

  it("skips a stray closer instead of closing something else", () => {
    expect(unclosed("{ f(x)) }")).toEqual([]);
  });

  it("ignores brackets inside strings and comments", () => {
    expect(unclosed('f("(") // {\n')).toEqual([]);
  });

  it("openAt keeps the ones opened before an offset and still open there", () => {
    const u = unclosedDelimiters(mmLexer.tokenize("{ f( } g(").tokens);
    expect(openAt(u, 4).map((x) => x.start)).toEqual([3]);
    expect(openAt(u, 6).map((x) => x.start)).toEqual([]);
    expect(openAt(u, 9).map((x) => x.start)).toEqual([8]);
  });
});
