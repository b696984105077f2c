// Every size bound on a spec in one place. Each keeps a typo or a generated file from hanging
// the checker or overflowing its stack, and each is far beyond what a real model needs.

/** Characters in one spec file (the CLI refuses larger files before reading them). */
export const MAX_SPEC_CHARS = 1 << 20;
/** Characters on one line: longer lines are generated, and no diagnostic could show them. */
export const MAX_LINE_CHARS = 10_000;
/** Brackets (`(`, `[`, `{`) open at once: bodies, calls, lists and parentheses all count. */
export const MAX_NESTING = 64;
/** Operators in one expression at one bracket level. */
export const MAX_OPERATORS = 256;
/** Blocks calling blocks, or towers feeding towers, in one chain. */
export const MAX_CHAIN = 64;
/** Passes of one `repeat`. */
export const MAX_REPEAT = 1000;
/** IR nodes in the whole model, however written: layers, block calls, `repeat` passes. */
export const MAX_NODES = 20_000;
/** Repeat passes, residuals and block calls: empty nested `repeat`s add scopes but no nodes. */
export const MAX_SCOPES = 50_000;

export const fmtCount = (n: number) => n.toLocaleString("en-US");
