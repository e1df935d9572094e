import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@vprog/grpc-kit';
import {
  executeProgram,
  isProgramError,
  parseProgram,
  rationaleJson,
  renderRationaleHtml,
  selectGenerator,
  validateProgram,
  type ImageValue,
  type Program,
  type ProgramGenerator,
  type RationaleInput,
  type StepRecord,
} from '@vprog/program';
import type { runner } from '@vprog/proto-ts';
import { VPROG_ATTRIBUTES as A, withSpan } from '@vprog/telemetry';
import type { TraceStore } from '@vprog/trace-store';
import { answerText, stepFinishedResponse, stepStartedResponse } from './codec';
import type { RunnerConfig } from './config';
import type { ExecutePlan } from './execute-request';
import { createGrpcBackend } from './grpc-backend';
import type { ModuleClients } from './module-clients';
import { moduleOfOp, planRoutes, requireRoutes } from './module-routes';
import { invalidProgram, runFailure } from './run-errors';
import { runSignal } from './run-signal';
import { startRunTrace, type RunTrace } from './run-trace';

/** What every run shares: configuration, module clients, generators, the trace store, the logger. */
export interface RunnerDeps {
  readonly config: RunnerConfig;
  readonly clients: ModuleClients;
  readonly generators: readonly ProgramGenerator[];
  /** Undefined when tracing is off. */
  readonly store: TraceStore | undefined;
  readonly logger: Logger;
}

/** One run's identity, limits and event sink. */
export interface RunContext {
  readonly runId: string;
  /** Every module call ends by then. */
  readonly deadline: Date;
  /** The Execute call's signal: the client cancelled, or its deadline passed. */
  readonly signal: AbortSignal;
  readonly emit: (event: runner.ExecuteResponse) => void;
}

async function obtainProgram(deps: RunnerDeps, plan: ExecutePlan, signal: AbortSignal): Promise<{ text: string; program: Program; generator?: string }> {
  const inputs = [...plan.images.keys()];
  if (plan.source.kind === 'program') {
    try {
      const program = parseProgram(plan.source.text);
      validateProgram(program, inputs);
      return { text: plan.source.text, program };
    } catch (error) {
      throw isProgramError(error) ? invalidProgram(error) : error;
    }
  }
  const generator = selectGenerator(deps.generators, plan.source.generator, deps.config.defaultGenerator);
  const generated = await generator.generate({
    question: plan.source.question,
    ...(plan.task === undefined ? {} : { task: plan.task }),
    inputs,
    ...(plan.source.exampleId === undefined ? {} : { exampleId: plan.source.exampleId }),
    signal,
  });
  return { text: generated.text, program: generated.program, generator: generated.generator };
}

