/** Where the runtime reports what operators need to know (e.g. a CUDA → CPU fallback). */
export interface RuntimeLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** The default logger: one line per message on stderr, so stdout stays machine-readable. */
export const stderrLogger: RuntimeLogger = {
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`${message}\n`),
};
