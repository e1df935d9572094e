import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Names of the registry's transient entries. Every temp file or directory carries its owner (a
 * short host tag and the process id), so a later open can tell leftovers of a crashed process
 * from the work of a live one and clean up only the former.
 */

/** The kinds of transient entries: staging (`tmp`), seeding (`seed`) and discarded versions (`trash`). */
export type TempKind = 'tmp' | 'seed' | 'trash';

/** A short, path-safe tag of this host (hostnames may hold characters we do not want in names). */
export const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

const TEMP_NAME = /^\.(tmp|seed|trash)-([0-9a-f]{8})-(\d+)-[0-9a-f]+$/;

/** A fresh, unique name for a transient entry owned by this process, e.g. `.tmp-1a2b3c4d-4242-9f0e…`. */
export function tempName(kind: TempKind, pid: number = process.pid): string {
  return `.${kind}-${HOST_TAG}-${pid}-${randomBytes(8).toString('hex')}`;
}

/** The owner a transient name records. */
export interface TempOwner {
  readonly kind: TempKind;
  readonly hostTag: string;
  readonly pid: number;
}

/** Parses a transient name; `undefined` for anything else (versions, aliases, `.ids`, `.lock`). */
export function parseTempName(name: string): TempOwner | undefined {
  const match = TEMP_NAME.exec(name);
  if (match === null) return undefined;
  return { kind: match[1] as TempKind, hostTag: match[2], pid: Number(match[3]) };
}

/**
 * True when process `pid` runs on this host. `EPERM` means it exists under another user, so it
 * counts as alive; only `ESRCH` proves it gone.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * True when the owner of an entry is provably gone: it ran on this host and its process has
 * exited. An owner on another host (a shared filesystem) is never judged by pid, only by age.
 */
export function isOwnerGone(hostTag: string, pid: number): boolean {
  return hostTag === HOST_TAG && !isProcessAlive(pid);
}
