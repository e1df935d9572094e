import type { Program, Step } from '../dsl/ast';
import { ProgramError, toErrorData } from '../errors';
import { findStep } from '../steps/catalogue';
import type { ResolvedArg, ResolvedArgs, StepModule } from '../steps/step';
import { validateProgram } from '../validate/validate-program';
import type { ImageValue, ModuleBackend, Value } from '../values';
import { DEFAULT_CONCURRENCY, type ExecuteOptions, type ExecutionResult, type StepEvent, type StepRecord } from './execution-types';
import type { ModuleCallReport } from './module-report';
import { planProgram, type ExecutionPlan } from './plan';
import { reportingBackend } from './reporting-backend';
import { cancelledError, stepError } from './run-errors';
import { NO_LIMITS, summariseArgs } from './summarise';

function badOptions(message: string): ProgramError {
  return new ProgramError({ code: 'INVALID_ARGUMENT', reason: 'BAD_OPTIONS', message, line: 0, column: 0 });
}

function checkInputs(inputs: Readonly<Record<string, ImageValue>>): void {
  for (const [name, value] of Object.entries(inputs)) {
    const v = value as Partial<ImageValue> | null;
    if (typeof v !== 'object' || v === null || v.kind !== 'image' || typeof v.root !== 'string' || typeof v.rect !== 'object') {
      throw badOptions(`input '${name}' is not an image view {kind: 'image', root, rect}`);
    }
  }
}

/**
 * Runs a program as a DAG: it validates the program against the inputs' names, then starts every
 * step whose variables are ready, up to `concurrency` at once (lowest index first), so independent
 * branches (NLVR's LEFT and RIGHT) overlap. The first failure stops the run: no new step starts,
 * in-flight backend calls see their signal abort, and events of steps that finish later are dropped.
 * Each step runs inside `options.aroundStep` (if given); what the backend reports about a call
 * (`CallOptions.report`: model, soft output) lands in the step record's `module`.
 *
 * @throws ProgramError (the returned promise rejects with it): `PROGRAM_INVALID`/`EVAL_SYNTAX` from
 *   validation; `BAD_OPTIONS` for bad inputs or concurrency; a failing step's error carrying
 *   `stepIndex` and `op` (`STEP_FAILED` with the backend's code, or the step's own EVAL_* reason);
 *   `CANCELLED`/`RUN_CANCELLED` (or `DEADLINE_EXCEEDED`/`RUN_DEADLINE_EXCEEDED`) when `signal` aborts.
 */
export async function executeProgram(
  program: Program,
  inputs: Readonly<Record<string, ImageValue>>,
  backend: ModuleBackend,
  options: ExecuteOptions = {},
): Promise<ExecutionResult> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw badOptions(`concurrency must be a positive integer, got ${concurrency}`);
  checkInputs(inputs);
  validateProgram(program, Object.keys(inputs));
  const signal = options.signal;
  if (signal?.aborted) throw cancelledError(signal, []);
  return new Run(program, inputs, backend, concurrency, options).start();
}

/** Reports a listener's exception where someone will see it: the caller's handler, else a process warning. */
function reportListenerError(options: ExecuteOptions, error: unknown, event: StepEvent): void {
  if (options.onListenerError !== undefined) {
    try {
      options.onListenerError(error, event);
      return;
    } catch (secondary) {
      error = secondary;
    }
  }
  const index = event.type === 'started' ? event.index : event.record.index;
  const message = error instanceof Error ? error.message : String(error);
  process.emitWarning(`the onStep listener threw on the '${event.type}' event of step ${index}: ${message}`, { code: 'VPROG_STEP_LISTENER_FAILED' });
}

class Run {
  private readonly plan: ExecutionPlan;
  private readonly values = new Map<string, Value>();
  private readonly waitingOn: number[];
  private readonly ready: number[] = [];
  private readonly running = new Set<number>();
  private readonly records: StepRecord[] = [];
  private readonly controller = new AbortController();
  private finished = 0;
  private settled = false;
  private pumpPending = false;
  private readonly signal: AbortSignal | undefined;
  private resolve!: (result: ExecutionResult) => void;
  private reject!: (error: ProgramError) => void;

  constructor(
    private readonly program: Program,
    inputs: Readonly<Record<string, ImageValue>>,
    private readonly backend: ModuleBackend,
    private readonly concurrency: number,
    private readonly options: ExecuteOptions,
  ) {
    this.signal = options.signal;
    this.plan = planProgram(program);
    for (const [name, value] of Object.entries(inputs)) this.values.set(name, value);
    this.waitingOn = this.plan.dependencies.map((deps) => deps.size);
    this.waitingOn.forEach((count, index) => count === 0 && this.ready.push(index));
  }

