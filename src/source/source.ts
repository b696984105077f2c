// Source text with offsets; line and column are computed only when something is shown.

/** Half-open byte range [start, end) in a source's text. */
export interface Span {
  start: number;
  end: number;
}

export interface Position {
  line: number; // 1-based
  column: number; // 1-based
}

export class SourceFile {
  private lineStarts: number[] | undefined;

  /**
   * Which file this is, the same however its path was spelled (a file read from disk passes its
   * real path): imports are de-duplicated and cycles found by it. Defaults to `path`.
   */
  readonly id: string;

  constructor(readonly path: string, readonly text: string, id?: string) {
    this.id = id ?? path;
  }

  position(offset: number): Position {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  }

  lineText(line: number): string {
    const starts = this.starts();
    const start = starts[line - 1] ?? this.text.length;
    const next = starts[line] ?? this.text.length + 1;
    return this.text.slice(start, next - 1).replace(/\r$/, "");
  }

  lineCount(): number {
    return this.starts().length;
  }

  slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}

export function span(start: number, end: number): Span {
  return { start, end };
}

export function cover(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
