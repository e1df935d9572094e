import * as path from 'node:path';
import { loc } from '@vprog/proto-ts';
import { createClient } from '../client/create-client';
import { isVprogError, type VprogError } from '../errors/vprog-error';
import { spawnTsFixture } from '../testing/spawn-fixture';
import { waitFor } from '../testing/wait-for';

const DRAIN_SERVER = path.resolve(__dirname, '..', 'testing', 'drain-server.ts');

describe('installShutdown on a real server process', () => {
  it('on SIGTERM lets the in-flight call finish, refuses new calls and exits 0', async () => {
    const fixture = spawnTsFixture(DRAIN_SERVER);
    const { port } = await fixture.firstJson;
    const address = `127.0.0.1:${String(port)}`;
    const client = createClient(loc.LocServiceClient, address, { defaultDeadlineMs: 10_000 });

    const inFlight = client.locate({ object: 'slow:1500', maxBoxes: 0 });
    await waitFor(() => fixture.stderr().includes('slow call started'), 15_000);
    fixture.child.kill('SIGTERM');
    await waitFor(() => fixture.stderr().includes('shutting down'), 15_000);

    const late = createClient(loc.LocServiceClient, address);
    const refused = await late.locate({ object: 'late', maxBoxes: 0 }, { retry: false, deadlineMs: 2000 }).then(
      () => undefined,
      (error: unknown) => error as VprogError,
    );
    late.$close();
    expect(isVprogError(refused)).toBe(true);
    expect(refused?.code).toBe('UNAVAILABLE');

    const response = await inFlight;
    expect(response.boxes[0]?.label).toBe('slow:1500');
    client.$close();
    await expect(fixture.exited).resolves.toBe(0);
    expect(fixture.stderr()).toContain('"msg":"shutdown complete"');
  });
});
