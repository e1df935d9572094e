import { isVprogError, type VprogError } from '@vprog/grpc-kit';

/**
 * Awaits a call that must fail and returns its typed error, so a spec can assert on the code,
 * reason and field violations.
 * @throws Error when the call succeeds or fails with something other than a `VprogError`.
 */
export async function callFailure(call: Promise<unknown>): Promise<VprogError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isVprogError(error)) throw new Error(`expected a VprogError, got ${String(error)}`);
  return error;
}
