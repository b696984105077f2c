// `mmc check --emit ir` has a JSON Schema (src/ir/ir.schema.json): the IR of every spec in
// specs/ and every valid golden validates against it, invalid IR is rejected, and the graph
// invariants the schema cannot say (topological order, ids, spans) hold.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { DATA_KINDS } from "../../src/ir/data/kinds.js";
import type { IRProgram } from "../../src/ir/ir.js";
import { allInputs, checkPath, ROOT } from "./support.js";

const schema = JSON.parse(readFileSync(path.join(ROOT, "src/ir/ir.schema.json"), "utf8")) as object;
const validate = new Ajv({ allErrors: true }).compile(schema);

function errorsOf(ir: unknown): string {
  return validate(ir) ? "" : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join("; ");
}

const valid: { file: string; ir: IRProgram; text: string }[] = [];
for (const file of allInputs()) {
  const r = checkPath(file);
  if (r.ir) valid.push({ file, ir: r.ir, text: readFileSync(path.join(ROOT, file), "utf8") });
}

/** A deep copy through JSON, as `--emit ir` prints it. */
const json = (ir: IRProgram): IRProgram => JSON.parse(JSON.stringify(ir)) as IRProgram;

describe("IR JSON schema", () => {
  it("has valid specs to check (every spec in specs/ and the valid goldens)", () => {
    expect(valid.length).toBeGreaterThanOrEqual(12);
    expect(valid.some((v) => v.file.startsWith("specs/"))).toBe(true);
  });

  it("names every data kind the language has, and no other", () => {
    const kinds = (schema as { properties: { data: { properties: { kind: { enum: string[] } } } } }).properties.data.properties.kind.enum;
    expect([...kinds].sort()).toEqual(Object.keys(DATA_KINDS).sort());
  });

  for (const { file, ir, text } of valid) {
    it(`validates ${file}`, () => {
      expect(errorsOf(json(ir))).toBe("");
    });

    it(`keeps the graph invariants of ${file}`, () => {
      ir.nodes.forEach((n, i) => {
        expect(n.id).toBe(i);
        for (const input of n.inputs) expect(input).toBeLessThan(n.id); // topological order
        if (n.file === file) {
          expect(n.span.start).toBeGreaterThanOrEqual(0);
          expect(n.span.end).toBeLessThanOrEqual(text.length);
        }
        if (n.scope !== undefined) expect(ir.scopes?.[n.scope]).toBeDefined();
        expect(n.paramCount).toBe(n.params.reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0));
      });
      for (const s of ir.scopes ?? []) if (s.parent !== undefined) expect(s.parent).toBeLessThan(s.id);
      for (const t of ir.towers) {
        expect(ir.nodes[t.output]?.tower).toBe(t.name);
        expect(t.firstNode).toBeLessThanOrEqual(t.lastNode);
      }
      for (const input of ir.inputs) expect(ir.nodes[input.node]?.op).toBe("input");
      for (const term of [...ir.loss, ...ir.evaluate]) for (const id of term.inputs) expect(ir.nodes[id]).toBeDefined();
      expect(ir.paramCount).toBe(ir.nodes.reduce((s, n) => s + n.paramCount, 0));
    });
  }

  describe("rejects invalid IR", () => {
    const base = () => json(valid.find((v) => v.file === "specs/simple.mm")?.ir ?? valid[0]!.ir);
    const cases: [string, (ir: IRProgram & Record<string, unknown>) => void][] = [
      ["a missing section", (ir) => delete (ir as Partial<IRProgram>).train],
      ["an unknown top-level field", (ir) => (ir["extra"] = 1)],
      ["another version", (ir) => ((ir as { version: number }).version = 3)],
      ["an op lowering does not know", (ir) => ((ir.nodes[1] as { op: string }).op = "conv3d")],
      ["a conv2d without filters", (ir) => delete (ir.nodes.find((n) => n.op === "conv2d")!.attrs as Partial<Record<string, unknown>>)["filters"]],
      ["a zero-sized axis", (ir) => (ir.nodes[1]!.shape[1]!.size = 0)],
      ["a fractional parameter count", (ir) => (ir.nodes[1]!.paramCount = 1.5)],
      ["an unknown activation", (ir) => ((ir.nodes.find((n) => n.op === "dense")!.attrs as Record<string, unknown>)["activation"] = "swish")],
      ["both epochs and steps", (ir) => Object.assign(ir.train, { epochs: 3, steps: 100 })],
      ["a batch of one", (ir) => (ir.train.batch = 1)],
      ["a negative span", (ir) => (ir.nodes[0]!.span.start = -1)],
      ["a loss with one input", (ir) => (ir.loss[0]!.inputs = [0])],
      ["an unknown optimizer", (ir) => ((ir.train.optimizer as { kind: string }).kind = "lamb")],
    ];
    for (const [what, mutate] of cases) {
      it(what, () => {
        const ir = base() as IRProgram & Record<string, unknown>;
        expect(errorsOf(ir)).toBe("");
        mutate(ir);
        expect(errorsOf(ir)).not.toBe("");
      });
    }
  });
});
