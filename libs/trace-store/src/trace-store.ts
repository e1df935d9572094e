import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { StepRecord } from '@vprog/program';
import { assertHash, assertPng, blobPath, readBlobFile, removeBlobFile, sha256Hex, writeBlobFile } from './blob-files';
import { mapSqliteError, openDatabase } from './open-database';
import { applyRetention } from './retention';
import { errorColumn, parseColumn, toColumn } from './rows';
import { checkNewRun, inputHashes, inputSize } from './run-inputs';
import { prepareStatements, type Statements } from './statements';
import { calledModule, checkStepRecord, stepInputImages } from './step-inputs';
import { resolveOptions, type ResolvedOptions, type TraceStoreOptions } from './store-options';
import { invalidRequest, traceStoreError } from './trace-error';
import { readModuleCalls, readRun, readRuns } from './trace-queries';
import type {
  ListRunsQuery, ModelRef, ModuleCall, ModuleCallsQuery, NewRun, RetentionReport, RunOutcome, StepToRecord, StoredInput, TraceRun, TraceRunWithSteps,
} from './trace-types';

/**
 * Every step of every program run, in SQLite, with the input images in a content-addressed blob
 * folder. The program-runner writes it; the distillation coordinator reads module calls from it.
 * Database calls are synchronous (better-sqlite3; microseconds each); blob files are written and
 * read asynchronously. One process writes a store; any number of connections may read it (WAL).
 */
export interface TraceStore {
  readonly path: string;
  readonly blobDir: string;
  /**
   * Stores PNG bytes once under their sha256 (temp file + rename) and returns the hash.
   * @throws TraceStoreError INVALID_REQUEST for bytes that are not a PNG; STORE_READ_ONLY; STORE_CLOSED.
   */
  putBlob(bytes: Uint8Array): Promise<string>;
  /** The bytes of a stored blob. @throws TraceStoreError INVALID_REQUEST for a malformed hash; BLOB_NOT_FOUND; BLOB_CORRUPT. */
  getBlob(hash: string): Promise<Buffer>;
  /**
   * Opens a run (status `running`), storing its input images; returns its id.
   * @throws TraceStoreError INVALID_REQUEST; RUN_EXISTS; BLOB_NOT_FOUND for a `hash` input that is not stored.
   */
  recordRun(run: NewRun): Promise<string>;
  /** Records one finished step of a running run. @throws as {@link TraceStore.recordSteps}. */
  recordStep(runId: string, step: StepRecord, model?: ModelRef): void;
  /**
   * Records steps of a running run in one transaction (all or none).
   * @throws TraceStoreError RUN_NOT_FOUND; RUN_FINISHED; STEP_EXISTS; INVALID_REQUEST for a malformed
   *   record or one whose image argument views an image that is not an input of the run.
   */
  recordSteps(runId: string, steps: readonly StepToRecord[]): void;
  /**
   * Closes a run with its outcome; every `retention.everyRuns` finished runs it then enforces the
   * retention limits (the run stays recorded even if that fails).
   * @throws TraceStoreError RUN_NOT_FOUND; RUN_FINISHED; INVALID_REQUEST; and what {@link TraceStore.enforceRetention} throws.
   */
  finishRun(runId: string, outcome: RunOutcome): Promise<void>;
  /** A run with all its steps. @throws TraceStoreError RUN_NOT_FOUND. */
  getRun(runId: string): TraceRunWithSteps;
  /** Runs, newest first. @throws TraceStoreError INVALID_REQUEST; RUN_NOT_FOUND for an unknown `before` run. */
  listRuns(query?: ListRunsQuery): TraceRun[];
  /** Recorded calls of one module, oldest first, for distillation. @throws TraceStoreError INVALID_REQUEST. */
  moduleCalls(query: ModuleCallsQuery): ModuleCall[];
  /**
   * Removes the oldest runs beyond the retention limits and the blobs no run references any more.
   * @throws TraceStoreError STORE_READ_ONLY; STORE_UNAVAILABLE; the filesystem error of a blob file that cannot be removed.
   */
  enforceRetention(): Promise<RetentionReport>;
  /** Waits for a retention pass in progress, then closes the database. Later calls throw STORE_CLOSED. */
  close(): Promise<void>;
}

