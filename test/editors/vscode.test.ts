// The VS Code extension: its TextMate grammar is what scripts/build-vscode-grammar.ts makes from
// grammar/tokens.ts (and colours a spec as the playground does), its manifest points at files
// that exist, and its client starts `mmc lsp --stdio` from the `mmc.path` setting.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { grammarJson, textMateGrammar, type TextMateGrammar } from "../../scripts/vscode-grammar.js";
import { serverCommand } from "../../editors/vscode/src/server-command.js";
import { contentTypes, runtimePackages, vsixManifest } from "../../scripts/vsix.js";
import { ROOT } from "../cli/cli.js";

const EXT = path.join(ROOT, "editors", "vscode");
const read = (p: string) => readFileSync(path.join(EXT, p), "utf8");

/** TextMate's rule choice: from each position, the earliest match wins, ties going to the first rule. */
function scopes(g: TextMateGrammar, text: string): Map<string, string> {
  const rules = g.patterns.map((r) => ({ name: r.name, re: new RegExp(r.match, "g") }));
  const seen = new Map<string, string>();
  for (let at = 0; at < text.length; ) {
    let best: { index: number; word: string; name: string } | undefined;
    for (const r of rules) {
      r.re.lastIndex = at;
      const m = r.re.exec(text);
      if (m && m[0].length && (!best || m.index < best.index)) best = { index: m.index, word: m[0], name: r.name };
    }
    if (!best) break;
    if (!seen.has(best.word)) seen.set(best.word, best.name);
    at = best.index + best.word.length;
  }
  return seen;
}

describe("the VS Code extension", () => {
  it("commits the grammar that scripts/build-vscode-grammar.ts generates", () => {
    // On failure: npx tsx scripts/build-vscode-grammar.ts
    expect(read("syntaxes/mm.tmLanguage.json")).toBe(grammarJson());
  });

  it("colours keywords, layers, named arguments, numbers, strings and comments", () => {
    const spec = readFileSync(path.join(ROOT, "specs", "simple.mm"), "utf8") + '\nimport "std/x.mm"\n# no\n';
    const s = scopes(textMateGrammar(), spec);
    expect(s.get("model")).toBe("keyword.control.mm");
    expect(s.get("encoder")).toBe("keyword.control.mm");
    expect(s.get("conv2d")).toBe("support.function.layer.mm");
    expect(s.get("kernel")).toBe("variable.parameter.mm");
    expect(s.get("infonce")).toBe("support.function.builtin.mm");
    expect(s.get("Image")).toBe("support.type.mm");
    expect(s.get("true")).toBe("constant.language.boolean.mm");
    expect(s.get("0.07")).toBe("constant.numeric.mm");
    expect(s.get('"std/x.mm"')).toBe("string.quoted.double.mm");
    expect(s.get("->")).toBe("keyword.operator.arrow.mm");
    expect(s.get("# no")).toBe("invalid.illegal.hash-comment.mm");
    expect([...s].find(([w]) => w.startsWith("// The seed"))?.[1]).toBe("comment.line.double-slash.mm");
    // A word with digits is one word, not a name and a number.
    expect(scopes(textMateGrammar(), "x2").get("x2")).toBe("variable.other.mm");
  });

  it("has a manifest for .mm files whose paths exist", () => {
    const pkg = JSON.parse(read("package.json"));
    expect(pkg.activationEvents).toEqual(["onLanguage:mm"]);
    expect(pkg.main).toBe("./out/extension.js");
    expect(pkg.contributes.languages[0]).toMatchObject({ id: "mm", extensions: [".mm"] });
    expect(pkg.contributes.grammars[0]).toMatchObject({ language: "mm", scopeName: textMateGrammar().scopeName });
    expect(existsSync(path.join(EXT, pkg.contributes.grammars[0].path))).toBe(true);
    expect(JSON.parse(read(pkg.contributes.languages[0].configuration)).comments.lineComment).toBe("//");
    expect(pkg.contributes.configuration.properties["mmc.path"].default).toBe("npx mmc");
    expect(pkg.dependencies["vscode-languageclient"]).toBe(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).devDependencies["vscode-languageclient"]);
  });

  it("starts the server from the mmc.path setting", () => {
    expect(serverCommand(undefined)).toEqual({ command: "npx", args: ["mmc", "lsp", "--stdio"] });
    expect(serverCommand("  ")).toEqual({ command: "npx", args: ["mmc", "lsp", "--stdio"] });
    expect(serverCommand("/opt/mmc/bin/mmc.js")).toEqual({ command: "/opt/mmc/bin/mmc.js", args: ["lsp", "--stdio"] });
    expect(serverCommand("node  bin/mmc.js")).toEqual({ command: "node", args: ["bin/mmc.js", "lsp", "--stdio"] });
    expect(serverCommand('"C:\\Program Files\\nodejs\\node.exe" \'my dir/mmc.js\'')).toEqual({ command: "C:\\Program Files\\nodejs\\node.exe", args: ["my dir/mmc.js", "lsp", "--stdio"] });
    expect(serverCommand('node ""')).toEqual({ command: "node", args: ["", "lsp", "--stdio"] });
  });

  it("packages the manifest, content types and every run-time npm package a .vsix needs", () => {
    const pkg = JSON.parse(read("package.json"));
    const manifest = vsixManifest({ ...pkg, description: "a <b> & c" });
    expect(manifest).toContain(`<Identity Language="en-US" Id="mmc-vscode" Version="${pkg.version}" Publisher="mmc" />`);
    expect(manifest).toContain('Value="^1.91.0"');
    expect(manifest).toContain("a &lt;b&gt; &amp; c");
    expect(contentTypes(["a/x.js", "b/y.JSON", "LICENSE"])).toMatch(/Extension="\.js".*\n.*Extension="\.json"/);
    const names = runtimePackages(Object.keys(pkg.dependencies), EXT).map((d) => path.basename(d));
    for (const n of ["vscode-languageclient", "vscode-languageserver-protocol", "vscode-jsonrpc", "vscode-languageserver-types", "semver", "minimatch"]) expect(names).toContain(n);
    expect(() => runtimePackages(["no-such-package-mmc"], EXT)).toThrow(/not installed/);
  });
});
