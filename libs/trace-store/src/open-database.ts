import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { checkVersion, migrate } from './schema';
import { isTraceStoreError, traceStoreError } from './trace-error';

/** How to open the SQLite file. */
export interface OpenDatabaseOptions {
  readonly readonly: boolean;
  /** How long a statement waits for another connection's lock before failing. */
  readonly busyTimeoutMs: number;
  readonly now: number;
}

function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * Maps a SQLite failure to this library's typed errors: a damaged or foreign file is DATA_LOSS
 * naming the file, a lock or I/O problem is UNAVAILABLE; other errors (bugs) pass unchanged.
 * Throws nothing; returns the error to throw.
 */
export function mapSqliteError(error: unknown, path: string): unknown {
  if (isTraceStoreError(error)) return error;
  const code = sqliteCode(error);
  if (code === undefined) return error;
  const detail = (error as Error).message;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return traceStoreError('DATABASE_CORRUPT', `trace database ${path} is damaged or not a SQLite database: ${detail}`, { path, sqlite: code }, error);
  }
  if (/^SQLITE_(BUSY|LOCKED|CANTOPEN|IOERR|FULL|PERM|READONLY)/.test(code)) {
    return traceStoreError('STORE_UNAVAILABLE', `trace database ${path} is unavailable: ${detail}`, { path, sqlite: code }, error);
  }
  return error;
}

/**
 * Opens the trace database: creates its directory when missing, switches a writable file to WAL
 * (readers never block the writer, nor it them), turns on foreign keys, and migrates the schema
 * (a read-only store only checks it).
 * @throws TraceStoreError DATABASE_CORRUPT (DATA_LOSS) when the file is not a healthy SQLite
 *   database; SCHEMA_TOO_NEW; STORE_NOT_FOUND for a read-only open of a missing file;
 *   STORE_UNAVAILABLE when it cannot be opened or stays locked.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions): Database {
  if (options.readonly && !existsSync(path)) {
    throw traceStoreError('STORE_NOT_FOUND', `trace database ${path} does not exist (a read-only store never creates it)`, { path });
  }
  let db: Database | undefined;
  try {
    if (!options.readonly) mkdirSync(dirname(path), { recursive: true });
    db = new BetterSqlite3(path, { readonly: options.readonly, fileMustExist: options.readonly, timeout: options.busyTimeoutMs });
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    if (options.readonly) checkVersion(db, path);
    else migrate(db, path, options.now);
    return db;
  } catch (error) {
    db?.close();
    throw mapSqliteError(error, path);
  }
}
