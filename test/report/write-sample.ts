// Writes the fixture's report for looking at: npx tsx test/report/write-sample.ts [out.html] [interrupted]
import { writeFileSync } from "node:fs";
import { renderReport } from "../../src/runtime/report/index.js";
import { sampleInput } from "./fixture.js";

const out = process.argv[2] ?? "/tmp/report-sample.html";
const status = process.argv[3] === "interrupted" ? "interrupted" : "completed";
writeFileSync(out, renderReport(sampleInput({ status })));
console.log(out);
