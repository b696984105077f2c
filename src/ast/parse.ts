// source text -> AST + syntax diagnostics (MM1xxx). Never throws on any input.
import type { IRecognitionException, IToken } from "chevrotain";
import { parseText } from "../../grammar/parser.js";
import { KEYWORD_WORDS } from "../../grammar/tokens.js";
import { buildFile, type BrokenItem } from "./build.js";
import { openAt, unclosedDelimiters } from "./delimiters.js";
import { lookalikeHelp } from "./lookalikes.js";
import { asciiSpelling, NAME_RULE, nameAround, nonAscii } from "./names.js";
import type { SpecFile } from "./nodes.js";
import { reportOversize } from "./size.js";
import { DiagnosticBag, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../source/source.js";

export interface ParseResult {
  ast: SpecFile;
  diagnostics: Diagnostic[];
  /** Declarations a syntax error broke: the checker skips them (their errors are already shown). */
  broken: BrokenItem[];
  /** Nothing was parsed (the input is too large or nests too deeply); the diagnostics say why. */
  aborted?: boolean;
}

const DECLARATION = "a declaration (`model`, `data`, `input`, `block`, `encoder`, `head`, `loss`, `train`, `evaluate` or `import`)";
const ITEM_WORDS = ["model", "import", "data", "input", "block", "encoder", "head", "loss", "train", "evaluate"];

const RULE_WORDS: Record<string, string> = {
  file: DECLARATION,
  item: DECLARATION,
  statement: "a layer call, `repeat` or `residual`",
  body: "a layer call, `repeat` or `residual`",
  expression: "a value (a number, a string, a name, a call or a list)",
  term: "a value (a number, a string, a name, a call or a list)",
  primary: "a value (a number, a string, a name, a call or a list)",
  unary: "a value",
  dim: "a dimension such as `B`, `32` or `H: 32`",
  towerDecl: "`encoder` or `head`",
};

export function parseSpec(file: SourceFile): ParseResult {
  const bag = new DiagnosticBag(file);
  if (reportOversize(file, bag)) return aborted(file, bag);
  const out = parseText(file.text);
  const badNames = new Set<number>();
  for (const e of out.lexErrors) {
    const start = e.offset;
    const name = nameAround(file.text, start);
    if (name) {
      // One error per name, however many runs of characters outside ASCII it holds.
      if (!badNames.has(name.start)) reportNonAsciiName(bag, file.text.slice(name.start, name.end), name);
      badNames.add(name.start);
      continue;
    }
    const ch = file.text.slice(start, start + Math.max(1, e.length));
    const first = String.fromCodePoint(ch.codePointAt(0)!);
    bag.error("MM1002", `unexpected character \`${printable(ch)}\``, { start, end: start + Math.max(1, e.length) }, "not part of the .mm language", {
      help: lookalikeHelp(first) ?? "remove it: outside strings and comments, a spec is written in ASCII",
    });
  }
  for (const t of out.invalid) {
    const start = t.startOffset;
    if (t.image.startsWith('"')) {
      bag.error("MM1003", "this string is never closed", { start, end: start + t.image.length }, "the string starts here and runs to the end of the line", {
        help: 'close it with `"` on the same line',
      });
    } else {
      bag.error("MM1002", "unexpected character `#`", { start, end: start + 1 }, "not part of the .mm language", { help: "comments start with `//`" });
    }
  }
  if (out.tooComplex) {
    const t = out.tooComplex.token;
    bag.error("MM1005", `this spec nests too deeply to read: ${out.tooComplex.reason}`, { start: t.startOffset, end: t.startOffset + t.image.length }, "too deep", {
      help: out.tooComplex.kind === "operators" ? "split the expression, or write the value as one number" : "remove the extra brackets, or move the inner layers into a `block`",
    });
    return aborted(file, bag);
  }
  const lastReal = out.tokens[out.tokens.length - 1];
  for (const e of out.parseErrors) bag.items.push(syntaxError(bag, e, lastReal, file));
  const diagnostics = dropCascades(bag.items, file, out.tokens);
  pointAtUnclosed(diagnostics, out.tokens);
  const built = buildFile(out.cst, out.comments, file.text.length, diagnostics.map((d) => d.primary.span.start));
  return { ast: built.ast, diagnostics, broken: built.broken };
}

/** Nothing is parsed: the diagnostics say which limit the file breaks. */
function aborted(file: SourceFile, bag: DiagnosticBag): ParseResult {
  return { ast: { items: [], comments: [], span: { start: 0, end: file.text.length } }, diagnostics: bag.items, broken: [], aborted: true };
}

function syntaxError(bag: DiagnosticBag, e: IRecognitionException, lastReal: IToken | undefined, file: SourceFile): Diagnostic {
  const t = e.token;
  const atEnd = !Number.isFinite(t.startOffset) || t.tokenType?.name === "EOF";
  const endOfLast = lastReal ? (lastReal.endOffset ?? lastReal.startOffset) + 1 : file.text.length;
  const where: Span = atEnd ? { start: endOfLast, end: endOfLast } : { start: t.startOffset, end: (t.endOffset ?? t.startOffset) + 1 };
  const found = atEnd ? "the end of the file" : `\`${t.image}\``;
  const expected = expectedText(e);
  const label = atEnd ? `expected ${expected}` : `expected ${expected} here`;
  const d = bag.error("MM1001", `expected ${expected}, found ${found}`, where, label);
  bag.items.pop();
  const help = helpFor(expected, atEnd ? "" : t.image, e, !atEnd && startsLine(file.text, t.startOffset));
  if (help) d.help = help;
  return d;
}

function expectedText(e: IRecognitionException): string {
  const stack = e.context?.ruleStack ?? [];
  const rule = stack[stack.length - 1] ?? "";
  const m = /Expecting --> (.+?) <--/.exec(e.message) ?? /Expecting token of type --> (.+?) <--/.exec(e.message);
  if (m) {
    const what = m[1]!;
    if (what === "EOF") return DECLARATION;
    if (what === "Identifier" || what === "AnyName") return "a name";
    // In a body, a missing `}` is as likely a line that is not a layer call.
    if (what === "'}'" && rule === "body") return "a layer call or `}`";
    return `\`${what.replace(/^'|'$/g, "")}\``;
  }
  return RULE_WORDS[rule] ?? "something else";
}

function startsLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return text.slice(lineStart, offset).trim() === "";
}

