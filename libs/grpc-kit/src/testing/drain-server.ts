/**
 * A real server process for the graceful-shutdown test: serves the Locate fixture on a free
 * loopback port, prints `{"port":…}` on stdout once listening, logs JSON lines on stderr and
 * shuts down gracefully on SIGTERM. Run with `node --require tsx/cjs drain-server.ts`.
 */
import { createJsonLogger } from '../logging/logger';
import { startServer } from '../server/create-server';
import { installShutdown } from '../server/shutdown';
import { locFixture } from './fixture-services';

async function main(): Promise<void> {
  const logger = createJsonLogger({ base: { service: 'drain-fixture' } });
  const server = await startServer({ host: '127.0.0.1', port: 0, shutdownGraceMs: 10_000 }, [locFixture()], { logger });
  installShutdown(server, { logger });
  server.health.setServing();
  process.stdout.write(`${JSON.stringify({ port: server.port })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`drain-server failed: ${String(error)}\n`);
  process.exit(2);
});
