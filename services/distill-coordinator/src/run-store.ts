import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { distill, model } from '@vprog/proto-ts';
import type { ResolvedPlan } from './plan';

/** Where a run stands (the proto's RunState, as stored). */
export type RunStateName = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** The stages of one module step, in order; a step's `stage` is the last one completed. */
export const STAGES = ['collect', 'label', 'anchor', 'train', 'gate', 'promote'] as const;
/** One of {@link STAGES}, or `none` before the first. */
export type StageName = (typeof STAGES)[number] | 'none';

/** A stored run. */
export interface RunRecord {
  readonly runId: string;
  readonly requestId: string | undefined;
  readonly plan: ResolvedPlan;
  readonly state: RunStateName;
  readonly createdMs: number;
  readonly updatedMs: number;
  /** A binary `google.rpc.Status`; set when the run failed. */
  readonly error: Uint8Array | undefined;
}

/** One task's metric as measured by an evaluation. */
export interface Measure {
  readonly metric: string;
  readonly value: number | null;
  readonly n: number;
  /**
   * Each item's score in item order (1/0, or the item's tag F1), so that the gate can compare two
   * measurements of the same items pairwise. Absent in runs stored before it was recorded.
   */
  readonly scores?: readonly number[];
}

/** A stored candidate of a step. */
export interface CandidateRef {
  readonly version: string;
  readonly alpha: number;
}

/** What a step has done so far; each field is written by the stage that produces it. */
export interface StepData {
  /** The student's active version when the step began (Activate's `expected_active_version`). */
  readonly activeBefore?: string;
  /** The teacher model that labelled the targets, recorded in the candidates' lineage. */
  readonly teacher?: { readonly name: string; readonly version: string };
  readonly collectRunIds?: readonly string[];
  readonly candidates?: readonly CandidateRef[];
  /** Metrics with the active versions, by task. */
  readonly before?: Readonly<Record<string, Measure>>;
  /** Metrics per candidate version, by task. */
  readonly after?: Readonly<Record<string, Readonly<Record<string, Measure>>>>;
  /** The candidate the gate chose; null when it chose none. */
  readonly chosen?: CandidateRef | null;
}

/** One module step of a run: (seed, target task, module). */
export interface StepRecord {
  readonly key: string;
  readonly task: string;
  readonly module: string;
  readonly seed: number;
  readonly stage: StageName;
  readonly data: StepData;
  readonly decision: distill.GateDecision | undefined;
}

/** How distillation examples are stored: collected inputs, labelled targets, dropped ones, anchors. */
export type ExampleKind = 'collected' | 'target' | 'dropped' | 'anchor';

/** A stored event with its place in the run. */
export type StoredEvent = distill.WatchRunResponse;

