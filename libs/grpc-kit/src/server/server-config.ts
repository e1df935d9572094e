import { z } from 'zod';
import { DEFAULT_RECEIVE_WINDOW_BYTES } from '../client/client-options';
import { invalidArgument } from '../errors/error-factories';

const MIB = 1024 * 1024;

/**
 * The server settings every vprog service shares. Services embed this schema in their own
 * config (see their `config.ts`, which also turns environment strings into numbers and booleans)
 * and hand the parsed value to `createServer`.
 */
export const serverConfigSchema = z.object({
  /** Interface to bind; `0.0.0.0` in containers, `127.0.0.1` for loopback-only stacks and tests. */
  host: z.string().min(1).default('0.0.0.0'),
  /** TCP port; `0` asks the OS for a free one (the bound port is reported back). */
  port: z.number().int().min(0).max(65535),
  /** Largest request message accepted, in bytes; images travel inline, so this is generous. */
  maxReceiveMessageBytes: z.number().int().positive().default(16 * MIB),
  /** Largest response message sent, in bytes. */
  maxSendMessageBytes: z.number().int().positive().default(16 * MIB),
  /**
   * HTTP/2 receive window of each connection and each call, in bytes. The protocol starts at
   * 64 KiB; module requests carry raw pixels (48 KiB for a 128×128 image), so with that window a
   * second concurrent request waits a round trip for the first one's WINDOW_UPDATE.
   */
  receiveWindowBytes: z.number().int().min(65_535).max(2 ** 31 - 1).default(DEFAULT_RECEIVE_WINDOW_BYTES),
  /** How long a graceful shutdown waits for in-flight calls before cancelling them. */
  shutdownGraceMs: z.number().int().min(0).default(10_000),
  /** One structured log line per finished call (method, code, duration). */
  requestLog: z.boolean().default(true),
});

/** A validated server config, defaults applied. */
export type ServerConfig = z.output<typeof serverConfigSchema>;

/** What callers may pass: the required keys, and any defaulted ones they want to override. */
export type ServerConfigInput = z.input<typeof serverConfigSchema>;

/**
 * Validates a server config once, at startup.
 *
 * @throws VprogError `INVALID_ARGUMENT` / `BAD_REQUEST` listing every bad key as a field violation.
 */
export function parseServerConfig(input: unknown): ServerConfig {
  const result = serverConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const violations = result.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(root)', description: issue.message }));
  const list = violations.map((v) => `${v.field}: ${v.description}`).join('; ');
  throw invalidArgument(`invalid server config: ${list}`, violations);
}
