// The data errors' codes, by what went wrong: each is in src/diagnostics/codes.ts (the MM5xxx
// range, data sets and their files), so every part of mmc prints codes from one space.
import type { Code } from "../../diagnostics/codes.js";
export const DATA_ERRORS = {
  unknownKind: "MM5001",
  unknownArg: "MM5002",
  badArg: "MM5003",
  missingArg: "MM5004",
  unavailableKind: "MM5005",
  manifestNotFound: "MM5010",
  manifestSyntax: "MM5011",
  missingColumn: "MM5012",
  emptyManifest: "MM5013",
  emptyCaption: "MM5014",
  imageNotFound: "MM5015",
  unsupportedImage: "MM5016",
  corruptImage: "MM5017",
  unknownLabel: "MM5018",
  assetsMissing: "MM5020",
  badShardPattern: "MM5021",
  shardNotFound: "MM5022",
  corruptShard: "MM5023",
  incompleteSample: "MM5024",
  shardsDisagree: "MM5025",
} as const satisfies Record<string, Code>;
