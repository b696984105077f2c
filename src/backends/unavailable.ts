// The one error a backend start may throw: what is missing, and how to get it. The CLI
// prints it as two lines (message, help) instead of a stack trace.
export class BackendUnavailable extends Error {
  override readonly name = "BackendUnavailable";
  /** A few words for `--backend auto`'s list of what it passed over; the message otherwise. */
  readonly short: string;
  constructor(message: string, readonly help: string, short?: string) {
    super(message);
    this.short = short ?? message;
  }
}
