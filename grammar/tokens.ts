// Every token of the .mm language, and the only place keywords are defined.
// The playground's Monarch grammar is generated from these definitions.
import { createToken, Lexer, type TokenType } from "chevrotain";

/** Any word, keyword or not: argument names and settings may be keywords (`train: 8000`). */
export const AnyName = createToken({ name: "AnyName", pattern: Lexer.NA });
export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [AnyName] });

function keyword(word: string): TokenType {
  return createToken({ name: word[0]!.toUpperCase() + word.slice(1), pattern: new RegExp(word), longer_alt: Identifier, categories: [AnyName], label: `'${word}'` });
}

export const Model = keyword("model");
export const Import = keyword("import");
export const Data = keyword("data");
export const Input = keyword("input");
export const Block = keyword("block");
export const Encoder = keyword("encoder");
export const Head = keyword("head");
export const Loss = keyword("loss");
export const Train = keyword("train");
export const Evaluate = keyword("evaluate");
export const Repeat = keyword("repeat");
export const Residual = keyword("residual");
export const True = keyword("true");
export const False = keyword("false");

export const KEYWORDS = [Model, Import, Data, Input, Block, Encoder, Head, Loss, Train, Evaluate, Repeat, Residual, True, False];
export const KEYWORD_WORDS = KEYWORDS.map((t) => (t.PATTERN as RegExp).source);

export const NumberLiteral = createToken({ name: "NumberLiteral", pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/, label: "a number" });
export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\n]|\\.)*"/, label: "a string" });
/** A string that runs to the end of its line: kept out of the parser, reported as MM1003. */
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:[^"\\\n\r]|\\.)*/, group: "invalid" });
/** `# ...`: a comment in another language's style, reported as MM1002 with a hint. */
export const HashComment = createToken({ name: "HashComment", pattern: /#[^\n\r]*/, group: "invalid" });
export const Arrow = createToken({ name: "Arrow", pattern: /->/, label: "'->'" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "')'" });
export const LBracket = createToken({ name: "LBracket", pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: "RBracket", pattern: /]/, label: "']'" });
export const LBrace = createToken({ name: "LBrace", pattern: /\{/, label: "'{'" });
export const RBrace = createToken({ name: "RBrace", pattern: /}/, label: "'}'" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "':'" });
export const Plus = createToken({ name: "Plus", pattern: /\+/, label: "'+'" });
export const Minus = createToken({ name: "Minus", pattern: /-/, label: "'-'" });
export const Star = createToken({ name: "Star", pattern: /\*/, label: "'*'" });
export const Slash = createToken({ name: "Slash", pattern: /\//, label: "'/'" });

export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n\r]*/, group: "comments" });
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });

/** Order matters: comments before '/', '->' before '-', keywords before identifiers. */
export const ALL_TOKENS: TokenType[] = [
  WhiteSpace, LineComment, AnyName,
  ...KEYWORDS, Identifier,
  NumberLiteral, StringLiteral, UnterminatedString, HashComment,
  Arrow, LParen, RParen, LBracket, RBracket, LBrace, RBrace, Comma, Colon, Plus, Minus, Star, Slash,
];

export const mmLexer = new Lexer(ALL_TOKENS, { positionTracking: "full", ensureOptimizations: false });