  start(): Promise<ExecutionResult> {
    return new Promise<ExecutionResult>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      this.signal?.addEventListener('abort', this.onAbort, { once: true });
      this.pump();
    });
  }

  private readonly onAbort = (): void => {
    if (this.signal === undefined) return;
    const running = [...this.running].sort((a, b) => a - b).map((i) => this.program.steps[i]);
    this.settle(cancelledError(this.signal, running));
  };

  private pump(): void {
    while (!this.settled && this.running.size < this.concurrency && this.ready.length > 0) {
      const index = this.ready.shift() as number;
      this.running.add(index);
      const step = this.program.steps[index];
      void this.runStep(step);
      // A remote step has just issued its module call, whose bytes a transport such as gRPC's
      // HTTP/2 writes only once this turn of the event loop ends. The next ready step starts in a
      // later turn, so that request leaves first: independent calls reach their services one
      // step's preparation apart, not all after the last one's preparation.
      if (this.ready.length > 0 && this.running.size < this.concurrency && findStep(step.op)?.remote === true) {
        this.pumpLater();
        return;
      }
    }
    if (!this.settled && this.finished === this.program.steps.length) this.settle();
  }

  /** Pumps again in the event loop's next check phase (once, however often it is asked). */
  private pumpLater(): void {
    if (this.pumpPending) return;
    this.pumpPending = true;
    setImmediate(() => {
      this.pumpPending = false;
      this.pump();
    });
  }

  private async runStep(step: Step): Promise<void> {
    const module = findStep(step.op) as StepModule;
    let args: ResolvedArgs = {};
    let report: ModuleCallReport | undefined;
    const started = performance.now();
    try {
      args = this.resolveArgs(step);
      this.emit({ type: 'started', index: step.index, output: step.output, op: step.op, args: summariseArgs(args) });
      const vars = Object.fromEntries(this.plan.reads[step.index].map((name) => [name, this.values.get(name) as Value]));
      const backend = reportingBackend(this.backend, (r) => (report = r));
      const execute = () => module.execute(args, { op: step.op, backend, signal: this.controller.signal, step, vars });
      const info = { index: step.index, output: step.output, op: step.op, remote: module.remote };
      const value = await (this.options.aroundStep === undefined ? execute() : this.options.aroundStep(info, execute));
      if (this.settled) return;
      const outcome = { value, rationale: module.describe(args, value, step.op), ...(report === undefined ? {} : { module: report }) };
      const record = this.record(step, module, args, performance.now() - started, outcome);
      this.values.set(step.output, value);
      this.emit({ type: 'finished', record });
      this.complete(step.index);
    } catch (error) {
      if (this.settled) return;
      const failure = stepError(step, error);
      this.emit({ type: 'finished', record: this.record(step, module, args, performance.now() - started, { error: toErrorData(failure) }) });
      this.settle(failure);
    }
  }

  private resolveArgs(step: Step): ResolvedArgs {
    const args: Record<string, ResolvedArg> = {};
    for (const arg of step.args) {
      const v = arg.value;
      if (v.kind === 'variable') args[arg.name] = this.values.get(v.name) as Value;
      else if (v.kind === 'list') args[arg.name] = v.items.map((item) => String(item.value));
      else args[arg.name] = v.value;
    }
    return args;
  }

  private record(step: Step, module: StepModule, args: ResolvedArgs, latencyMs: number, outcome: Pick<StepRecord, 'value' | 'rationale' | 'error' | 'module'>): StepRecord {
    const record: StepRecord = {
      index: step.index,
      output: step.output,
      op: step.op,
      line: step.line,
      column: step.column,
      remote: module.remote,
      args: summariseArgs(args, NO_LIMITS),
      latencyMs,
      ...outcome,
    };
    this.records[step.index] = record;
    return record;
  }

  private complete(index: number): void {
    this.running.delete(index);
    this.finished += 1;
    for (const next of this.plan.dependents[index]) {
      this.waitingOn[next] -= 1;
      if (this.waitingOn[next] === 0) insertSorted(this.ready, next);
    }
    this.pump();
  }

  private settle(error?: ProgramError): void {
    if (this.settled) return;
    this.settled = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    if (error !== undefined) {
      this.controller.abort(error);
      this.reject(error);
      return;
    }
    const last = this.program.steps[this.program.steps.length - 1];
    this.resolve({ result: this.values.get(last.output) as Value, steps: this.records });
  }

  private emit(event: StepEvent): void {
    try {
      this.options.onStep?.(event);
    } catch (error) {
      // A listener's failure must not change the run's outcome, but it must not vanish either.
      reportListenerError(this.options, error, event);
    }
  }
}

function insertSorted(queue: number[], index: number): void {
  const at = queue.findIndex((i) => i > index);
  if (at === -1) queue.push(index);
  else queue.splice(at, 0, index);
}
