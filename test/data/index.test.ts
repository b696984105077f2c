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
        expect(["int", "enum", "string", "path", "bool", "strings"], `${kind}.${name}`).toContain(arg.type.t);
        expect(arg.doc.length, `${kind}.${name}`).toBeGreaterThan(5);
        const jsType = { int: "number", bool: "boolean" }[arg.type.t as string] ?? "string";
        if (arg.default !== undefined) expect(typeof arg.default, `${kind}.${name}`).toBe(jsType);
      }
    }
    expect(DATA_KINDS.shapes!.args.train!.default).toBe(8000);
    expect(DATA_KINDS.emoji!.args.train!.type).toEqual({ t: "enum", options: ["noto", "twemoji"] });
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

  it("words a request's problems as the checker words the spec's (one binder, data codes)", () => {
    expect(dataError(() => describeData(request("shapes", { train: 2.5 }))).message).toBe(
      "`train` of `shapes` must be a whole number, not the number 2.5; `train`: training items (rounded up to a multiple of 4)",
    );
    expect(dataError(() => describeData(request("noise", { vocab: 2 }))).message).toContain("`vocab` of `noise` must be >= 3, but is 2");
    expect(dataError(() => describeData(request("shapes", { holdout: "red circle" }))).message).toContain("must be a list of strings");
    expect(dataError(() => describeData(request("files", { test: "t.csv" })))).toMatchObject({ code: "MM5004", message: expect.stringContaining("`files` needs the argument `train`") });
    expect(dataError(() => describeData(request("emoji", { train: "notto" })))).toMatchObject({ code: "MM5003", help: "did you mean `noto`?" });
    expect(dataError(() => describeData(request("shards", { train: "a-{1..}.tar", test: "b.tar" })))).toMatchObject({ code: "MM5021" });
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