/** Notified after an event is committed. */
export type EventListener = (event: StoredEvent) => void;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, request_id TEXT UNIQUE, plan_json TEXT NOT NULL, state TEXT NOT NULL, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, error BLOB);
CREATE TABLE IF NOT EXISTS steps (run_id TEXT NOT NULL, step_key TEXT NOT NULL, ord INTEGER NOT NULL, task TEXT NOT NULL, module TEXT NOT NULL, seed INTEGER NOT NULL, stage TEXT NOT NULL, data_json TEXT NOT NULL, decision BLOB, PRIMARY KEY (run_id, step_key));
CREATE TABLE IF NOT EXISTS examples (run_id TEXT NOT NULL, step_key TEXT NOT NULL, idx INTEGER NOT NULL, kind TEXT NOT NULL, example BLOB NOT NULL, PRIMARY KEY (run_id, step_key, idx));
CREATE TABLE IF NOT EXISTS events (run_id TEXT NOT NULL, seq INTEGER NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (run_id, seq));
`;

interface RunRow { run_id: string; request_id: string | null; plan_json: string; state: string; created_ms: number; updated_ms: number; error: Buffer | null }
interface StepRow { step_key: string; task: string; module: string; seed: number; stage: string; data_json: string; decision: Buffer | null }

const toRun = (r: RunRow): RunRecord => ({
  runId: r.run_id,
  requestId: r.request_id ?? undefined,
  // Plans stored before a field existed read as that field's off value (min_target_sigmas: 0,
  // watch_tasks: none).
  plan: { minTargetSigmas: 0, watch: [], ...(JSON.parse(r.plan_json) as Partial<ResolvedPlan>) } as ResolvedPlan,
  state: r.state as RunStateName,
  createdMs: r.created_ms,
  updatedMs: r.updated_ms,
  error: r.error === null ? undefined : new Uint8Array(r.error),
});

const toStep = (r: StepRow): StepRecord => ({
  key: r.step_key,
  task: r.task,
  module: r.module,
  seed: r.seed,
  stage: r.stage as StageName,
  data: JSON.parse(r.data_json) as StepData,
  decision: r.decision === null ? undefined : distill.GateDecision.decode(r.decision),
});

/** What a checkpoint writes, all in one transaction. */
export interface Checkpoint {
  readonly stage: StageName;
  /** Merged over the step's data. */
  readonly data?: StepData;
  readonly decision?: distill.GateDecision;
  /** Replace the step's examples of these kinds. */
  readonly examples?: { readonly kinds: readonly ExampleKind[]; readonly rows: ReadonlyArray<{ readonly kind: ExampleKind; readonly example: model.DistillExample }> };
  readonly events?: readonly EventInput[];
}

/** An event before it has its sequence and time. */
export type EventInput = Omit<distill.WatchRunResponse, 'runId' | 'sequence' | 'eventTime'>;

/** The coordinator's SQLite state. */
export interface RunStore {
  /** Creates a run in `pending`, or returns the run already created with this request id (`created: false`). */
  createRun(input: { runId: string; requestId?: string; plan: ResolvedPlan }): { run: RunRecord; created: boolean };
  getRun(runId: string): RunRecord | undefined;
  runsIn(state: RunStateName): RunRecord[];
  /** Changes a run's state and appends the events, in one transaction. */
  setState(runId: string, state: RunStateName, options?: { error?: Uint8Array; events?: readonly EventInput[] }): void;
  /** The step, creating it (stage `none`) when new. */
  step(runId: string, key: { key: string; ord: number; task: string; module: string; seed: number }): StepRecord;
  steps(runId: string): StepRecord[];
  checkpoint(runId: string, stepKey: string, checkpoint: Checkpoint): StepRecord;
  examples(runId: string, stepKey: string, kinds: readonly ExampleKind[]): model.DistillExample[];
  /** Appends events (sequence = last + 1) and notifies listeners once committed. */
  appendEvents(runId: string, events: readonly EventInput[]): StoredEvent[];
  eventsAfter(runId: string, afterSequence: number): StoredEvent[];
  onEvent(listener: EventListener): () => void;
  close(): void;
}

/**
 * Opens (creating when missing) the coordinator's state database. Every write that records a
 * finished side effect happens in one transaction with its events, so a crash leaves either the
 * old checkpoint or the new one, never half of both.
 * @throws SqliteError when the file cannot be opened or is not a database.
 */
export function openRunStore(path: string, now: () => number = Date.now): RunStore {
  if (path !== ':memory:' && !existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true });
  const db: Database = new BetterSqlite3(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SCHEMA);
  const listeners = new Set<EventListener>();
  const lastSeq = db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM events WHERE run_id = ?');
  const insertEvent = db.prepare('INSERT INTO events (run_id, seq, payload) VALUES (?, ?, ?)');
  const writeEvents = (runId: string, events: readonly EventInput[]): StoredEvent[] => {
    let seq = lastSeq.get(runId)?.seq ?? 0;
    return events.map((e) => {
      const stored: StoredEvent = { ...e, runId, sequence: ++seq, eventTime: new Date(now()) };
      insertEvent.run(runId, seq, Buffer.from(distill.WatchRunResponse.encode(stored).finish()));
      return stored;
    });
  };
  const notify = (events: readonly StoredEvent[]) => {
    for (const e of events) for (const l of listeners) l(e);
  };
  const getRun = (runId: string) => {
    const row = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE run_id = ?').get(runId);
    return row === undefined ? undefined : toRun(row);
  };
  const getStep = (runId: string, key: string) => db.prepare<[string, string], StepRow>('SELECT * FROM steps WHERE run_id = ? AND step_key = ?').get(runId, key);
  return {
    createRun({ runId, requestId, plan }) {
      return db.transaction(() => {
        if (requestId !== undefined) {
          const existing = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE request_id = ?').get(requestId);
          if (existing !== undefined) return { run: toRun(existing), created: false };
        }
        const t = now();
        db.prepare('INSERT INTO runs (run_id, request_id, plan_json, state, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?)').run(runId, requestId ?? null, JSON.stringify(plan), 'pending', t, t);
        return { run: getRun(runId) as RunRecord, created: true };
      })();
    },
    getRun,
    runsIn: (state) => db.prepare<[string], RunRow>('SELECT * FROM runs WHERE state = ? ORDER BY created_ms').all(state).map(toRun),
    setState(runId, state, options = {}) {
      const events = db.transaction(() => {
        db.prepare('UPDATE runs SET state = ?, updated_ms = ?, error = ? WHERE run_id = ?').run(state, now(), options.error === undefined ? null : Buffer.from(options.error), runId);
        return writeEvents(runId, options.events ?? []);
      })();
      notify(events);
    },
    step(runId, key) {
      const existing = getStep(runId, key.key);
      if (existing !== undefined) return toStep(existing);
      db.prepare('INSERT INTO steps (run_id, step_key, ord, task, module, seed, stage, data_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(runId, key.key, key.ord, key.task, key.module, key.seed, 'none', '{}');
      return toStep(getStep(runId, key.key) as StepRow);
    },
    steps: (runId) => db.prepare<[string], StepRow>('SELECT * FROM steps WHERE run_id = ? ORDER BY ord').all(runId).map(toStep),
    checkpoint(runId, stepKey, cp) {
      const { events, step } = db.transaction(() => {
        const row = getStep(runId, stepKey);
        if (row === undefined) throw new Error(`no step ${stepKey} in run ${runId}`);
        const data = { ...(JSON.parse(row.data_json) as StepData), ...cp.data };
        const decision = cp.decision === undefined ? row.decision : Buffer.from(distill.GateDecision.encode(cp.decision).finish());
        db.prepare('UPDATE steps SET stage = ?, data_json = ?, decision = ? WHERE run_id = ? AND step_key = ?').run(cp.stage, JSON.stringify(data), decision, runId, stepKey);
        if (cp.examples !== undefined) {
          const kinds = cp.examples.kinds;
          db.prepare(`DELETE FROM examples WHERE run_id = ? AND step_key = ? AND kind IN (${kinds.map(() => '?').join(',')})`).run(runId, stepKey, ...kinds);
          let idx = db.prepare<[string, string], { idx: number | null }>('SELECT MAX(idx) AS idx FROM examples WHERE run_id = ? AND step_key = ?').get(runId, stepKey)?.idx ?? 0;
          const insert = db.prepare('INSERT INTO examples (run_id, step_key, idx, kind, example) VALUES (?, ?, ?, ?, ?)');
          for (const r of cp.examples.rows) insert.run(runId, stepKey, ++idx, r.kind, Buffer.from(model.DistillExample.encode(r.example).finish()));
        }
        db.prepare('UPDATE runs SET updated_ms = ? WHERE run_id = ?').run(now(), runId);
        return { events: writeEvents(runId, cp.events ?? []), step: toStep(getStep(runId, stepKey) as StepRow) };
      })();
      notify(events);
      return step;
    },
    examples(runId, stepKey, kinds) {
      if (kinds.length === 0) return [];
      return db
        .prepare<unknown[], { example: Buffer }>(`SELECT example FROM examples WHERE run_id = ? AND step_key = ? AND kind IN (${kinds.map(() => '?').join(',')}) ORDER BY idx`)
        .all(runId, stepKey, ...kinds)
        .map((r) => model.DistillExample.decode(r.example));
    },
    appendEvents(runId, events) {
      const stored = db.transaction(() => writeEvents(runId, events))();
      notify(stored);
      return stored;
    },
    eventsAfter: (runId, after) =>
      db
        .prepare<[string, number], { payload: Buffer }>('SELECT payload FROM events WHERE run_id = ? AND seq > ? ORDER BY seq')
        .all(runId, after)
        .map((r) => distill.WatchRunResponse.decode(r.payload)),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => db.close(),
  };
}
