/**
 * Preload entry: `node --require tsx/cjs --require ./libs/telemetry/src/register.ts main.ts`.
 * Starts telemetry from the environment before the service's own modules (and grpc-js) load,
 * and flushes it when the event loop drains. Services also call `flushTelemetry()` in their
 * shutdown hook, because `process.exit` skips `beforeExit`.
 */
import { startTelemetry } from './start-telemetry';

const telemetry = startTelemetry();
if (telemetry !== undefined) {
  process.once('beforeExit', () => {
    void telemetry.shutdown();
  });
}
