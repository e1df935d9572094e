/**
 * Preload for the span probe: starts telemetry with an in-memory exporter (and no trace file)
 * before anything else loads, and leaves the exporter where the probe can find it.
 * Run: `node --require tsx/cjs --require span-probe-setup.ts span-probe.ts`.
 */
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { startTelemetry } from '../start-telemetry';

/** Where the probe looks for the in-memory exporter. */
export const PROBE_EXPORTER_KEY = Symbol.for('vprog.telemetry.probe-exporter');

const exporter = new InMemorySpanExporter();
startTelemetry({ env: { ...process.env, VPROG_TRACE_FILE: 'off' }, extraExporters: [exporter] });
(globalThis as Record<symbol, unknown>)[PROBE_EXPORTER_KEY] = exporter;
