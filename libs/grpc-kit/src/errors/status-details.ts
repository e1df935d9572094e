import { ERROR_DOMAIN, rpc, TYPE_URL_PREFIX } from '@vprog/proto-ts';
import { errorCodeOf, type ErrorCode } from './error-codes';
import type { FieldViolation, VprogError } from './vprog-error';

/** The trailer that carries a binary `google.rpc.Status` next to the plain gRPC status. */
export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

const ERROR_INFO_TYPE = `${TYPE_URL_PREFIX}google.rpc.ErrorInfo`;
const BAD_REQUEST_TYPE = `${TYPE_URL_PREFIX}google.rpc.BadRequest`;

/** What a `google.rpc.Status` sent by a vprog server (or any AIP-193 server) says. */
export interface StatusDetails {
  readonly code: ErrorCode;
  readonly message: string;
  /** `ErrorInfo.reason`, when the status carried an ErrorInfo. */
  readonly reason?: string;
  /** `ErrorInfo.domain`, when the status carried an ErrorInfo. */
  readonly domain?: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly fieldViolations: readonly FieldViolation[];
}

/**
 * Encodes an error as a binary `google.rpc.Status`: one `ErrorInfo` (reason, domain `vprog.dev`,
 * metadata) and, when there are field violations, one `BadRequest`.
 */
export function encodeStatus(error: VprogError): Buffer {
  const details = [
    {
      typeUrl: ERROR_INFO_TYPE,
      value: Buffer.from(rpc.ErrorInfo.encode({ reason: error.reason, domain: ERROR_DOMAIN, metadata: { ...error.metadata } }).finish()),
    },
  ];
  if (error.fieldViolations.length > 0) {
    const fieldViolations = error.fieldViolations.map((v) => ({ field: v.field, description: v.description, reason: v.reason ?? '' }));
    details.push({ typeUrl: BAD_REQUEST_TYPE, value: Buffer.from(rpc.BadRequest.encode({ fieldViolations }).finish()) });
  }
  return Buffer.from(rpc.Status.encode({ code: error.grpcCode, message: error.message, details }).finish());
}

/**
 * Decodes a binary `google.rpc.Status`. Details of types other than ErrorInfo and BadRequest are
 * skipped, so statuses from other servers decode too.
 *
 * @throws Error when the bytes are not a valid protobuf `Status` (callers fall back to the plain status).
 */
export function decodeStatus(bytes: Uint8Array): StatusDetails {
  const status = rpc.Status.decode(bytes);
  let info: rpc.ErrorInfo | undefined;
  const fieldViolations: FieldViolation[] = [];
  for (const any of status.details) {
    if (any.typeUrl === ERROR_INFO_TYPE && info === undefined) info = rpc.ErrorInfo.decode(any.value);
    if (any.typeUrl === BAD_REQUEST_TYPE) {
      for (const v of rpc.BadRequest.decode(any.value).fieldViolations) {
        fieldViolations.push({ field: v.field, description: v.description, ...(v.reason === '' ? {} : { reason: v.reason }) });
      }
    }
  }
  return {
    code: errorCodeOf(status.code),
    message: status.message,
    ...(info === undefined ? {} : { reason: info.reason, domain: info.domain }),
    metadata: { ...(info?.metadata ?? {}) },
    fieldViolations,
  };
}
