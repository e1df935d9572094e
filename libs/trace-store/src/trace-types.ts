import type { Detection, ProgramErrorData, Rect, StepRecord, Value } from '@vprog/program';

/** The model that served a remote step, as the module reported it. */
export interface ModelRef {
  readonly name: string;
  readonly version: string;
}

/** How a run ended; `running` until {@link TraceStore.finishRun}. */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

/**
 * The stored data of an error: a code, a reason and a message. Other plain-data fields of the
 * error given (a `ProgramErrorData`'s position and step, a registry error's metadata) are kept too.
 */
export interface TraceErrorData {
  readonly code: string;
  readonly reason: string;
  readonly message: string;
}

/** An input image of a run as stored: its blob and its size. */
export interface StoredInput {
  readonly hash: string;
  readonly width: number;
  readonly height: number;
}

/**
 * An input image given to {@link TraceStore.recordRun}: PNG bytes to store (the size is read from
 * the PNG header and checked against `width`/`height` when given), or a blob already stored.
 */
export type RunInput =
  | { readonly png: Uint8Array; readonly width?: number; readonly height?: number }
  | { readonly hash: string; readonly width: number; readonly height: number };

/** What {@link TraceStore.recordRun} needs to open a run. */
export interface NewRun {
  /** The run's id; a random UUID when absent. */
  readonly runId?: string;
  /** The task the run belongs to, e.g. `gqa-shapes`; empty when none. */
  readonly task?: string;
  readonly question?: string;
  /** The program text that runs. */
  readonly program: string;
  /** The input images by variable name (`IMAGE`, or `LEFT` and `RIGHT`). */
  readonly inputs: Readonly<Record<string, RunInput>>;
  /** The models the run is meant to call, by module (`loc`, `vqa`, ...). */
  readonly models?: Readonly<Record<string, ModelRef>>;
}

/** How a run ended, for {@link TraceStore.finishRun}. */
export interface RunOutcome {
  readonly status: Exclude<RunStatus, 'running'>;
  /** The RESULT value of a successful run. */
  readonly result?: Value;
  readonly error?: TraceErrorData;
  /** Wall time of the whole run. */
  readonly latencyMs?: number;
  /** Models actually called, by module; merged over the ones given to `recordRun`. */
  readonly models?: Readonly<Record<string, ModelRef>>;
}

/** A run as stored (without its steps). */
export interface TraceRun {
  readonly runId: string;
  readonly createdMs: number;
  readonly finishedMs?: number;
  readonly task: string;
  readonly question?: string;
  readonly program: string;
  readonly inputs: Readonly<Record<string, StoredInput>>;
  readonly status: RunStatus;
  readonly result?: Value;
  readonly error?: TraceErrorData;
  readonly latencyMs?: number;
  readonly models: Readonly<Record<string, ModelRef>>;
  /** How many steps are recorded. */
  readonly stepCount: number;
}

/** Which blob and region an image argument of a step showed. */
export interface StepInputImage {
  /** The argument name, e.g. `image`. */
  readonly arg: string;
  /** The input variable the view comes from, and that input's blob. */
  readonly root: string;
  readonly hash: string;
  readonly rect: Rect;
}

/** A step as stored: the executor's record plus what the trace adds. */
export interface TraceStep extends StepRecord {
  readonly runId: string;
  readonly model?: ModelRef;
  readonly inputImages: readonly StepInputImage[];
  /** Whether the step called a module (false for local ops, LOC region words, CLASSIFY of no boxes). */
  readonly moduleCall: boolean;
  readonly createdMs: number;
}

/** A run with its steps, by index. */
export interface TraceRunWithSteps extends TraceRun {
  readonly steps: readonly TraceStep[];
}

/** A step to record together with the model that served it. */
export interface StepToRecord {
  readonly step: StepRecord;
  readonly model?: ModelRef;
}

/** Filters of {@link TraceStore.listRuns}; newest runs first. */
export interface ListRunsQuery {
  readonly task?: string;
  readonly status?: RunStatus;
  /** At most this many runs (default 100, at most 10 000). */
  readonly limit?: number;
  /** Only runs older than this: a run id (the last of the previous page) or a time in ms since the epoch. */
  readonly before?: string | number;
}

/** The ops whose calls distillation collects. */
export type ModuleOp = 'LOC' | 'FACEDET' | 'CLASSIFY' | 'VQA';

/** Filters of {@link TraceStore.moduleCalls}; calls come oldest first. */
export interface ModuleCallsQuery {
  readonly op: ModuleOp;
  readonly task?: string;
  readonly runIds?: readonly string[];
  /** Only calls recorded at or after this time (ms since the epoch). */
  readonly since?: number;
  /** Only calls after this cursor (the `callId` of the last call of the previous page). */
  readonly after?: number;
  readonly limit?: number;
  /** Also return calls that failed (they have `error` and no `output`). */
  readonly includeFailed?: boolean;
}

/** What a module was asked: the region of a stored image and the text arguments. */
export interface ModuleCallInput {
  readonly image: StoredInput & { readonly root: string; readonly rect: Rect };
  /** LOC's object phrase. */
  readonly object?: string;
  /** VQA's question. */
  readonly question?: string;
  /** CLASSIFY's candidate labels. */
  readonly categories?: readonly string[];
  /** CLASSIFY's input boxes (root coordinates, without labels). */
  readonly boxes?: readonly Detection[];
}

/** What a module answered: boxes (LOC, FACEDET, CLASSIFY with labels) or an answer (VQA). */
export type ModuleCallOutput =
  | { readonly kind: 'boxes'; readonly boxes: readonly Detection[] }
  | { readonly kind: 'answer'; readonly answer: string };

/** One call of a module, as distillation reads it. */
export interface ModuleCall {
  /** A stable cursor: pass the last one as `after` to read the next page. */
  readonly callId: number;
  readonly runId: string;
  readonly task: string;
  readonly stepIndex: number;
  readonly op: ModuleOp;
  readonly model?: ModelRef;
  readonly createdMs: number;
  readonly latencyMs: number;
  readonly input: ModuleCallInput;
  readonly output?: ModuleCallOutput;
  readonly error?: ProgramErrorData;
}

/** What one {@link TraceStore.enforceRetention} removed. */
export interface RetentionReport {
  readonly runsDeleted: number;
  readonly blobsDeleted: number;
  readonly bytesFreed: number;
}
