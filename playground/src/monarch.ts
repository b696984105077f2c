// The Monarch grammar of .mm, generated from grammar/tokens.ts (Langium's approach): the
// keywords are KEYWORD_WORDS, every other rule is a token's own pattern, in the lexer's
// order. Only the colour of each token is chosen here. Layer, fusion, loss and data-set
// names come from the checker's catalogues, so they too are never written twice.
import type { TokenType } from "chevrotain";
import * as T from "../../grammar/tokens.js";
import { LAYERS } from "../../src/check/layers/index.js";
import { FUSIONS } from "../../src/check/fusion.js";
import { LOSSES } from "../../src/check/loss.js";
import { DATA_KINDS } from "../../src/ir/data/kinds.js";

/** The colour class of each non-keyword token; a token missing here is a plain delimiter. */
const CLASS = new Map<TokenType, string>([
  [T.LineComment, "comment"],
  [T.HashComment, "invalid"],
  [T.StringLiteral, "string"],
  [T.UnterminatedString, "string.invalid"],
  [T.NumberLiteral, "number"],
  [T.Arrow, "operator"],
  [T.Plus, "operator"],
  [T.Minus, "operator"],
  [T.Star, "operator"],
  [T.Slash, "operator"],
  [T.Colon, "delimiter"],
  [T.Comma, "delimiter"],
  [T.LParen, "@brackets"],
  [T.RParen, "@brackets"],
  [T.LBracket, "@brackets"],
  [T.RBracket, "@brackets"],
  [T.LBrace, "@brackets"],
  [T.RBrace, "@brackets"],
]);

/** Words that name built-in things (not keywords: the grammar lets them be names). */
export function builtinNames(): { layers: string[]; fusions: string[]; losses: string[]; data: string[]; types: string[] } {
  return {
    layers: [...LAYERS.keys()],
    fusions: [...FUSIONS],
    losses: Object.keys(LOSSES),
    data: Object.keys(DATA_KINDS),
    types: ["Image", "Tokens", "Labels"],
  };
}

export interface MonarchRule {
  0: RegExp;
  1: string | { cases: Record<string, string> } | { token: string; next?: string };
}

export interface MonarchGrammar {
  defaultToken: string;
  tokenPostfix: string;
  keywords: string[];
  layers: string[];
  builtins: string[];
  types: string[];
  brackets: { open: string; close: string; token: string }[];
  tokenizer: { root: [RegExp, unknown][] };
}

export function monarchGrammar(): MonarchGrammar {
  const names = builtinNames();
  const root: [RegExp, unknown][] = [];
  for (const tok of T.ALL_TOKENS) {
    const pattern = tok.PATTERN;
    if (!(pattern instanceof RegExp)) continue; // categories such as AnyName (Lexer.NA)
    if (T.KEYWORDS.includes(tok)) continue; // matched as identifiers, then told apart by @keywords
    if (tok === T.WhiteSpace) {
      root.push([pattern, "white"]);
    } else if (tok === T.Identifier) {
      // A named argument (`kernel: 3`) is coloured as such; the rest by what the word names.
      root.push([new RegExp(`${pattern.source}(?=\\s*:(?!:))`), { cases: { "@keywords": "keyword", "@default": "attribute.name" } }]);
      root.push([pattern, { cases: { "@keywords": "keyword", "@layers": "type.identifier", "@builtins": "predefined", "@types": "type", "@default": "identifier" } }]);
    } else {
      root.push([pattern, CLASS.get(tok) ?? "delimiter"]);
    }
  }
  return {
    defaultToken: "invalid",
    tokenPostfix: ".mm",
    keywords: [...T.KEYWORD_WORDS],
    layers: names.layers,
    builtins: [...names.fusions, ...names.losses, ...names.data, "adam", "adamw", "sgd", "cosine", "constant", "step", "retrieval", "accuracy"],
    types: names.types,
    brackets: [
      { open: "{", close: "}", token: "delimiter.curly" },
      { open: "[", close: "]", token: "delimiter.square" },
      { open: "(", close: ")", token: "delimiter.parenthesis" },
    ],
    tokenizer: { root },
  };
}
