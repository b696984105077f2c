// Writes editors/vscode/syntaxes/mm.tmLanguage.json (run: npx tsx scripts/build-vscode-grammar.ts);
// test/editors/vscode.test.ts fails while the committed file differs from what this writes.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { grammarJson } from "./vscode-grammar.js";

const out = fileURLToPath(new URL("../editors/vscode/syntaxes/mm.tmLanguage.json", import.meta.url));
writeFileSync(out, grammarJson());
process.stdout.write(`wrote ${out}\n`);
