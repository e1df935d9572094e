/**
 * Progress of the long stages of a study (collect, label, train epochs, gate, evaluation items) on
 * stderr: on a terminal one line redrawn in place; otherwise (CI logs, pipes) plain lines — one
 * when a stage starts, one when it ends, and at most one every `intervalMs` in between — so logs
 * stay readable and short.
 */

/** Where progress goes: stderr, or a test's buffer. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  readonly stream: ProgressStream;
  /** Least time between two plain lines of one stage; 10 s. */
  readonly intervalMs?: number;
  /** Clock, for tests. */
  readonly now?: () => number;
}

/** A progress display. */
export interface Progress {
  /** Reports `done` of `total` items of the stage `label` (`total` 0: unknown). */
  update(label: string, done: number, total: number): void;
  /** Writes a line of its own (a result, a decision) without garbling the bar. */
  note(line: string): void;
  /** Clears the bar (call once the work ends). */
  finish(): void;
}

/** A text bar: `[#########...............]  12/40`, or `12 done` when the total is unknown. */
export function progressBar(done: number, total: number, width = 24): string {
  if (total <= 0) return `${done} done`;
  const filled = Math.max(0, Math.min(width, Math.round((done / total) * width)));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total}`;
}

/** Creates a progress display on `options.stream`. */
export function createProgress(options: ProgressOptions): Progress {
  const { stream } = options;
  const intervalMs = options.intervalMs ?? 10_000;
  const now = options.now ?? Date.now;
  let shown = false;
  let lastLabel = '';
  let lastPlainAt = Number.NEGATIVE_INFINITY;
  let lastPlainDone = -1;

  const clear = (): void => {
    if (stream.isTTY === true && shown) stream.write('\r\x1b[K');
    shown = false;
  };

  return {
    update(label, done, total) {
      const line = `${label}  ${progressBar(done, total)}`;
      if (stream.isTTY === true) {
        stream.write(`\r\x1b[K${line}`);
        shown = true;
        return;
      }
      const ended = total > 0 && done >= total;
      const due = label !== lastLabel || ended || now() - lastPlainAt >= intervalMs;
      if (!due || (label === lastLabel && done === lastPlainDone)) return;
      stream.write(`${line}\n`);
      lastLabel = label;
      lastPlainAt = now();
      lastPlainDone = done;
    },
    note(line) {
      clear();
      stream.write(`${line}\n`);
    },
    finish() {
      clear();
    },
  };
}
