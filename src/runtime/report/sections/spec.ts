// Section 7: the .mm spec the run was compiled from, with line numbers and comments dimmed.
import { escapeHtml } from "../escape.js";
import { fmtInt } from "../format.js";
import { emptyState, section } from "../layout.js";

/** Splits a line at its `//` comment, ignoring `//` inside double-quoted strings. */
function splitComment(line: string): [string, string] {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "\\" && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === "/" && line[i + 1] === "/") return [line.slice(0, i), line.slice(i)];
  }
  return [line, ""];
}

export function specSection(specText: string): string {
  const lines = specText.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n");
  const body = lines
    .map((line) => {
      const [code, comment] = splitComment(line);
      return `<span class="line">${escapeHtml(code)}${comment ? `<span class="comment">${escapeHtml(comment)}</span>` : ""}</span>`;
    })
    .join("\n");
  return section({
    id: "spec",
    title: "Spec source",
    lead: specText.trim() ? `${fmtInt(lines.length)} line${lines.length === 1 ? "" : "s"}.` : undefined,
    body: specText.trim() ? `<pre class="spec"><code>${body}</code></pre>` : emptyState("The spec source was not recorded."),
  });
}
