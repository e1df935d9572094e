import * as path from 'node:path';
import { credentials, loadPackageDefinition, makeClientConstructor, type Client, type ClientDuplexStream, type GrpcObject, type ServiceClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { service as healthService } from 'grpc-health-check';

/**
 * Asks `grpc.health.v1.Health/Check` for a service's status, the way a kubelet or load balancer
 * would. Resolves with the status name, e.g. `SERVING`.
 *
 * @throws ServiceError when the call fails (e.g. `NOT_FOUND` for an untracked service).
 */
export function checkHealth(address: string, service: string): Promise<string> {
  const Health = makeClientConstructor(healthService, 'grpc.health.v1.Health');
  const client = new Health(address, credentials.createInsecure()) as Client & Record<string, (...args: unknown[]) => unknown>;
  return new Promise((resolve, reject) => {
    client.Check({ service }, (error: ServiceError | null, response: { status: string }) => {
      client.close();
      if (error !== null) reject(error);
      else resolve(response.status);
    });
  });
}

/**
 * Lists the services a server exposes through `grpc.reflection.v1.ServerReflection` (the real
 * bidirectional reflection call, with `list_services`), using the reflection.proto shipped with
 * `@grpc/reflection`.
 *
 * @throws ServiceError when the call fails.
 */
export function listServicesByReflection(address: string): Promise<string[]> {
  const reflectionPackage = path.dirname(require.resolve('@grpc/reflection/package.json'));
  const definition = loadSync('grpc/reflection/v1/reflection.proto', { includeDirs: [path.join(reflectionPackage, 'build', 'proto')] });
  const grpcObject = loadPackageDefinition(definition) as unknown as { grpc: { reflection: { v1: GrpcObject } } };
  const Reflection = grpcObject.grpc.reflection.v1.ServerReflection as ServiceClientConstructor;
  const client = new Reflection(address, credentials.createInsecure()) as Client & Record<string, () => ClientDuplexStream<unknown, unknown>>;
  return new Promise((resolve, reject) => {
    const call = client.ServerReflectionInfo();
    call.on('data', (response: { listServicesResponse?: { service: { name: string }[] } }) => {
      resolve((response.listServicesResponse?.service ?? []).map((s) => s.name));
      call.end();
    });
    call.on('error', reject);
    call.on('end', () => client.close());
    call.write({ listServices: '*' });
  });
}
