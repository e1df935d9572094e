import type { Database, Statement } from 'better-sqlite3';

const RUN_COLUMNS = `r.*, (SELECT COUNT(*) FROM steps s WHERE s.run_id = r.run_id) AS step_count`;

/**
 * Every SQL statement of the store, prepared once per connection. Optional filters are written as
 * `(@x IS NULL OR ...)` so each query stays one prepared statement; lists travel as JSON arrays
 * through `json_each`.
 */
export function prepareStatements(db: Database) {
  const s = (sql: string): Statement => db.prepare(sql);
  return {
    insertRun: s(`INSERT INTO runs (run_id, created_ms, task, question, program, inputs_json, status, models_json)
      VALUES (@runId, @createdMs, @task, @question, @program, @inputs, 'running', @models)`),
    runState: s('SELECT status, inputs_json, models_json FROM runs WHERE run_id = ?'),
    finishRun: s(`UPDATE runs SET status = @status, finished_ms = @finishedMs, result_json = @result, error_json = @error,
      latency_ms = @latencyMs, models_json = @models WHERE run_id = @runId AND status = 'running'`),
    getRun: s(`SELECT ${RUN_COLUMNS} FROM runs r WHERE r.run_id = ?`),
    runSeq: s('SELECT seq FROM runs WHERE run_id = ?'),
    listRuns: s(`SELECT ${RUN_COLUMNS} FROM runs r
      WHERE (@task IS NULL OR r.task = @task) AND (@status IS NULL OR r.status = @status)
        AND (@beforeSeq IS NULL OR r.seq < @beforeSeq) AND (@beforeMs IS NULL OR r.created_ms < @beforeMs)
      ORDER BY r.seq DESC LIMIT @limit`),

    insertStep: s(`INSERT INTO steps (run_id, step_index, output_var, op, line, col, remote, module_call, args_json,
        input_images_json, output_json, rationale_json, model_name, model_version, latency_ms, error_json, created_ms)
      VALUES (@runId, @index, @output, @op, @line, @column, @remote, @moduleCall, @args,
        @inputImages, @value, @rationale, @modelName, @modelVersion, @latencyMs, @error, @createdMs)`),
    stepsOfRun: s('SELECT * FROM steps WHERE run_id = ? ORDER BY step_index'),
    moduleCalls: s(`SELECT s.*, r.task AS task, r.inputs_json AS inputs_json FROM steps s JOIN runs r ON r.run_id = s.run_id
      WHERE s.op = @op AND s.module_call = 1 AND (@includeFailed = 1 OR s.error_json IS NULL)
        AND (@task IS NULL OR r.task = @task)
        AND (@runIds IS NULL OR s.run_id IN (SELECT value FROM json_each(@runIds)))
        AND (@since IS NULL OR s.created_ms >= @since) AND (@after IS NULL OR s.id > @after)
      ORDER BY s.id LIMIT @limit`),

    upsertBlob: s(`INSERT INTO blobs (hash, bytes, created_ms, touched_ms) VALUES (@hash, @bytes, @now, @now)
      ON CONFLICT (hash) DO UPDATE SET touched_ms = excluded.touched_ms`),
    touchBlob: s('UPDATE blobs SET touched_ms = @now WHERE hash = @hash'),
    linkBlob: s('INSERT OR IGNORE INTO run_blobs (run_id, hash) VALUES (?, ?)'),

    runsCreatedBefore: s('SELECT run_id FROM runs WHERE created_ms < ? ORDER BY seq'),
    oldestRuns: s('SELECT run_id FROM runs ORDER BY seq LIMIT ?'),
    countRuns: s('SELECT COUNT(*) AS n FROM runs'),
    blobBytes: s('SELECT COALESCE(SUM(bytes), 0) AS n FROM blobs'),
    hashesOfRun: s('SELECT hash FROM run_blobs WHERE run_id = ?'),
    deleteRun: s('DELETE FROM runs WHERE run_id = ?'),
    freeBlob: s(`SELECT bytes FROM blobs b WHERE b.hash = ? AND b.touched_ms < ?
      AND NOT EXISTS (SELECT 1 FROM run_blobs rb WHERE rb.hash = b.hash)`),
    orphanBlobs: s(`SELECT hash, bytes FROM blobs b WHERE b.touched_ms < ?
      AND NOT EXISTS (SELECT 1 FROM run_blobs rb WHERE rb.hash = b.hash)`),
    deleteBlob: s('DELETE FROM blobs WHERE hash = ?'),
  };
}

/** The prepared statements of one connection. */
export type Statements = ReturnType<typeof prepareStatements>;
