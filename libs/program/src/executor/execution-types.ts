import type { ProgramErrorData } from '../errors';
import type { Rationale } from '../steps/step';
import type { Value } from '../values';
import type { ModuleCallReport } from './module-report';
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
  /**
   * The resolved arguments as JSON-able values, never clipped (every box, list item and
   * character): the record is what the trace store keeps, and distillation must read the module's
   * real input. Events (`started`) and displays use the clipped summary instead.
   */
  readonly args: Readonly<Record<string, ValueSummary>>;
  /** What the module backend reported about the step's call (model, route, soft output); remote steps only. */
  readonly module?: ModuleCallReport;
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
      /** The arguments, with large values summarised (clipped) for display. */
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
  /**
   * Called for every step event, synchronously. An exception thrown by it does not change the run's
   * outcome; it goes to `onListenerError`, or, without one, to `process.emitWarning` (never lost).
   */
  readonly onStep?: (event: StepEvent) => void;
  /** Receives every exception thrown by `onStep`, with the event it was handling. Must not throw. */
  readonly onListenerError?: (error: unknown, event: StepEvent) => void;
  /**
   * Wraps the execution of every step, e.g. in a tracing span: it must call `run` once and return
   * (or rethrow) its outcome. Backend calls made by the step happen inside `run`, so context set up
   * around it (an active span) reaches them.
   */
  readonly aroundStep?: StepInterceptor;
  /** How many steps may run at once (default {@link DEFAULT_CONCURRENCY}). */
  readonly concurrency?: number;
}

/** What {@link ExecuteOptions.aroundStep} learns about the step it wraps. */
export interface StepInfo {
  readonly index: number;
  readonly output: string;
  readonly op: string;
  /** Whether the step's module may call the backend. */
  readonly remote: boolean;
}

/** Wraps one step's execution; see {@link ExecuteOptions.aroundStep}. */
export type StepInterceptor = <T>(step: StepInfo, run: () => Promise<T>) => Promise<T>;

/** Enough for the two branches of an NLVR program and some fan-out within each. */
export const DEFAULT_CONCURRENCY = 8;
