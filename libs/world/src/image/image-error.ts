/**
 * The typed error of the image helpers. It carries a gRPC code and an UPPER_SNAKE reason so that
 * a service can map it to a `google.rpc.Status` without knowing where it came from; callers
 * recognise it with {@link isImageError} rather than `instanceof`, which breaks across packages.
 */
export interface ImageError extends Error {
  readonly code: 'INVALID_ARGUMENT';
  readonly reason: 'IMAGE_UNDECODABLE' | 'IMAGE_INVALID';
}

/** Builds an {@link ImageError}; `cause` keeps the underlying decoder error for logs. Never throws. */
export function createImageError(reason: ImageError['reason'], message: string, cause?: unknown): ImageError {
  const error = new Error(message, cause === undefined ? undefined : { cause }) as Error & {
    code: 'INVALID_ARGUMENT';
    reason: ImageError['reason'];
  };
  error.name = 'ImageError';
  error.code = 'INVALID_ARGUMENT';
  error.reason = reason;
  return error;
}

/** A type guard for {@link ImageError} that works on plain objects of the same shape. Never throws. */
export function isImageError(value: unknown): value is ImageError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { code?: unknown; reason?: unknown; message?: unknown };
  return (
    v.code === 'INVALID_ARGUMENT' &&
    (v.reason === 'IMAGE_UNDECODABLE' || v.reason === 'IMAGE_INVALID') &&
    typeof v.message === 'string'
  );
}
