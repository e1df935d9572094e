import * as path from 'node:path';
import type { Server } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { PROTO_ROOTS, SERVICE_PROTOS } from '@vprog/proto-ts';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { failedPrecondition } from '../errors/error-factories';
import { repairDescriptors } from './reflection-descriptors';

/** Where reflection reads the contracts from: include roots and the files to load (relative to them). */
export interface ReflectionSource {
  readonly protoRoots: readonly string[];
  readonly files: readonly string[];
}

/** The fully-qualified name of the health service, listed by reflection next to the vprog services. */
export const HEALTH_SERVICE_NAME = 'grpc.health.v1.Health';

const HEALTH_PROTO_FILE = 'health/v1/health.proto';
const HEALTH_PROTO_ROOT = path.resolve(path.dirname(healthProtoPath), '..', '..');

/**
 * The reflection source for the given vprog services: their `.proto` files from `@vprog/proto-ts`.
 *
 * @throws VprogError `FAILED_PRECONDITION` when a service is not one of the vprog contracts
 *   (pass an explicit `ReflectionSource` for such services).
 */
export function contractReflectionSource(serviceNames: readonly string[]): ReflectionSource {
  const files = serviceNames.map((name) => {
    const proto = SERVICE_PROTOS.find((p) => p.name === name);
    if (proto === undefined) throw failedPrecondition(`no .proto file known for service ${name}; pass options.reflection`);
    return proto.file;
  });
  return { protoRoots: PROTO_ROOTS, files: [...new Set(files)] };
}

/**
 * Adds server reflection (v1 and v1alpha) to a server, listing the given services and
 * `grpc.health.v1.Health`, so grpcurl, Postman and clients in any language can discover the API
 * without .proto files. Field names keep their .proto spelling (`score_threshold`), and the
 * descriptors are repaired (see `repairDescriptors`) so that clients can link them.
 *
 * @throws VprogError `FAILED_PRECONDITION` when the .proto files cannot be found or parsed.
 */
export function addReflection(server: Server, serviceNames: readonly string[], source?: ReflectionSource): void {
  const { protoRoots, files } = source ?? contractReflectionSource(serviceNames);
  let definition;
  try {
    definition = repairDescriptors(loadSync([...files, HEALTH_PROTO_FILE], { includeDirs: [...protoRoots, HEALTH_PROTO_ROOT], keepCase: true }));
  } catch (error) {
    throw failedPrecondition(`cannot load .proto files for reflection: ${(error as Error).message}`, { cause: error });
  }
  new ReflectionService(definition, { services: [...serviceNames, HEALTH_SERVICE_NAME] }).addToServer(server);
}
