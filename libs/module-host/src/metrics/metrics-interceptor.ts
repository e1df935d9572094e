import { toVprogError, type ServerInterceptor } from '@vprog/grpc-kit';
import type { ModuleMetrics } from './module-metrics';

/**
 * A grpc-kit interceptor that counts every RPC of the service and every failure by its reason
 * (QUEUE_FULL, BAD_REQUEST, GOLDEN_CHECK_FAILED...), labelled with the method's short name.
 * It sits inside the deadline interceptor, so a call that times out in the queue is counted
 * with the reason the queue gave it.
 */
export function metricsInterceptor(metrics: ModuleMetrics): ServerInterceptor {
  return (next) => async (info) => {
    const method = info.method.slice(info.method.lastIndexOf('/') + 1);
    try {
      const result = await next(info);
      metrics.recordCall(method);
      return result;
    } catch (error) {
      metrics.recordCall(method, toVprogError(error).reason);
      throw error;
    }
  };
}
