import * as path from 'node:path';

/**
 * The repository's `proto/` directory, the include root of every `vprog.*` contract. Exists so
 * that code which loads `.proto` files at runtime (server reflection through
 * `@grpc/proto-loader`) needs no path of its own; it is computed from this file's location, so
 * it holds wherever the repository is checked out.
 */
export const PROTO_ROOT: string = path.resolve(__dirname, '..', '..', '..', 'proto');

/**
 * The repository's `proto-vendor/` directory, the include root of the vendored `google.rpc`
 * protos that the contracts import.
 */
export const PROTO_VENDOR_ROOT: string = path.resolve(__dirname, '..', '..', '..', 'proto-vendor');

/**
 * Every include root needed to load the contracts, for `@grpc/proto-loader`'s `includeDirs`.
 * The `google.protobuf` well-known types are not here: proto-loader bundles them.
 */
export const PROTO_ROOTS: readonly string[] = Object.freeze([PROTO_ROOT, PROTO_VENDOR_ROOT]);
