// Caveats attached to a run's metrics, written to summary.json and shown in the report.

/** Says how retrieval is scored when the test split's captions repeat; undefined when they are all distinct. */
export function repeatedCaptionsNote(items: number, distinctCaptions: number): string | undefined {
  if (distinctCaptions >= items) return undefined;
  const copies = (items / distinctCaptions).toFixed(1);
  return (
    `Captions repeat: ${items} test items carry ${distinctCaptions} distinct captions (${copies} copies each on average). ` +
    `Image->text ranks each image's caption among the ${distinctCaptions} distinct captions; ` +
    `text->image counts a query right when it finds any image carrying its caption. ` +
    `Chance is computed for these rules.`
  );
}
