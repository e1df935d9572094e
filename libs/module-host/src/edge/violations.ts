import { invalidArgument, type FieldViolation } from '@vprog/grpc-kit';

/**
 * Collects every problem of a request before failing it, so a client learns about all its bad
 * fields in one INVALID_ARGUMENT instead of one per round trip.
 */
export interface Violations {
  add(field: string, description: string): void;
  readonly list: readonly FieldViolation[];
  /** @throws VprogError INVALID_ARGUMENT / BAD_REQUEST listing every violation, when there is any. */
  throwIfAny(summary?: string): void;
}

/** Creates an empty {@link Violations} collector. */
export function createViolations(): Violations {
  const list: FieldViolation[] = [];
  return {
    add: (field, description) => void list.push({ field, description }),
    list,
    throwIfAny(summary = 'the request is invalid') {
      if (list.length === 0) return;
      throw invalidArgument(`${summary}: ${list.map((v) => `${v.field}: ${v.description}`).join('; ')}`, list);
    },
  };
}
