import { toVprogError } from '../errors/to-vprog-error';
import type { Logger } from '../logging/logger';
import type { ServerInterceptor } from './interceptor';

const SERVER_FAULTS = new Set(['INTERNAL', 'UNKNOWN', 'DATA_LOSS']);

/**
 * Maps whatever a handler throws to a `VprogError` (see `toVprogError`), so the transport layer
 * only ever sees typed errors. Server faults are logged here with their cause and stack; only
 * the generic message reaches the client.
 */
export function errorInterceptor(logger: Logger): ServerInterceptor {
  return (next) => async (info) => {
    try {
      return await next(info);
    } catch (thrown) {
      const error = toVprogError(thrown);
      if (SERVER_FAULTS.has(error.code)) {
        const cause = error.cause ?? thrown;
        logger.log('error', 'handler failed', {
          method: info.method,
          code: error.code,
          reason: error.reason,
          error: cause instanceof Error ? { name: cause.name, message: cause.message, stack: cause.stack } : String(cause),
        });
      }
      throw error;
    }
  };
}
