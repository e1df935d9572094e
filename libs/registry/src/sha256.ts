import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The sha256 of a byte array, as 64 lowercase hex digits. */
export function sha256Bytes(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The sha256 of a file, streamed so large model files never sit in memory whole.
 * @throws the filesystem error when the file cannot be read (`ENOENT` when it is missing).
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
