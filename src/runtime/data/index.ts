// Entry point of the data sets: `describeData` (what the checker needs, no pixels decoded)
// and `loadData` (everything the trainer needs), dispatching on the spec's `data kind(...)`.
import { DataError, type DataBundle, type DataInfo, type DataRequest } from "./types.js";
import { resolveArgs, type DataArgs } from "./args.js";
import { DATA_ERRORS, didYouMean } from "./errors.js";
import { DATA_KINDS, DATA_KIND_ALIASES, canonicalKind } from "./kinds.js";
import type { DataSource } from "./source.js";
import { shapesSource } from "./shapes.js";
import { noiseSource } from "./noise.js";
import { emojiSource } from "./emoji.js";
import { filesSource } from "./manifest.js";
import { bundleOf, infoOf } from "./assemble.js";

export { DATA_KINDS, DATA_KIND_ALIASES, canonicalKind } from "./kinds.js";
export type { ArgSpec, ArgType, KindSpec } from "./args.js";
export { DataError } from "./types.js";
export type { DataBundle, DataInfo, DataRequest, SplitData, Vocab, DataArg } from "./types.js";
export { DATA_ERRORS } from "./errors.js";

const SOURCES: Record<string, DataSource> = {
  shapes: shapesSource,
  noise: noiseSource,
  emoji: emojiSource,
  files: filesSource,
};

function prepare(req: DataRequest): { kind: string; source: DataSource; args: DataArgs } {
  const kind = canonicalKind(req.kind);
  if (kind === undefined) {
    const names = [...Object.keys(DATA_KINDS), ...Object.keys(DATA_KIND_ALIASES)];
    throw new DataError(
      DATA_ERRORS.unknownKind,
      `unknown data kind \`${req.kind}\`; known kinds: ${Object.keys(DATA_KINDS).join(", ")}`,
      undefined,
      undefined,
      didYouMean(req.kind, names),
    );
  }
  if (!Number.isInteger(req.seqLen) || req.seqLen < 1) {
    throw new DataError(DATA_ERRORS.badArg, `the token length must be a positive whole number, got ${req.seqLen}`);
  }
  const source = SOURCES[kind]!;
  return { kind, source, args: resolveArgs(req.kind, source.spec, req.args) };
}

/** Sizes, vocabulary size, classes and counts, without decoding images. */
export function describeData(req: DataRequest): DataInfo {
  const { kind, source, args } = prepare(req);
  return infoOf(kind, source.describe(args, req));
}

/** Every pixel, caption, token, label and group of both splits. */
export function loadData(req: DataRequest): DataBundle {
  const { kind, source, args } = prepare(req);
  return bundleOf(kind, source.load(args, req), req.seqLen);
}
