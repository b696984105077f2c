// Entry point of the data sets in Node: `describeData` (what the checker needs, no pixels
// decoded) and `loadData` (everything the trainer needs), for every kind.
import { dataLoader } from "./dispatch.js";
import { shapesSource } from "./shapes.js";
import { noiseSource } from "./noise.js";
import { emojiSource } from "./emoji.js";
import { filesSource } from "./manifest.js";
import { shardsSource } from "./shards/source.js";

export { DATA_KINDS, isDataKind } from "../../ir/data/kinds.js";
export type { DataArgSpec, ArgType, KindSpec } from "./args.js";
export { DataError } from "./types.js";
export type { DataArg, DataBundle, DataInfo, DataRequest, SplitData, Vocab } from "./types.js";
export { DATA_ERRORS } from "./errors.js";
export type { DataLoader } from "./dispatch.js";

const loader = dataLoader({ shapes: shapesSource, noise: noiseSource, emoji: emojiSource, files: filesSource, shards: shardsSource });

export const describeData = loader.describeData;
export const loadData = loader.loadData;
