/** Severity of a log line. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured fields of one log line. Values must be JSON-serialisable. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The logger grpc-kit writes to. Small on purpose so any structured logger (pino, a test spy)
 * can be adapted in a few lines and injected through the server options.
 */
export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
}

/** Options of {@link createJsonLogger}. */
export interface JsonLoggerOptions {
  /** Where each finished line goes; defaults to stderr so stdout stays free for program output. */
  readonly write?: (line: string) => void;
  /** Fields added to every line, e.g. `{ service: 'loc' }`. */
  readonly base?: LogFields;
  /** Lines below this level are dropped; defaults to `info`. */
  readonly level?: LogLevel;
  /** Clock for the `time` field; injectable for tests. */
  readonly now?: () => Date;
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * A logger that writes one JSON object per line: `{"time":…,"level":…,"msg":…,…fields}`.
 * Fields that cannot be serialised (cycles, BigInt) are replaced, so logging never throws.
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const min = LEVEL_ORDER[options.level ?? 'info'];
  const now = options.now ?? (() => new Date());
  return {
    log(level, message, fields) {
      if (LEVEL_ORDER[level] < min) return;
      const record = { time: now().toISOString(), level, msg: message, ...options.base, ...fields };
      write(safeStringify(record));
    },
  };
}

/** A logger that drops everything; the default for code paths that were given none. */
export const silentLogger: Logger = { log: () => undefined };

function safeStringify(record: Record<string, unknown>): string {
  try {
    return JSON.stringify(record, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  } catch {
    return JSON.stringify({ time: record.time, level: record.level, msg: record.msg, logError: 'unserialisable fields' });
  }
}
