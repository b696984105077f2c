// Entry point of the data sets for the browser (playground): only the generated kinds,
// which need no files and no Node modules. emoji and files(...) read from disk: `mmc run`.
import { dataLoader } from "./dispatch.js";
import { shapesSource } from "./shapes.js";
import { noiseSource } from "./noise.js";

export { DATA_KINDS, isDataKind } from "../../ir/data/kinds.js";
export { DataError } from "./types.js";
export { DATA_ERRORS } from "./errors.js";

const loader = dataLoader({ shapes: shapesSource, noise: noiseSource }, "in the browser (it reads files: use `mmc run`)");

export const describeData = loader.describeData;
export const loadData = loader.loadData;