/**
 * Opens (creating folders, database and schema when missing) the trace store at `options.path`.
 * @throws TraceStoreError INVALID_REQUEST for bad options; DATABASE_CORRUPT (DATA_LOSS, naming the
 *   file) when the file is not a healthy SQLite database; SCHEMA_TOO_NEW; STORE_NOT_FOUND (read-only, no file); STORE_UNAVAILABLE.
 */
export function openTraceStore(options: TraceStoreOptions): TraceStore {
  const resolved = resolveOptions(options);
  if (!resolved.readonly) mkdirSync(resolved.blobDir, { recursive: true });
  const db = openDatabase(resolved.path, { readonly: resolved.readonly, busyTimeoutMs: resolved.busyTimeoutMs, now: resolved.now() });
  return new SqliteTraceStore(db, resolved);
}

const UNIQUE = /^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/;

class SqliteTraceStore implements TraceStore {
  readonly path: string;
  readonly blobDir: string;
  private readonly sql: Statements;
  /** Runs this store opened and has not finished: their inputs, and protection from retention. */
  private readonly openRuns = new Map<string, Readonly<Record<string, StoredInput>>>();
  private retention: Promise<unknown> | undefined;
  private finishedRuns = 0;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly options: ResolvedOptions,
  ) {
    this.path = options.path;
    this.blobDir = options.blobDir;
    this.sql = prepareStatements(db);
  }

  async putBlob(bytes: Uint8Array): Promise<string> {
    this.assertWritable();
    assertPng(bytes);
    const hash = sha256Hex(bytes);
    while (this.retention !== undefined) await this.retention.catch(() => undefined);
    // The row is touched before the file is written, so a retention pass never takes a blob being stored.
    this.guard(() => this.sql.upsertBlob.run({ hash, bytes: bytes.length, now: this.options.now() }));
    await writeBlobFile(blobPath(this.blobDir, hash), bytes);
    return hash;
  }

  async getBlob(hash: string): Promise<Buffer> {
    this.assertOpen();
    assertHash(hash);
    return readBlobFile(this.blobDir, hash);
  }

  async recordRun(run: NewRun): Promise<string> {
    this.assertWritable();
    checkNewRun(run);
    const runId = run.runId ?? randomUUID();
    const sizes = Object.entries(run.inputs).map(([name, input]) => [name, input, inputSize(name, input)] as const);
    const inputs: Record<string, StoredInput> = {};
    for (const [name, input, size] of sizes) inputs[name] = { hash: 'png' in input ? await this.putBlob(input.png) : input.hash, ...size };
    this.assertOpen();
    this.guard(() =>
      this.db.transaction(() => {
        const now = this.options.now();
        for (const hash of inputHashes(inputs)) {
          if (this.sql.touchBlob.run({ hash, now }).changes === 0) throw traceStoreError('BLOB_NOT_FOUND', `blob ${hash} is not in the store`, { hash });
        }
        try {
          this.sql.insertRun.run({
            runId, createdMs: now, task: run.task ?? '', question: run.question ?? null, program: run.program,
            inputs: JSON.stringify(inputs), models: JSON.stringify(run.models ?? {}),
          });
        } catch (error) {
          if (UNIQUE.test(String((error as { code?: unknown }).code))) throw traceStoreError('RUN_EXISTS', `run ${runId} is already recorded`, { runId });
          throw error;
        }
        for (const hash of inputHashes(inputs)) this.sql.linkBlob.run(runId, hash);
      })(),
    );
    this.openRuns.set(runId, inputs);
    return runId;
  }

  recordStep(runId: string, step: StepRecord, model?: ModelRef): void {
    this.recordSteps(runId, [model === undefined ? { step } : { step, model }]);
  }

  recordSteps(runId: string, steps: readonly StepToRecord[]): void {
    this.assertWritable();
    if (!Array.isArray(steps)) throw invalidRequest('steps must be a list');
    this.guard(() => {
      const inputs = this.openRuns.get(runId) ?? this.runningInputs(runId);
      const now = this.options.now();
      const rows = steps.map(({ step, model }) => {
        checkStepRecord(step);
        if (model !== undefined && (typeof model.name !== 'string' || typeof model.version !== 'string')) throw invalidRequest('model needs a name and a version', { field: 'model' });
        return {
          runId, index: step.index, output: step.output, op: step.op, line: step.line, column: step.column,
          remote: step.remote ? 1 : 0, moduleCall: calledModule(step) ? 1 : 0, args: JSON.stringify(step.args),
          inputImages: JSON.stringify(stepInputImages(step, inputs)), value: toColumn(step.value), rationale: toColumn(step.rationale),
          modelName: model?.name ?? null, modelVersion: model?.version ?? null, latencyMs: step.latencyMs, error: errorColumn(step.error), createdMs: now,
        };
      });
      this.db.transaction(() => {
        for (const row of rows) {
          try {
            this.sql.insertStep.run(row);
          } catch (error) {
            if (UNIQUE.test(String((error as { code?: unknown }).code))) throw traceStoreError('STEP_EXISTS', `step ${row.index} of run ${runId} is already recorded`, { runId, index: String(row.index) });
            throw error;
          }
        }
      })();
    });
  }

  async finishRun(runId: string, outcome: RunOutcome): Promise<void> {
    this.assertWritable();
    if (!['succeeded', 'failed', 'cancelled'].includes(outcome?.status)) throw invalidRequest(`status must be succeeded, failed or cancelled, got ${String(outcome?.status)}`, { field: 'status' });
    if (outcome.latencyMs !== undefined && !(Number.isFinite(outcome.latencyMs) && outcome.latencyMs >= 0)) throw invalidRequest('latencyMs must be a non-negative number', { field: 'latencyMs' });
    this.guard(() => {
      const state = this.runState(runId);
      const models = { ...parseColumn<Record<string, ModelRef>>(state.models_json, `run ${runId}`), ...outcome.models };
      this.sql.finishRun.run({
        runId, status: outcome.status, finishedMs: this.options.now(), result: toColumn(outcome.result), error: errorColumn(outcome.error),
        latencyMs: outcome.latencyMs ?? null, models: JSON.stringify(models),
      });
    });
    this.openRuns.delete(runId);
    this.finishedRuns += 1;
    const { maxRuns, maxAgeMs, maxBlobBytes, everyRuns } = this.options.retention;
    const limited = maxRuns !== undefined || maxAgeMs !== undefined || maxBlobBytes !== undefined;
    if (limited && this.finishedRuns % everyRuns === 0) await this.enforceRetention();
  }

  getRun(runId: string): TraceRunWithSteps {
    this.assertOpen();
    return this.guard(() => this.db.transaction(() => readRun(this.sql, runId))());
  }

  listRuns(query?: ListRunsQuery): TraceRun[] {
    this.assertOpen();
    return this.guard(() => readRuns(this.sql, query));
  }

  moduleCalls(query: ModuleCallsQuery): ModuleCall[] {
    this.assertOpen();
    return this.guard(() => readModuleCalls(this.sql, query));
  }

  async enforceRetention(): Promise<RetentionReport> {
    this.assertWritable();
    while (this.retention !== undefined) await this.retention.catch(() => undefined);
    // The database part commits synchronously here, before any other call can interleave.
    const plan = this.guard(() =>
      this.db.transaction(() => applyRetention(this.sql, this.options.retention, this.options.now(), new Set(this.openRuns.keys())))(),
    );
    const pass = (async () => {
      for (const hash of plan.hashes) await removeBlobFile(this.blobDir, hash);
      return { runsDeleted: plan.runsDeleted, blobsDeleted: plan.hashes.length, bytesFreed: plan.bytesFreed };
    })();
    this.retention = pass;
    try {
      return await pass;
    } finally {
      if (this.retention === pass) this.retention = undefined;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.retention !== undefined) await this.retention.catch(() => undefined);
    this.db.close();
  }

  private runState(runId: string): { inputs_json: string; models_json: string } {
    const row = this.sql.runState.get(runId) as { status: string; inputs_json: string; models_json: string } | undefined;
    if (row === undefined) throw traceStoreError('RUN_NOT_FOUND', `run ${runId} is not in the trace store`, { runId: String(runId) });
    if (row.status !== 'running') throw traceStoreError('RUN_FINISHED', `run ${runId} has already finished (${row.status})`, { runId, status: row.status });
    return row;
  }

  private runningInputs(runId: string): Readonly<Record<string, StoredInput>> {
    return parseColumn<Record<string, StoredInput>>(this.runState(runId).inputs_json, `run ${runId}`);
  }

  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw mapSqliteError(error, this.path);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw traceStoreError('STORE_CLOSED', `trace store ${this.path} is closed`, { path: this.path });
  }

  private assertWritable(): void {
    this.assertOpen();
    if (this.options.readonly) throw traceStoreError('STORE_READ_ONLY', `trace store ${this.path} is open read-only`, { path: this.path });
  }
}
