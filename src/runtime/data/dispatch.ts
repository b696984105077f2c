// Dispatch on `data kind(...)`: check the kind and its arguments, then let the data set
// produce captions (describe) or everything (load). Parameterised by the table of data sets
// so the browser build can offer only those that need no files (see browser.ts).
import { DataError, type DataBundle, type DataInfo, type DataRequest } from "./types.js";
import { resolveArgs, type DataArgs } from "./args.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import { DATA_ERRORS } from "./errors.js";
import { DATA_KINDS, isDataKind } from "../../ir/data/kinds.js";
import type { DataSource } from "./source.js";
import { bundleOf, infoOf } from "./assemble.js";

export interface DataLoader {
  /** Sizes, vocabulary size, classes and counts, without decoding images; seqLen is not needed. */
  describeData(req: Omit<DataRequest, "seqLen"> & { seqLen?: number }): DataInfo;
  /** Every pixel, caption, token, label and group of both splits. */
  loadData(req: DataRequest): DataBundle;
}

/** `where` completes "data emoji(...) is not available ___" for kinds left out of `sources`. */
export function dataLoader(sources: Record<string, DataSource>, where = "here"): DataLoader {
  /** Describing needs no token length (the checker may ask before it knows one). */
  function prepare(req: Omit<DataRequest, "seqLen">): { kind: string; source: DataSource; args: DataArgs } {
    const kind = req.kind;
    if (!isDataKind(kind)) {
      const names = Object.keys(DATA_KINDS);
      throw new DataError(
        DATA_ERRORS.unknownKind,
        `unknown data kind \`${kind}\`; known kinds: ${names.join(", ")}`,
        undefined,
        undefined,
        didYouMean(kind, names),
      );
    }
    const source = sources[kind];
    if (!source) {
      throw new DataError(
        DATA_ERRORS.unavailableKind,
        `data ${req.kind}(...) is not available ${where}; here you can use ${Object.keys(sources).join(", ")}`,
      );
    }
    return { kind, source, args: resolveArgs(req.kind, source.spec, req.args) };
  }

  return {
    describeData(req) {
      const { kind, source, args } = prepare(req);
      return infoOf(kind, source.describe(args, req));
    },
    loadData(req) {
      if (!Number.isInteger(req.seqLen) || req.seqLen < 1) {
        throw new DataError(DATA_ERRORS.badArg, `the token length must be a positive whole number, got ${req.seqLen}`);
      }
      const { kind, source, args } = prepare(req);
      return bundleOf(kind, source.load(args, req), req.seqLen);
    },
  };
}
