import type { Http2SecureServer, Http2Server, ServerHttp2Session } from 'node:http2';
import { Server, ServerCredentials, type ChannelOptions } from '@grpc/grpc-js';
import { unavailable } from '../errors/error-factories';
import { createJsonLogger, type Logger } from '../logging/logger';
import { deadlineInterceptor } from './deadline-interceptor';
import { errorInterceptor } from './error-interceptor';
import { adaptService } from './handler-adapters';
import { createHealth, type HealthReporter } from './health';
import type { ServerInterceptor } from './interceptor';
import { addReflection, type ReflectionSource } from './reflection';
import { requestLogInterceptor } from './request-log-interceptor';
import { parseServerConfig, type ServerConfig, type ServerConfigInput } from './server-config';
import type { ServiceRegistration } from './service-registration';

/** Options of {@link createServer} beyond the config. */
export interface ServerOptions {
  /** Where request and error lines go; defaults to JSON lines on stderr. */
  readonly logger?: Logger;
  /** Extra interceptors, run inside the built-in ones (logging → errors → deadline → yours → handler). */
  readonly interceptors?: readonly ServerInterceptor[];
  /** Where reflection loads the .proto files from; defaults to the vprog contracts. `false` turns it off. */
  readonly reflection?: ReflectionSource | false;
  /** Defaults to insecure (plain TCP); TLS terminates at the mesh in deployments. */
  readonly credentials?: ServerCredentials;
  /** Raw grpc-js channel options, applied after the ones derived from the config. */
  readonly channelOptions?: ChannelOptions;
}

/** A server that is listening. */
export interface RunningServer {
  /** The bound port (the real one when the config asked for 0). */
  readonly port: number;
  /** An address clients can dial, e.g. `127.0.0.1:50051` (a wildcard host becomes loopback). */
  readonly address: string;
  readonly health: HealthReporter;
  readonly config: ServerConfig;
  readonly logger: Logger;
  /** The underlying grpc-js server, for the rare option this kit does not cover. */
  readonly grpcServer: Server;
  /**
   * Health NOT_SERVING, stop taking calls, let in-flight calls finish, cancel what is left after
   * `graceMs` (default `config.shutdownGraceMs`). Idempotent; resolves when the server is closed.
   */
  shutdown(graceMs?: number): Promise<void>;
  /** Cancels every call and closes at once. */
  forceShutdown(): void;
}

/** A configured server that is not listening yet: register extra things on `grpcServer`, then `start()`. */
export interface VprogServer {
  readonly config: ServerConfig;
  readonly health: HealthReporter;
  readonly grpcServer: Server;
  /** Binds `host:port` and starts serving. @throws VprogError `UNAVAILABLE` when the address cannot be bound. */
  start(): Promise<RunningServer>;
}

/**
 * Builds a gRPC server for vprog services: every handler wrapped in the interceptor chain,
 * `grpc.health.v1` (all NOT_SERVING until the service says otherwise) and server reflection.
 *
 * @throws VprogError `INVALID_ARGUMENT` when the config is invalid.
 */
export function createServer(config: ServerConfigInput, services: readonly ServiceRegistration[], options: ServerOptions = {}): VprogServer {
  const parsed = parseServerConfig(config);
  const logger = options.logger ?? createJsonLogger();
  const grpcServer = new Server({
    'grpc.max_receive_message_length': parsed.maxReceiveMessageBytes,
    'grpc.max_send_message_length': parsed.maxSendMessageBytes,
    ...options.channelOptions,
  });
  const interceptors: ServerInterceptor[] = [
    ...(parsed.requestLog ? [requestLogInterceptor(logger)] : []),
    errorInterceptor(logger),
    deadlineInterceptor(),
    ...(options.interceptors ?? []),
  ];
  for (const service of services) grpcServer.addService(service.definition, adaptService(service, interceptors, logger));
  const health = createHealth(services.map((s) => s.name));
  health.addToServer(grpcServer);
  if (options.reflection !== false) addReflection(grpcServer, services.map((s) => s.name), options.reflection);
  const credentials = options.credentials ?? ServerCredentials.createInsecure();
  return {
    config: parsed,
    health,
    grpcServer,
    start: () => bind(grpcServer, credentials, parsed, health, logger),
  };
}

/**
 * {@link createServer} and `start()` in one step.
 *
 * @throws VprogError `INVALID_ARGUMENT` for a bad config, `UNAVAILABLE` when binding fails.
 */
export function startServer(config: ServerConfigInput, services: readonly ServiceRegistration[], options: ServerOptions = {}): Promise<RunningServer> {
  return createServer(config, services, options).start();
}

function bind(server: Server, credentials: ServerCredentials, config: ServerConfig, health: HealthReporter, logger: Logger): Promise<RunningServer> {
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host}:${config.port}`, credentials, (error, port) => {
      if (error !== null) {
        reject(unavailable(`cannot bind ${host}:${config.port}: ${error.message}`, { cause: error }));
        return;
      }
      widenReceiveWindows(server, config.receiveWindowBytes, logger);
      const dialHost = host === '0.0.0.0' ? '127.0.0.1' : host === '[::]' ? '[::1]' : host;
      logger.log('info', 'server listening', { host: config.host, port });
      resolve(running(server, config, health, logger, port, `${dialHost}:${port}`));
    });
  });
}

/**
 * Opens every new HTTP/2 connection of the server with a receive window of `bytes`, for the
 * connection and for each call. grpc-js keeps the protocol's 64 KiB start window on the server side
 * and has no option for it (its client has `grpc-node.flow_control_window`), so this reaches the
 * HTTP/2 servers it created at bind time. Without it, two concurrent 48 KiB image requests on one
 * connection overflow the window, and the second waits a round trip for a WINDOW_UPDATE (it raised
 * the DAG/sequential ratio of `bench/nlvr-parallel.ts` by about 0.05). A grpc-js that no longer
 * exposes its servers gets a warning, and `create-server.spec` fails.
 */
function widenReceiveWindows(server: Server, bytes: number, logger: Logger): void {
  const http2Servers = (server as unknown as { http2Servers?: unknown }).http2Servers;
  if (!(http2Servers instanceof Map)) {
    logger.log('warn', 'cannot widen the HTTP/2 receive window: this grpc-js does not expose its HTTP/2 servers', { bytes });
    return;
  }
  const widen = (session: ServerHttp2Session): void => {
    try {
      session.setLocalWindowSize(bytes);
      session.settings({ initialWindowSize: bytes });
    } catch (error) {
      // A session destroyed before this ran has nothing left to widen.
      logger.log('debug', 'could not widen an HTTP/2 session window', { error: error instanceof Error ? error.message : String(error) });
    }
  };
  for (const http2Server of http2Servers.keys() as IterableIterator<Http2Server | Http2SecureServer>) http2Server.on('session', widen);
}

function running(server: Server, config: ServerConfig, health: HealthReporter, logger: Logger, port: number, address: string): RunningServer {
  let closing: Promise<void> | undefined;
  const shutdown = (graceMs = config.shutdownGraceMs): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      health.setNotServing();
      const timer = setTimeout(() => {
        logger.log('warn', 'shutdown grace period over: cancelling in-flight calls', { graceMs });
        server.forceShutdown();
        resolve();
      }, graceMs);
      server.tryShutdown(() => {
        clearTimeout(timer);
        logger.log('info', 'server closed', { port });
        resolve();
      });
    });
    return closing;
  };
  return {
    port,
    address,
    health,
    config,
    logger,
    grpcServer: server,
    shutdown,
    forceShutdown: () => {
      health.setNotServing();
      server.forceShutdown();
    },
  };
}
