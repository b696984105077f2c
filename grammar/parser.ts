// The .mm grammar as a chevrotain CST parser with error recovery and full locations.
// Rules stay syntactic: layer names, argument names and types are the checker's job.
import { CstParser, type CstNode, type IRecognitionException, type IToken, type ILexingError, type TokenType } from "chevrotain";
import * as T from "./tokens.js";
import { MAX_NESTING, MAX_OPERATORS } from "../src/source/limits.js";

export { MAX_NESTING, MAX_OPERATORS };

class MmParser extends CstParser {
  constructor() {
    super(T.ALL_TOKENS, { recoveryEnabled: true, nodeLocationTracking: "full", maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  file = this.RULE("file", () => {
    this.MANY(() => this.SUBRULE(this.item));
  });

  item = this.RULE("item", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.modelDecl) },
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.dataDecl) },
      { ALT: () => this.SUBRULE(this.inputDecl) },
      { ALT: () => this.SUBRULE(this.blockDecl) },
      { ALT: () => this.SUBRULE(this.towerDecl) },
      { ALT: () => this.SUBRULE(this.lossDecl) },
      { ALT: () => this.SUBRULE(this.trainDecl) },
      { ALT: () => this.SUBRULE(this.evaluateDecl) },
    ]);
  });

  modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(T.Model);
    this.CONSUME(T.Identifier);
  });

  importDecl = this.RULE("importDecl", () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.StringLiteral);
  });

  dataDecl = this.RULE("dataDecl", () => {
    this.CONSUME(T.Data);
    this.SUBRULE(this.call);
  });

  // input image: Image[B, 32, 32, 3]      input text: Tokens[B, 12] vocab 128
  inputDecl = this.RULE("inputDecl", () => {
    this.CONSUME(T.Input);
    this.CONSUME(T.Identifier, { LABEL: "name" });
    this.CONSUME(T.Colon);
    this.CONSUME2(T.Identifier, { LABEL: "type" });
    this.SUBRULE(this.dims);
    this.MANY(() => this.SUBRULE(this.modifier));
  });

  modifier = this.RULE("modifier", () => {
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.primary);
  });

  dims = this.RULE("dims", () => {
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.dim) });
    this.CONSUME(T.RBracket);
  });

  // B | 32 | H: 32 | D: width
  dim = this.RULE("dim", () => {
    this.OR([
      { GATE: () => this.LA(2).tokenType === T.Colon, ALT: () => {
        this.CONSUME(T.Identifier, { LABEL: "axis" });
        this.CONSUME(T.Colon);
        this.SUBRULE(this.expression);
      } },
      { ALT: () => this.SUBRULE2(this.expression) },
    ]);
  });

  // block transformer(width, heads: 4) { ... }
  blockDecl = this.RULE("blockDecl", () => {
    this.CONSUME(T.Block);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.param) });
    this.CONSUME(T.RParen);
    this.SUBRULE(this.body);
  });

  param = this.RULE("param", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Colon);
      this.SUBRULE(this.expression);
    });
  });

  // encoder image_enc(image) -> [B, 128] { ... }     head joint(concat(a, b)) { ... }
  // encoder image_enc(image) -> [B, 64] from "runs/pre/model" frozen { ... }
  towerDecl = this.RULE("towerDecl", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Encoder) }, { ALT: () => this.CONSUME(T.Head) }]);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    this.OPTION(() => {
      this.CONSUME(T.Arrow);
      this.SUBRULE(this.dims);
    });
    this.MANY(() => this.SUBRULE(this.towerOption));
    this.SUBRULE(this.body);
  });

  // `from "runs/pre/model"`, `frozen`, `lr_scale 0.1`: a word, then at most one literal.
  // Only literals, so that `frozen lr_scale 0.1` cannot read `lr_scale` as frozen's value.
  towerOption = this.RULE("towerOption", () => {
    this.CONSUME(T.Identifier);
    this.OPTION(() => this.OR([{ ALT: () => this.CONSUME(T.StringLiteral) }, { ALT: () => this.CONSUME(T.NumberLiteral) }]));
  });

  body = this.RULE("body", () => {
    this.CONSUME(T.LBrace);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RBrace);
  });

  statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.repeatStmt) },
      { ALT: () => this.SUBRULE(this.residualStmt) },
      { ALT: () => {
        this.SUBRULE(this.call);
        // `transformer(64, heads: 4) from "runs/pre/model"`: a word that is not a call's name.
        this.MANY({ GATE: () => this.LA(2).tokenType !== T.LParen, DEF: () => this.SUBRULE(this.towerOption) });
      } },
    ]);
  });

  repeatStmt = this.RULE("repeatStmt", () => {
    this.CONSUME(T.Repeat);
    this.SUBRULE(this.primary);
    this.SUBRULE(this.body);
  });

  residualStmt = this.RULE("residualStmt", () => {
    this.CONSUME(T.Residual);
    this.SUBRULE(this.body);
  });

  lossDecl = this.RULE("lossDecl", () => {
    this.CONSUME(T.Loss);
    this.SUBRULE(this.expression);
  });

  // train { optimizer: adam(lr: 1e-3), batch: 64, epochs: 10 }
  trainDecl = this.RULE("trainDecl", () => {
    this.CONSUME(T.Train);
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.SUBRULE(this.setting);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBrace);
  });

  setting = this.RULE("setting", () => {
    this.CONSUME(T.AnyName);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression);
  });

  evaluateDecl = this.RULE("evaluateDecl", () => {
    this.CONSUME(T.Evaluate);
    this.SUBRULE(this.call);
  });

  call = this.RULE("call", () => {
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.argument) });
    this.CONSUME(T.RParen);
  });

  argument = this.RULE("argument", () => {
    this.OPTION({
      GATE: () => this.LA(2).tokenType === T.Colon,
      DEF: () => {
        this.CONSUME(T.AnyName);
        this.CONSUME(T.Colon);
      },
    });
    this.SUBRULE(this.expression);
  });

  expression = this.RULE("expression", () => {
    this.SUBRULE(this.term);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.SUBRULE2(this.term);
    });
  });

  term = this.RULE("term", () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.Slash) }]);
      this.SUBRULE2(this.unary);
    });
  });

  unary = this.RULE("unary", () => {
    this.OR([
      { ALT: () => {
        this.CONSUME(T.Minus);
        this.SUBRULE(this.unary);
      } },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  primary = this.RULE("primary", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { GATE: () => this.LA(2).tokenType === T.LParen, ALT: () => this.SUBRULE(this.call) },
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.SUBRULE(this.list) },
      { ALT: () => {
        this.CONSUME(T.LParen);
        this.SUBRULE(this.expression);
        this.CONSUME(T.RParen);
      } },
    ]);
  });

  list = this.RULE("list", () => {
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RBracket);
  });
}

