// Brace patterns naming shard files, as webdataset and OpenCLIP write them:
// "dir/train-{0000..0007}.tar" (a numeric range, zero-padded to the first bound's width) and
// "{a,b}" (alternatives); several braces multiply. Pure (no Node imports): the checker
// validates patterns with it, and the shards kind expands them into file names.

export class BracePatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BracePatternError";
  }
}

/** Shards one pattern may name, so a typo such as {0..99999999} fails fast. */
export const MAX_EXPANSION = 100_000;

function alternatives(body: string, pattern: string): string[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(body);
  if (range) {
    const [, from, to] = range as unknown as [string, string, string];
    const lo = Number(from);
    const hi = Number(to);
    if (lo > hi) throw new BracePatternError(`the range {${body}} in "${pattern}" runs backwards; write {${to}..${from}}`);
    if (hi - lo + 1 > MAX_EXPANSION) throw new BracePatternError(`the range {${body}} in "${pattern}" names ${hi - lo + 1} files; at most ${MAX_EXPANSION}`);
    const width = from.length;
    return Array.from({ length: hi - lo + 1 }, (_, i) => String(lo + i).padStart(width, "0"));
  }
  if (body.includes(",")) return body.split(",");
  throw new BracePatternError(`the brace {${body}} in "${pattern}" is neither a range such as {0000..0007} nor a list such as {a,b}`);
}

/** Every file name a pattern stands for, in order; throws BracePatternError on a bad one. */
export function expandBraces(pattern: string): string[] {
  if (pattern.trim() === "") throw new BracePatternError("the shard pattern is empty");
  let names = [""];
  let rest = pattern;
  while (rest.length > 0) {
    const open = rest.indexOf("{");
    const close = rest.indexOf("}");
    if (open < 0) {
      if (close >= 0) throw new BracePatternError(`"${pattern}" has a \`}\` without its \`{\``);
      names = names.map((n) => n + rest);
      break;
    }
    if (close >= 0 && close < open) throw new BracePatternError(`"${pattern}" has a \`}\` without its \`{\``);
    if (close < 0) throw new BracePatternError(`"${pattern}" has a \`{\` that is never closed`);
    const body = rest.slice(open + 1, close);
    if (body.includes("{")) throw new BracePatternError(`"${pattern}" nests braces; write each range once, such as {0000..0007}`);
    const head = rest.slice(0, open);
    const options = alternatives(body, pattern);
    if (names.length * options.length > MAX_EXPANSION) throw new BracePatternError(`"${pattern}" names more than ${MAX_EXPANSION} files`);
    names = names.flatMap((n) => options.map((o) => n + head + o));
    rest = rest.slice(close + 1);
  }
  return names;
}
