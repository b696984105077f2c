// Generators of inputs no one writes by hand: long towers, deep nesting of every kind, huge
// lines, and text in every script. Shared by test/language/long-inputs.test.ts and the fuzzer.
import type { Rng } from "../../src/common/random.js";

const HEAD = `model long
data shapes(train: 1024, test: 200, seed: 3)
input image: Image[B, 32, 32, 3]
input text: Tokens[B, 12] vocab 32
encoder image_enc(image) -> [B, 16] {
  mean(over: [H, W])
  dense(16)
`;
const TAIL = `}
encoder text_enc(text) -> [B, 16] {
  embed(16)
  mean(over: L)
}
loss infonce(image_enc, text_enc)
train { optimizer: adam(lr: 3e-3), batch: 32, steps: 60 }
`;

/** A spec whose image tower writes out `layers` dense layers, one a line. */
export function longTower(layers: number): string {
  return HEAD + "  dense(16)\n".repeat(layers) + TAIL;
}

export const NESTINGS = ["repeat", "residual", "mixed", "parens", "lists", "calls", "negation"] as const;
export type Nesting = (typeof NESTINGS)[number];

/** A spec with one construct nested `depth` deep inside the image tower. */
export function deepNesting(depth: number, kind: Nesting): string {
  const open: string[] = [];
  for (let i = 0; i < depth; i++) {
    const statement = kind === "repeat" || (kind === "mixed" && i % 2 === 0) ? "repeat 1 {" : "residual {";
    open.push(statement);
  }
  switch (kind) {
    case "parens": return HEAD + `  dense(${"(".repeat(depth)}16${")".repeat(depth)})\n` + TAIL;
    case "lists": return HEAD + `  mean(over: ${"[".repeat(depth)}D${"]".repeat(depth)})\n` + TAIL;
    case "calls": return HEAD + `  dense(${"f(".repeat(depth)}16${")".repeat(depth)})\n` + TAIL;
    case "negation": return HEAD + `  dense(${"-".repeat(depth)}16)\n` + TAIL;
    default: return HEAD + open.map((o) => `  ${o}\n`).join("") + "  dense(16)\n" + "  }\n".repeat(depth) + TAIL;
  }
}

/** A spec with one line of about `chars` characters (a written-out list). */
export function hugeLine(chars: number): string {
  const items: string[] = [];
  for (let n = 0, i = 1; n < chars; i++, n += String(i).length + 2) items.push(String(i));
  return HEAD + "  dense(16)\n" + TAIL + `evaluate retrieval(image_enc, text_enc, k: [${items.join(", ")}])\n`;
}

/** Text a spec may meet from editors and other languages: each entry is one hazard. */
export const UNICODE = [
  "\u00e9", "e\u0301", "\u0645\u0631\u062d\u0628\u0627", "\u05e9\u05dc\u05d5\u05dd", "\u202e", "\u200f", "\u200b", "\u4e2d\u6587", "\u65e5\u672c\u8a9e",
  "\u{1F600}", "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}", "\u{1F1EF}\u{1F1F5}", "\u0000", "\ud800", "\udfff", "\ufeff", "\r\n", "\r", "\u2028",
  "\u0301\u0301\u0301", "\uffff", "\u00a0", "\u{10FFFF}", "\u0391\u03b2\u03b3", "\u0928\u092e\u0938\u094d\u0924\u0947",
];

/** `text` with non-ASCII hazards put in at random places (names, strings, comments, anywhere). */
export function nonAscii(text: string, rng: Rng): string {
  let out = rng.next() < 0.2 ? text.replace(/\n/g, "\r\n") : text;
  if (rng.next() < 0.2) out = "\ufeff" + out;
  for (let n = 1 + rng.int(4); n > 0; n--) {
    const at = rng.int(out.length + 1);
    out = out.slice(0, at) + rng.pick(UNICODE) + out.slice(at);
  }
  return out;
}
