import type { ValueSummary } from '../executor/summarise';
import type { StepRecord } from '../executor/execution-types';
import type { Detection, ImageValue, Value } from '../values';

/** An input image of the run, as PNG bytes with its size. */
export interface RationaleImage {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Why the run failed, for the top of the page. */
export interface RationaleError {
  readonly code: string;
  readonly reason: string;
  readonly message: string;
}

/** What a rationale is built from: the run, its steps as the executor recorded them, and its input images. */
export interface RationaleInput {
  readonly runId: string;
  readonly question?: string;
  /** The program text that ran. */
  readonly program: string;
  /** The RESULT value; absent when the run failed. */
  readonly answer?: Value;
  /** Why the run failed (the failing step also carries its error). */
  readonly error?: RationaleError;
  /** The step records (any order; a failed run may lack the steps that never ran). */
  readonly steps: readonly StepRecord[];
  /** The input images by variable name (`IMAGE`, `LEFT`, `RIGHT`). */
  readonly images: Readonly<Record<string, RationaleImage>>;
  readonly title?: string;
}

/** One step of the rationale. */
export interface RationaleStep {
  readonly index: number;
  readonly output: string;
  readonly op: string;
  readonly line: number;
  readonly column: number;
  /** The step's program text. */
  readonly source: string;
  readonly remote: boolean;
  readonly latencyMs: number;
  /** The step's own one-line description. */
  readonly text?: string;
  readonly inputs: ReadonlyArray<{ readonly name: string; readonly value: ValueSummary }>;
  /** The step's output value (large values summarised). */
  readonly value?: ValueSummary;
  /** The output as one line of text (e.g. `blue`, `3 boxes`). */
  readonly outputText?: string;
  /** The view the step looked at, the boxes to draw on it (root coordinates, all of them), and a region it cut out. */
  readonly image?: ImageValue;
  readonly boxes?: readonly Detection[];
  readonly crop?: ImageValue;
  readonly error?: RationaleError;
}

/** The rationale as plain JSON: what the runner returns beside (or instead of) the HTML page. */
export interface RationaleDocument {
  readonly version: 1;
  readonly runId: string;
  readonly title: string;
  readonly question?: string;
  readonly program: string;
  readonly answer?: ValueSummary;
  readonly answerText?: string;
  readonly error?: RationaleError;
  /** The input images' names and sizes (the pixels stay out of the JSON). */
  readonly images: ReadonlyArray<{ readonly name: string; readonly width: number; readonly height: number }>;
  /** The steps, by index. */
  readonly steps: readonly RationaleStep[];
}