/** One parser instance, reused: chevrotain parsers are built once and reset per input. */
export const mmParser = new MmParser();

export interface ParseOutput {
  cst: CstNode;
  tokens: IToken[];
  comments: IToken[];
  /** Tokens that are always errors (an unclosed string, a `#` comment), kept out of the parse. */
  invalid: IToken[];
  lexErrors: ILexingError[];
  parseErrors: IRecognitionException[];
  /** Set when the input nests too deeply to parse: nothing was parsed. */
  tooComplex?: TooComplex;
}

export interface TooComplex {
  token: IToken;
  kind: "nesting" | "operators";
  reason: string;
}

/**
 * The first place where brackets nest, or operators chain, beyond the limits. Operators are
 * counted per bracket level, so `1 + (1) + (1) + ...` is one long chain: the recursive walks
 * over expressions go as deep as the longest chain.
 */
export function tooComplex(tokens: IToken[]): TooComplex | undefined {
  const outer: number[] = [];
  let operators = 0;
  const OPEN = new Set<TokenType>([T.LParen, T.LBracket, T.LBrace]);
  const CLOSE = new Set<TokenType>([T.RParen, T.RBracket, T.RBrace]);
  const OPS = new Set<TokenType>([T.Plus, T.Minus, T.Star, T.Slash]);
  for (const t of tokens) {
    if (OPEN.has(t.tokenType)) {
      outer.push(operators);
      operators = 0;
      if (outer.length > MAX_NESTING) return { token: t, kind: "nesting", reason: `brackets nest more than ${MAX_NESTING} deep here` };
    } else if (CLOSE.has(t.tokenType)) {
      operators = outer.pop() ?? 0;
    } else if (OPS.has(t.tokenType)) {
      if (++operators > MAX_OPERATORS) return { token: t, kind: "operators", reason: `an expression chains more than ${MAX_OPERATORS} operators here` };
    } else if (t.tokenType === T.Comma || t.tokenType === T.Colon) {
      operators = 0;
    }
  }
  return undefined;
}

export function parseText(text: string): ParseOutput {
  const lexed = T.mmLexer.tokenize(text);
  const complex = tooComplex(lexed.tokens);
  let cst: CstNode;
  let parseErrors: IRecognitionException[] = [];
  if (complex) {
    cst = { name: "file", children: {} };
  } else {
    mmParser.input = lexed.tokens;
    cst = mmParser.file();
    parseErrors = mmParser.errors;
  }
  return {
    cst,
    tokens: lexed.tokens,
    comments: (lexed.groups["comments"] ?? []) as IToken[],
    invalid: (lexed.groups["invalid"] ?? []) as IToken[],
    lexErrors: lexed.errors,
    parseErrors,
    ...(complex ? { tooComplex: complex } : {}),
  };
}
