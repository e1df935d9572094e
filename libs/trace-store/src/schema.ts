import type { Database } from 'better-sqlite3';
import { traceStoreError } from './trace-error';

/** One step of the schema's history; applied once, in order, inside a transaction. */
interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The schema's history. Never edit an applied migration: add the next one. Times are integer
 * milliseconds since the epoch; JSON columns hold the library's own types.
 */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'runs, steps and blobs',
    sql: `
      CREATE TABLE runs (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id       TEXT NOT NULL UNIQUE,
        created_ms   INTEGER NOT NULL,
        finished_ms  INTEGER,
        task         TEXT NOT NULL DEFAULT '',
        question     TEXT,
        program      TEXT NOT NULL,
        inputs_json  TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
        result_json  TEXT,
        error_json   TEXT,
        latency_ms   REAL,
        models_json  TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX runs_by_task ON runs (task, seq);
      CREATE INDEX runs_by_created ON runs (created_ms);

      CREATE TABLE blobs (
        hash        TEXT PRIMARY KEY,
        bytes       INTEGER NOT NULL,
        created_ms  INTEGER NOT NULL,
        touched_ms  INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE run_blobs (
        run_id  TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        hash    TEXT NOT NULL REFERENCES blobs (hash),
        PRIMARY KEY (run_id, hash)
      ) WITHOUT ROWID;
      CREATE INDEX run_blobs_by_hash ON run_blobs (hash);

      CREATE TABLE steps (
        id                 INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id             TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
        step_index         INTEGER NOT NULL,
        output_var         TEXT NOT NULL,
        op                 TEXT NOT NULL,
        line               INTEGER NOT NULL,
        col                INTEGER NOT NULL,
        remote             INTEGER NOT NULL,
        module_call        INTEGER NOT NULL,
        args_json          TEXT NOT NULL,
        input_images_json  TEXT NOT NULL,
        output_json        TEXT,
        rationale_json     TEXT,
        model_name         TEXT,
        model_version      TEXT,
        latency_ms         REAL NOT NULL,
        error_json         TEXT,
        created_ms         INTEGER NOT NULL,
        UNIQUE (run_id, step_index)
      );
      CREATE INDEX steps_by_call ON steps (op, module_call, id);
    `,
  },
];

/** The schema version this library writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

function currentVersion(db: Database): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null };
  return row.version ?? 0;
}

/**
 * Brings the database to {@link SCHEMA_VERSION}, one transaction per migration, recording each in
 * `schema_migrations`. Safe when several processes open the same file: `BEGIN IMMEDIATE` takes
 * the write lock before the version is read again.
 * @throws TraceStoreError SCHEMA_TOO_NEW when the file was written by a newer schema.
 */
export function migrate(db: Database, path: string, now: number): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms INTEGER NOT NULL)`);
  for (const migration of MIGRATIONS) {
    const apply = db.transaction(() => {
      if (currentVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)').run(migration.version, migration.name, now);
    });
    apply.immediate();
  }
  checkVersion(db, path);
}

/**
 * Checks that the database's schema is the one this library reads.
 * @throws TraceStoreError SCHEMA_TOO_NEW for a newer schema; STORE_UNAVAILABLE for an older one
 *   (a read-only store cannot migrate it).
 */
export function checkVersion(db: Database, path: string): void {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
  const version = hasTable ? currentVersion(db) : 0;
  if (version > SCHEMA_VERSION) {
    throw traceStoreError('SCHEMA_TOO_NEW', `trace database ${path} has schema version ${version}; this build reads up to ${SCHEMA_VERSION}`, {
      path,
      version: String(version),
    });
  }
  if (version < SCHEMA_VERSION) {
    throw traceStoreError('STORE_UNAVAILABLE', `trace database ${path} has schema version ${version}; open it writable once to migrate it`, {
      path,
      version: String(version),
    });
  }
}