function helpFor(expected: string, found: string, e: IRecognitionException, lineStart: boolean): string | undefined {
  const stack = e.context?.ruleStack ?? [];
  if (lineStart && ITEM_WORDS.includes(found) && expected !== "a layer call or `}`") {
    return `the declaration before this line is unfinished: complete it before \`${found}\``;
  }
  if (KEYWORD_WORDS.includes(found) && (expected === "a name" || expected.startsWith("a value"))) {
    return `\`${found}\` is a keyword and cannot name an input, encoder, head or block; choose another name`;
  }
  if (expected === "a layer call or `}`") {
    return ITEM_WORDS.includes(found)
      ? "the body above is never closed: add `}` before this line"
      : "each line in a body is a layer call like `dense(128)`, `repeat N { ... }` or `residual { ... }`";
  }
  if (stack[stack.length - 1] === "inputDecl" && expected === "`:`") return "an input is written `input name: Type[dims]`, such as `input text: Tokens[B, 12] vocab 128`";
  if (expected === "`)`") return "close the argument list with `)`, and separate arguments with `,`";
  if (expected === "`]`") return "separate dimensions with `,` and close the list with `]`";
  if (expected === "`}`") return "close the block with `}`";
  if (expected === DECLARATION) return "each top-level line starts with one of these words; layers go inside an `encoder` or `head` body";
  if (stack.includes("statement")) return "each line in a body is a layer call like `dense(128)`";
  return undefined;
}

/** Most openers one error points at: the innermost, which is the one to close first. */
const MAX_UNCLOSED_LABELS = 3;

/**
 * A syntax error where a bracket is still open and never closed gets a secondary label at that
 * bracket, so an unclosed `{` is shown where it was opened, not only where the parser gave up.
 * Each opener is pointed at once, by the first error after it.
 */
function pointAtUnclosed(ds: Diagnostic[], tokens: IToken[]): void {
  const unclosed = unclosedDelimiters(tokens);
  if (!unclosed.length) return;
  const shown = new Set<number>();
  for (const d of ds) {
    if (d.code !== "MM1001") continue;
    const open = openAt(unclosed, d.primary.span.start).filter((u) => !shown.has(u.start)).slice(-MAX_UNCLOSED_LABELS);
    for (const u of open) {
      shown.add(u.start);
      d.secondary.push({ span: { start: u.start, end: u.start + 1 }, message: `this \`${u.char}\` is never closed` });
    }
  }
}

/** One error for the whole name, stating the rule, with an ASCII spelling when one is obvious. */
function reportNonAsciiName(bag: DiagnosticBag, name: string, where: Span): void {
  const bad = nonAscii(name);
  const shown = bad.slice(0, 3).map((ch) => `\`${ch}\``);
  const list = shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}${bad.length > 3 ? " (and more)" : ""}`;
  const spelling = asciiSpelling(name);
  bag.error("MM1008", `\`${name}\` is not a valid name: ${NAME_RULE}`, where, `${list} ${bad.length === 1 ? "is" : "are"} not ASCII`, {
    help: spelling ? `write it in ASCII, such as \`${spelling}\`` : "write the name in ASCII letters; captions and strings may hold any text",
  });
}

function printable(s: string): string {
  return [...s].map((ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 ? `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}` : ch)).join("");
}

/**
 * Recovery can report one mistake several times: the same place twice, a second error on the
 * line of the first, or an error at the very next token (an unclosed string, then the call it
 * broke). Keep the first of each such run.
 */
function dropCascades(ds: Diagnostic[], file: SourceFile, tokens: IToken[]): Diagnostic[] {
  const lineOf = (d: Diagnostic) => file.position(d.primary.span.start).line;
  // A bad character explains the parse error it causes on its line (`1e−3`: "expected `)`, found `e`").
  const lexical = new Set(ds.filter((d) => d.code !== "MM1001").map(lineOf));
  const sorted = ds.filter((d) => d.code !== "MM1001" || !lexical.has(lineOf(d))).sort((a, b) => a.primary.span.start - b.primary.span.start);
  const lines = new Set<number>();
  const out: Diagnostic[] = [];
  let nextToken = -1;
  for (const d of sorted) {
    const line = lineOf(d);
    const cascade = lines.has(line) || (d.code === "MM1001" && d.primary.span.start === nextToken);
    lines.add(line);
    nextToken = firstTokenFrom(tokens, d.primary.span.end, d.primary.span.start);
    if (!cascade) out.push(d);
  }
  return out;
}

/** Start of the first token that begins at or after `offset` (and after `after`), or -1. */
function firstTokenFrom(tokens: IToken[], offset: number, after: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  while (lo < tokens.length && tokens[lo]!.startOffset <= after) lo++;
  return lo < tokens.length ? tokens[lo]!.startOffset : -1;
}
