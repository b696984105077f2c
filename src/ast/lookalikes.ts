// Characters that word processors and chat apps put in place of the ASCII one a spec needs:
// the help for an unexpected one names the character to type instead of just "remove it".
const LOOKALIKES: [RegExp, string][] = [
  [/^[\u201C\u201D\u201E\u201F\u00AB\u00BB]$/u, 'strings use straight double quotes: `"`'],
  [/^[\u2018\u2019\u201A\u201B]$/u, 'strings use straight double quotes: `"`'],
  [/^[\u2192\u21D2\u27F6\u2794\u279C]$/u, "an arrow is written `->`"],
  [/^[\u2010-\u2015\u2212]$/u, "a minus or dash is written `-`"],
  [/^[\u00D7\u22C5\u00B7\u2217]$/u, "multiplication is written `*`"],
  [/^[\u00F7\u2215]$/u, "division is written `/`"],
  [/^[\uFF08\uFF09]$/u, "use the ASCII brackets `(` and `)`"],
  [/^[\uFF0C\u3001]$/u, "use the ASCII comma `,`"],
  [/^[\uFF1A]$/u, "use the ASCII colon `:`"],
  [/^[\p{Zs}\u200B\uFEFF]$/u, "this is a special space: use a plain space"],
];

/** What to type instead of `ch`, when it looks like an ASCII character the language uses. */
export function lookalikeHelp(ch: string): string | undefined {
  return LOOKALIKES.find(([re]) => re.test(ch))?.[1];
}
