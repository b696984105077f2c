// source text -> AST + syntax diagnostics (MM1xxx). Never throws on any input.
import type { IRecognitionException, IToken } from "chevrotain";
import { parseText } from "../../grammar/parser.js";
import { buildFile } from "./build.js";
import type { SpecFile } from "./nodes.js";
import { DiagnosticBag, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../source/source.js";

export interface ParseResult {
  ast: SpecFile;
  diagnostics: Diagnostic[];
}

const RULE_WORDS: Record<string, string> = {
  item: "a declaration (`model`, `data`, `input`, `block`, `encoder`, `head`, `loss`, `train`, `evaluate` or `import`)",
  statement: "a layer call, `repeat` or `residual`",
  primary: "a value (a number, a string, a name, a call or a list)",
  unary: "a value",
  dim: "a dimension such as `B`, `32` or `H: 32`",
  towerDecl: "`encoder` or `head`",
};

export function parseSpec(file: SourceFile): ParseResult {
  const bag = new DiagnosticBag(file);
  const out = parseText(file.text);
  for (const e of out.lexErrors) {
    const start = e.offset;
    if (file.text[start] === '"') {
      const lineEnd = file.text.indexOf("\n", start);
      bag.error("MM1003", "this string is never closed", { start, end: lineEnd < 0 ? file.text.length : lineEnd }, "the string starts here", {
        help: 'close it with `"` on the same line',
      });
    } else {
      const ch = file.text.slice(start, start + Math.max(1, e.length));
      bag.error("MM1002", `unexpected character \`${printable(ch)}\``, { start, end: start + Math.max(1, e.length) }, "not part of the .mm language", {
        help: ch.startsWith("#") ? "comments start with `//`" : "remove it",
      });
    }
  }
  const lastReal = out.tokens[out.tokens.length - 1];
  for (const e of out.parseErrors) bag.items.push(syntaxError(bag, e, lastReal, file));
  const ast = buildFile(out.cst, out.comments, file.text.length);
  return { ast, diagnostics: dedupe(bag.items) };
}

function syntaxError(bag: DiagnosticBag, e: IRecognitionException, lastReal: IToken | undefined, file: SourceFile): Diagnostic {
  const t = e.token;
  const atEnd = !Number.isFinite(t.startOffset) || t.tokenType?.name === "EOF";
  const where: Span = atEnd
    ? { start: lastReal ? (lastReal.endOffset ?? lastReal.startOffset) + 1 : file.text.length, end: (lastReal ? (lastReal.endOffset ?? lastReal.startOffset) + 1 : file.text.length) + 1 }
    : { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 };
  const found = atEnd ? "the end of the file" : `\`${t.image}\``;
  const expected = expectedText(e);
  const label = atEnd ? `expected ${expected}` : `expected ${expected} here`;
  const d = bag.error("MM1001", `expected ${expected}, found ${found}`, where, label);
  bag.items.pop();
  const help = helpFor(expected, t.image, e);
  if (help) d.help = help;
  return d;
}

function expectedText(e: IRecognitionException): string {
  const m = /Expecting --> (.+?) <--/.exec(e.message) ?? /Expecting token of type --> (.+?) <--/.exec(e.message);
  if (m) return m[1] === "Identifier" ? "a name" : `\`${m[1]!.replace(/^'|'$/g, "")}\``;
  const rule = e.context?.ruleStack?.[e.context.ruleStack.length - 1] ?? "";
  return RULE_WORDS[rule] ?? "something else";
}

function helpFor(expected: string, found: string, e: IRecognitionException): string | undefined {
  if (expected === "`)`") return "close the argument list with `)`, and separate arguments with `,`";
  if (expected === "`]`") return "separate dimensions with `,` and close the list with `]`";
  if (expected === "`}`") return "close the block with `}`";
  if (expected === "a name" && /^[a-z]+$/.test(found)) return `\`${found}\` is a keyword; choose another name`;
  if ((e.context?.ruleStack ?? []).includes("statement")) return "each line in a body is a layer call like `dense(128)`";
  return undefined;
}

function printable(s: string): string {
  return [...s].map((ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 ? `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}` : ch)).join("");
}

/** Recovery can report the same place twice; keep the first. */
function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.code}:${d.primary.span.start}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
