import { HealthImplementation, type ServingStatus } from 'grpc-health-check';
import type { Server } from '@grpc/grpc-js';

/** The name `grpc.health.v1` uses for the server as a whole. */
export const OVERALL_HEALTH = '';

/**
 * Readiness as `grpc.health.v1` reports it. Every named service and the overall `""` entry start
 * NOT_SERVING; a service calls {@link setServing} once its models are loaded. The overall entry
 * is SERVING exactly when every named service is.
 */
export interface HealthReporter {
  /** Marks one service (or, without a name, every service) SERVING. */
  setServing(service?: string): void;
  /** Marks one service (or, without a name, every service and the server) NOT_SERVING. */
  setNotServing(service?: string): void;
  /** The current status of a service (`""` for the server), or undefined when it is not tracked. */
  status(service: string): ServingStatus | undefined;
  /** Adds `grpc.health.v1.Health` to a server. */
  addToServer(server: Server): void;
}

/**
 * Creates the health reporter for the given fully-qualified service names, backed by the
 * `grpc-health-check` implementation (Check, Watch and List).
 */
export function createHealth(serviceNames: readonly string[]): HealthReporter {
  const statuses = new Map<string, ServingStatus>([[OVERALL_HEALTH, 'NOT_SERVING']]);
  for (const name of serviceNames) statuses.set(name, 'NOT_SERVING');
  const implementation = new HealthImplementation(Object.fromEntries(statuses));
  const set = (name: string, status: ServingStatus): void => {
    statuses.set(name, status);
    implementation.setStatus(name, status);
  };
  const refreshOverall = (): void => {
    const named = [...statuses.entries()].filter(([name]) => name !== OVERALL_HEALTH);
    set(OVERALL_HEALTH, named.every(([, s]) => s === 'SERVING') ? 'SERVING' : 'NOT_SERVING');
  };
  return {
    setServing(service) {
      const names = service === undefined || service === OVERALL_HEALTH ? serviceNames : [service];
      for (const name of names) set(name, 'SERVING');
      refreshOverall();
    },
    setNotServing(service) {
      const names = service === undefined || service === OVERALL_HEALTH ? [...serviceNames, OVERALL_HEALTH] : [service];
      for (const name of names) set(name, 'NOT_SERVING');
      refreshOverall();
    },
    status: (service) => statuses.get(service),
    addToServer: (server) => implementation.addToServer(server),
  };
}
