import type { ProgramErrorData } from '../errors';
import type { Rationale } from '../steps/step';
import type { Value } from '../values';
import type { ValueSummary } from './summarise';

/** What the executor records for every step it ran (successfully or not). */
export interface StepRecord {
  /** 0-based index of the step in the program. */
  readonly index: number;
  /** The variable the step defines. */
  readonly output: string;
  /** The op, upper-cased as executed (e.g. `CROP_LEFTOF`). */
  readonly op: string;
  /** Source line and column of the step. */
  readonly line: number;
  readonly column: number;
  /** Whether the step called the module backend. */
  readonly remote: boolean;
  /** The resolved arguments, with large values summarised. */
  readonly args: Readonly<Record<string, ValueSummary>>;
  /** The step's output; absent when it failed. */
  readonly value?: Value;
  /** Wall time of `execute`, in milliseconds. */
  readonly latencyMs: number;
  /** A small JSON-able rationale (text, boxes to draw, crop); absent when it failed. */
  readonly rationale?: Rationale;
  /** Why the step failed. */
  readonly error?: ProgramErrorData;
}

/** Streaming progress: a step started, or finished (its record carries `error` if it failed). */
export type StepEvent =
  | {
      readonly type: 'started';
      readonly index: number;
      readonly output: string;
      readonly op: string;
      readonly args: Readonly<Record<string, ValueSummary>>;
    }
  | { readonly type: 'finished'; readonly record: StepRecord };

/** The outcome of a successful run: the RESULT value and one record per step, by index. */
export interface ExecutionResult {
  readonly result: Value;
  readonly steps: readonly StepRecord[];
}

/** Options of {@link executeProgram}. */
export interface ExecuteOptions {
  /** Cancels the run: no new step starts, in-flight backend calls see the abort, the run rejects with CANCELLED. */
  readonly signal?: AbortSignal;
  /** Called for every step event, synchronously; an exception thrown by it is ignored. */
  readonly onStep?: (event: StepEvent) => void;
  /** How many steps may run at once (default {@link DEFAULT_CONCURRENCY}). */
  readonly concurrency?: number;
}

/** Enough for the two branches of an NLVR program and some fan-out within each. */
export const DEFAULT_CONCURRENCY = 8;