async function writePage(dir: string, runId: string, html: string, logger: Logger): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${runId}.html`), html);
  } catch (error) {
    logger.log('warn', 'cannot write the rationale page', { runId, dir, error: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Runs one Execute request end to end, inside a `run_program` span: gets the program (given, or
 * from a generator), checks it and the module routes before anything is called, opens the run in
 * the trace store, executes the DAG (one `execute_tool <OP>` span per step; module calls carry the
 * run's deadline and signal), streams step events through `ctx.emit`, records every step, and
 * builds the rationale (JSON always; HTML inline on request and in `rationaleDir` when configured).
 * @throws VprogError: INVALID_ARGUMENT for a program that does not parse or validate (line,
 *   column, field violations), a generator's typed error, FAILED_PRECONDITION for a module without
 *   a route, and a failed run's error (see `runFailure`).
 */
export function runProgram(deps: RunnerDeps, plan: ExecutePlan, ctx: RunContext): Promise<runner.ExecuteResult> {
  const question = plan.source.kind === 'question' ? plan.source.question : undefined;
  return withSpan('run_program', { [A.RUN_ID]: ctx.runId, [A.TASK]: plan.task }, async (span) => {
    const started = performance.now();
    const { text, program, generator } = await obtainProgram(deps, plan, ctx.signal);
    span.setAttributes({ 'vprog.program.steps': program.steps.length, ...(generator === undefined ? {} : { 'vprog.generator': generator }) });
    const routes = planRoutes(deps.config.modules, plan.overrides);
    requireRoutes(routes, program.steps.map((s) => s.op));
    const trace: RunTrace | undefined =
      plan.skipTrace || deps.store === undefined
        ? undefined
        : await startRunTrace(deps.store, { runId: ctx.runId, ...(plan.task === undefined ? {} : { task: plan.task }), ...(question === undefined ? {} : { question }), program: text, images: plan.images }, deps.logger);
    const inputs: Record<string, ImageValue> = Object.fromEntries(
      [...plan.images].map(([name, image]) => [name, { kind: 'image', root: name, rect: { x1: 0, y1: 0, x2: image.pixels.width, y2: image.pixels.height } }]),
    );
    const backend = createGrpcBackend({ images: new Map([...plan.images].map(([n, i]) => [n, i.pixels])), routes, clients: deps.clients, deadline: ctx.deadline, vqaTopK: deps.config.vqaTopK });
    const records: StepRecord[] = [];
    const rationaleOf = (extra: Pick<RationaleInput, 'answer' | 'error'>, withPixels: boolean): RationaleInput => ({
      runId: ctx.runId,
      ...(question === undefined ? {} : { question }),
      program: text,
      steps: records,
      images: Object.fromEntries([...plan.images].map(([name, image]) => [name, { png: withPixels ? image.png() : new Uint8Array(0), width: image.pixels.width, height: image.pixels.height }])),
      ...extra,
    });
    const { signal, dispose } = runSignal(ctx.signal, ctx.deadline);
    try {
      const run = await executeProgram(program, inputs, backend, {
        signal,
        concurrency: plan.maxParallelSteps ?? deps.config.maxParallelSteps,
        onStep: (event) => {
          if (event.type === 'started') return ctx.emit(stepStartedResponse(ctx.runId, event));
          records.push(event.record);
          ctx.emit(stepFinishedResponse(ctx.runId, event.record, event.record.error === undefined ? undefined : runFailure(event.record.error)));
          trace?.step(event.record);
        },
        onListenerError: (error, event) =>
          deps.logger.log('error', 'recording a step failed', { runId: ctx.runId, event: event.type, error: error instanceof Error ? error.message : String(error) }),
        aroundStep: (step, next) => {
          const module = moduleOfOp(step.op);
          return withSpan(`execute_tool ${step.op}`, { [A.RUN_ID]: ctx.runId, [A.STEP_INDEX]: step.index, [A.OP]: step.op, [A.MODULE]: step.remote ? module : undefined }, next);
        },
      });
      const latencyMs = performance.now() - started;
      await trace?.finish('succeeded', { result: run.result, latencyMs });
      const html = plan.includeHtml || deps.config.rationaleDir !== undefined ? renderRationaleHtml(rationaleOf({ answer: run.result }, true)) : '';
      if (deps.config.rationaleDir !== undefined) await writePage(deps.config.rationaleDir, ctx.runId, html, deps.logger);
      return {
        answer: answerText(run.result),
        program: text,
        rationaleJson: JSON.stringify(rationaleJson(rationaleOf({ answer: run.result }, false))),
        rationaleHtml: plan.includeHtml ? html : '',
        latencyMs,
      };
    } catch (thrown) {
      const error = runFailure(thrown);
      const status = error.code === 'CANCELLED' || error.code === 'DEADLINE_EXCEEDED' ? 'cancelled' : 'failed';
      await trace?.finish(status, { error: { code: error.code, reason: error.reason, message: error.message }, latencyMs: performance.now() - started });
      if (deps.config.rationaleDir !== undefined) {
        await writePage(deps.config.rationaleDir, ctx.runId, renderRationaleHtml(rationaleOf({ error: { code: error.code, reason: error.reason, message: error.message } }, true)), deps.logger);
      }
      throw error;
    } finally {
      dispose();
    }
  });
}
