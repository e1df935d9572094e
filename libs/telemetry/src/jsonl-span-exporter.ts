import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { toSpanRecord } from './span-record';

/**
 * Writes finished spans to a local file, one JSON {@link SpanRecord} per line, so a trace can be
 * read back (`vprog trace <run-id>`) without any collector.
 *
 * Each export is one `write` to a file opened in append mode: lines from several processes
 * sharing the file (a whole local stack) do not interleave, and spans already exported survive
 * a sudden exit. Export failures (e.g. a read-only disk) are reported to the SDK, never thrown.
 */
export class JsonlSpanExporter implements SpanExporter {
  private fd: number | undefined;
  private stopped = false;

  /** @param file the JSONL file; its directory is created on first export. */
  constructor(readonly file: string) {}

  /** Appends the spans as lines. */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('JsonlSpanExporter is shut down') });
      return;
    }
    try {
      const lines = spans.map((span) => `${JSON.stringify(toSpanRecord(span))}\n`).join('');
      if (lines.length > 0) fs.writeSync(this.open(), lines);
      resultCallback({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  /** Closes the file; later exports fail. */
  shutdown(): Promise<void> {
    this.stopped = true;
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    return Promise.resolve();
  }

  /** Nothing is buffered: every export is written at once. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  private open(): number {
    if (this.fd === undefined) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.fd = fs.openSync(this.file, 'a');
    }
    return this.fd;
  }
}
