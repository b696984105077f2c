import { describe, expect, it } from "vitest";
import { DATA_KINDS, DataError, describeData, isDataKind, loadData } from "../../src/runtime/data/index.js";
import { DATA_CATALOG, REQUIRED_DATA_ARGS } from "../../src/ir/data/catalog.js";
import type { DataArg } from "../../src/runtime/data/types.js";

const request = (kind: string, args: Record<string, DataArg> = {}, seqLen = 8) => ({ kind, args, baseDir: ".", seqLen });

function dataError(call: () => unknown): DataError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error("expected a DataError");
}

describe("data kinds registry", () => {
  it("lists every kind with typed, documented arguments whose defaults have their type", () => {
    expect(Object.keys(DATA_KINDS).sort()).toEqual(["emoji", "files", "noise", "shapes", "shards"]);
    for (const [kind, spec] of Object.entries(DATA_KINDS)) {
      expect(spec.doc.length, kind).toBeGreaterThan(10);
      for (const [name, arg] of Object.entries(spec.args)) {
        expect(["number", "string", "bool", "strings"], `${kind}.${name}`).toContain(arg.type);
        expect(arg.doc.length, `${kind}.${name}`).toBeGreaterThan(5);
        if (arg.default !== undefined) expect(typeof arg.default, `${kind}.${name}`).toBe(arg.type === "bool" ? "boolean" : arg.type);
      }
    }
    expect(DATA_KINDS.shapes!.args.train!.default).toBe(8000);
    expect(DATA_KINDS.emoji!.args.train!.choices).toEqual(["noto", "twemoji"]);
    expect(DATA_KINDS.files!.args.train!.required).toBe(true);
    expect(isDataKind("files")).toBe(true);
    expect(isDataKind("toString")).toBe(false);
  });

  it("gives the checker's catalogue the very same specs", () => {
    expect(DATA_CATALOG).toBe(DATA_KINDS);
    expect(REQUIRED_DATA_ARGS).toEqual({ shapes: [], noise: [], emoji: [], files: ["train", "test"], shards: ["train", "test"] });
  });
});

describe("describeData / loadData dispatch", () => {
  it("rejects an unknown kind with a suggestion", () => {
    const error = dataError(() => describeData(request("shape")));
    expect(error.code).toBe("MM5001");
    expect(error.message).toContain("shapes, noise, emoji, files, shards");
    expect(error.help).toBe("did you mean `shapes`?");
  });

  it("rejects unknown arguments, wrong types, fractions and out-of-range values", () => {
    expect(dataError(() => describeData(request("shapes", { trian: 100 })))).toMatchObject({ code: "MM5002", help: "did you mean `train`?" });
    expect(dataError(() => describeData(request("shapes", { train: "100" })))).toMatchObject({ code: "MM5003" });
    expect(dataError(() => describeData(request("shapes", { train: 2.5 })))).toMatchObject({ code: "MM5003" });
    expect(dataError(() => describeData(request("noise", { vocab: 2 })))).toMatchObject({ code: "MM5003" });
    expect(dataError(() => describeData(request("shapes", { holdout: [1, 2] })))).toMatchObject({ code: "MM5003" });
    expect(dataError(() => describeData(request("shapes", { seed: true })))).toMatchObject({ code: "MM5003" });
    expect(dataError(() => loadData(request("noise", {}, 0)))).toMatchObject({ code: "MM5003" });
  });

  it("describes without a token length (the checker may not know it yet)", () => {
    const info = describeData({ kind: "noise", args: { train: 10, test: 2 }, baseDir: "." });
    expect(info.maxCaptionWords).toBe(12);
    expect(describeData({ kind: "shapes", args: { train: 8, test: 4 }, baseDir: "." }).trainCount).toBe(8);
  });

  it("builds bundles whose info, tokens and counts agree", () => {
    for (const [kind, args] of [["shapes", { train: 40, test: 8 }], ["noise", { train: 20, test: 5 }], ["emoji", { limit: 20 }]] as const) {
      const info = describeData(request(kind, args));
      const data = loadData(request(kind, args));
      expect(data.info, kind).toEqual(info);
      expect(data.seqLen).toBe(8);
      expect(data.vocab.words.length).toBe(info.vocabSize);
      for (const [split, count] of [[data.train, info.trainCount], [data.test, info.testCount]] as const) {
        expect(split.count).toBe(count);
        expect(split.captions.length).toBe(count);
        expect(split.tokens.length).toBe(count * 8);
        expect(split.images.length).toBe(count * info.imageSize[0] * info.imageSize[1] * info.imageSize[2]);
        if (split.labels) expect(split.labels.length).toBe(count);
        expect(split.groups !== undefined).toBe(info.hasGroups);
      }
    }
  });
});
