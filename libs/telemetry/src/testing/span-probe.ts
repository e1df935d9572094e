/**
 * A client → server call through grpc-kit with telemetry preloaded (see span-probe-setup.ts or
 * register.ts): a `vprog.run` span around a Locate call that succeeds and one that fails with
 * INVALID_ARGUMENT; the handler adds a `loc.infer` span. Prints `{"spans":[…]}` when an
 * in-memory exporter was preloaded, `{"done":true}` otherwise (spans went to the trace file).
 */
import { createClient, defineService, invalidArgument, silentLogger, startServer, unary } from '@vprog/grpc-kit';
import { loc } from '@vprog/proto-ts';
import type { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { toSpanRecord } from '../span-record';
import { flushTelemetry, withSpan } from '../with-span';

const PROBE_EXPORTER_KEY = Symbol.for('vprog.telemetry.probe-exporter');

async function main(): Promise<void> {
  const service = defineService(loc.LocServiceService, {
    locate: unary(async (request) => {
      if (request.object === '') throw invalidArgument('object is required', [{ field: 'object', description: 'must not be empty' }]);
      return withSpan('loc.infer', { 'vprog.module': 'loc', 'vprog.batch.size': 1 }, async () => ({ boxes: [] }));
    }),
  });
  const server = await startServer({ host: '127.0.0.1', port: 0, requestLog: false }, [service], { logger: silentLogger });
  const client = createClient(loc.LocServiceClient, server.address);
  await withSpan('vprog.run', { 'vprog.run.id': 'run-42' }, async () => {
    await client.locate({ object: 'red circle', maxBoxes: 1 });
    await client.locate({ object: '', maxBoxes: 1 }).catch(() => undefined);
  });
  client.$close();
  await server.shutdown();
  await flushTelemetry();
  const exporter = (globalThis as Record<symbol, unknown>)[PROBE_EXPORTER_KEY] as InMemorySpanExporter | undefined;
  const out = exporter === undefined ? { done: true } : { spans: exporter.getFinishedSpans().map(toSpanRecord) };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`span probe failed: ${String(error)}\n`);
  process.exit(2);
});
