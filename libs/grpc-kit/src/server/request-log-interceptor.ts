import { toVprogError } from '../errors/to-vprog-error';
import type { Logger, LogLevel } from '../logging/logger';
import type { ServerInterceptor } from './interceptor';

const SERVER_FAULTS = new Set(['INTERNAL', 'UNKNOWN', 'DATA_LOSS']);

/**
 * Writes one structured line per finished call: `{"msg":"rpc","method":…,"code":…,"durationMs":…}`
 * (plus `reason` on failure). OK calls log at info, server faults at error, the rest at warn.
 */
export function requestLogInterceptor(logger: Logger, now: () => number = () => performance.now()): ServerInterceptor {
  return (next) => async (info) => {
    const start = now();
    const elapsed = (): number => Math.round((now() - start) * 1000) / 1000;
    try {
      const result = await next(info);
      logger.log('info', 'rpc', { method: info.method, kind: info.kind, code: 'OK', durationMs: elapsed(), peer: info.ctx.peer });
      return result;
    } catch (thrown) {
      const error = toVprogError(thrown);
      const level: LogLevel = SERVER_FAULTS.has(error.code) ? 'error' : 'warn';
      logger.log(level, 'rpc', {
        method: info.method,
        kind: info.kind,
        code: error.code,
        reason: error.reason,
        message: error.message,
        durationMs: elapsed(),
        peer: info.ctx.peer,
      });
      throw thrown;
    }
  };
}
