import { adminCredentials } from '@vprog/grpc-kit';

/**
 * The operator's admin token for ModelService's admin RPCs (Activate, Rollback, Discard, Distill),
 * from `VPROG_ADMIN_TOKEN`; `vprog up` hands the same token to every module service
 * (`<PREFIX>_ADMIN_TOKEN`) and to the coordinator, which turns auth on.
 */

/** The token, or undefined when auth is off. Throws nothing. */
export function adminToken(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const token = env.VPROG_ADMIN_TOKEN?.trim();
  return token === undefined || token === '' ? undefined : token;
}

/** Client options carrying the token as `authorization: Bearer <token>`; empty when auth is off. */
export function adminMetadata(env: Readonly<Record<string, string | undefined>> = process.env): { metadata?: Readonly<Record<string, string>> } {
  const token = adminToken(env);
  return token === undefined ? {} : { metadata: adminCredentials(token) };
}
