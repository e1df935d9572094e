/**
 * The `google.protobuf` well-known types that the contracts use, in one module, so that
 * `index.ts` can expose them as one namespace (`protobuf`); `Any` is needed to pack
 * `google.rpc.Status` details.
 */
export { Any } from './gen/google/protobuf/any';
export { Duration } from './gen/google/protobuf/duration';
export { Timestamp } from './gen/google/protobuf/timestamp';
