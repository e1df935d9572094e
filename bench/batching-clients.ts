/**
 * The clients of `bench/module-batching.ts --clients-in child`, in a process of their own, as
 * production clients are: the service's event loop then serves requests and nothing else.
 *
 *   node --require tsx/cjs bench/batching-clients.ts <module> <address> <clients>
 *
 * Spawned with an IPC channel. It opens the clients and sends `{ kind: 'ready' }`; each
 * `{ kind: 'measure', ms }` runs every client back to back for `ms` and answers
 * `{ kind: 'measured', rps }` (or `{ kind: 'failed', message }`); `{ kind: 'close' }` closes the
 * clients and exits.
 */
import { BENCH_MODULES, benchScene, benchTarget, type BenchModule } from './module-targets';
import { throughput } from './stats';

/** What the parent sends. */
export type ClientCommand = { readonly kind: 'measure'; readonly ms: number } | { readonly kind: 'close' };
/** What this process answers. */
export type ClientReport = { readonly kind: 'ready' } | { readonly kind: 'measured'; readonly rps: number } | { readonly kind: 'failed'; readonly message: string };

function main(): void {
  const [module, address, count] = process.argv.slice(2);
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('batching-clients runs as a child of module-batching.ts (no IPC channel)');
  if (!BENCH_MODULES.includes(module as BenchModule) || address === undefined || !(Number(count) > 0)) {
    throw new Error(`usage: batching-clients.ts <${BENCH_MODULES.join('|')}> <address> <clients>, got ${process.argv.slice(2).join(' ')}`);
  }
  const target = benchTarget(module as BenchModule, benchScene(module as BenchModule));
  const clients = Array.from({ length: Number(count) }, () => target.connect(address));
  const lanes = clients.map((c) => c.call);
  process.on('message', (command: ClientCommand) => {
    if (command.kind === 'close') {
      for (const c of clients) c.close();
      process.disconnect();
      return;
    }
    throughput(lanes, command.ms).then(
      (rps) => send({ kind: 'measured', rps } satisfies ClientReport),
      (error: unknown) => send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies ClientReport),
    );
  });
  send({ kind: 'ready' } satisfies ClientReport);
}

main();
