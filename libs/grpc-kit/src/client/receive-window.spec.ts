import { createServer, type Http2Server, type ServerHttp2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { loc } from '@vprog/proto-ts';
import { waitFor } from '../testing/wait-for';
import { createClient } from './create-client';

/**
 * A bare HTTP/2 server (no gRPC) that records what the first client connection may send back:
 * the per-call window the client advertised and the connection's window.
 */
async function windowsAdvertisedByClient(options: Parameters<typeof createClient>[2]): Promise<{ perCall: number | undefined; connection: number | undefined }> {
  const server: Http2Server = createServer();
  const session = new Promise<ServerHttp2Session>((resolve) => server.once('session', resolve));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = createClient(loc.LocServiceClient, `127.0.0.1:${(server.address() as AddressInfo).port}`, options);
  // Connecting is enough: the settings and the window update follow the connection preface.
  client.$grpc.getChannel().getConnectivityState(true);
  try {
    const s = await session;
    await waitFor(() => (s.remoteSettings.initialWindowSize ?? 0) > 65_535 && (s.state.remoteWindowSize ?? 0) > 65_535, 2000).catch(() => undefined);
    return { perCall: s.remoteSettings.initialWindowSize, connection: s.state.remoteWindowSize };
  } finally {
    client.$close();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('a grpc-kit client’s HTTP/2 receive window', () => {
  it('defaults to 4 MiB instead of the protocol’s 64 KiB, for the connection and each call', async () => {
    expect(await windowsAdvertisedByClient({})).toEqual({ perCall: 4 * 1024 * 1024, connection: 4 * 1024 * 1024 });
  });

  it('takes the size from receiveWindowBytes', async () => {
    expect(await windowsAdvertisedByClient({ receiveWindowBytes: 256 * 1024 })).toEqual({ perCall: 256 * 1024, connection: 256 * 1024 });
  });
});
