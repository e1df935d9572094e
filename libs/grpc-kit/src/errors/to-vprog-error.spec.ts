import { Metadata } from '@grpc/grpc-js';
import { notFound } from './error-factories';
import { decodeStatusDetails, fromServiceError, toStatusObject } from './service-error';
import { decodeStatus, encodeStatus, STATUS_DETAILS_KEY } from './status-details';
import { isDomainErrorLike, toVprogError } from './to-vprog-error';
import { invalidArgument } from './error-factories';

class ProgramError extends Error {
  readonly code = 'INVALID_ARGUMENT';
  readonly reason = 'PROGRAM_PARSE_ERROR';
  readonly fieldViolations = [{ field: 'program', description: 'line 2: unknown op FOO' }];
}

describe('toVprogError', () => {
  it('returns a VprogError unchanged', () => {
    const error = notFound('no such run');
    expect(toVprogError(error)).toBe(error);
  });

  it('maps a domain error (duck-typed, no grpc-kit dependency) field by field', () => {
    const mapped = toVprogError(new ProgramError('program does not parse'));
    expect(mapped.toJSON()).toEqual({
      code: 'INVALID_ARGUMENT',
      reason: 'PROGRAM_PARSE_ERROR',
      message: 'program does not parse',
      metadata: {},
      fieldViolations: [{ field: 'program', description: 'line 2: unknown op FOO' }],
    });
  });

  it('stringifies non-string domain metadata values', () => {
    const mapped = toVprogError({ code: 'RESOURCE_EXHAUSTED', reason: 'QUEUE_FULL', message: 'full', metadata: { depth: 64 } });
    expect(mapped.metadata).toEqual({ depth: '64' });
  });

  it('does not take an errno-style code for a gRPC code', () => {
    const nodeError = Object.assign(new Error('ENOENT: no such file /srv/secret'), { code: 'ENOENT', reason: 'x' });
    expect(isDomainErrorLike(nodeError)).toBe(false);
    expect(toVprogError(nodeError)).toMatchObject({ code: 'INTERNAL', reason: 'INTERNAL', message: 'internal error' });
  });

  it('keeps an unknown error as the hidden cause of a generic INTERNAL error', () => {
    const original = new TypeError('cannot read x of undefined');
    const mapped = toVprogError(original);
    expect(mapped.message).toBe('internal error');
    expect(mapped.cause).toBe(original);
    expect(JSON.stringify(mapped)).not.toContain('undefined');
  });

  it('turns an AbortError into CANCELLED', () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(toVprogError(abort).code).toBe('CANCELLED');
  });
});

describe('google.rpc.Status encoding', () => {
  it('round-trips code, message, reason, domain, metadata and violations', () => {
    const error = invalidArgument('bad', [{ field: 'a', description: 'b', reason: 'TOO_BIG' }], { reason: 'IMAGE_TOO_LARGE', metadata: { max: '4096' } });
    expect(decodeStatus(encodeStatus(error))).toEqual({
      code: 'INVALID_ARGUMENT',
      message: 'bad',
      reason: 'IMAGE_TOO_LARGE',
      domain: 'vprog.dev',
      metadata: { max: '4096' },
      fieldViolations: [{ field: 'a', description: 'b', reason: 'TOO_BIG' }],
    });
  });

  it('puts the status in the grpc-status-details-bin trailer and reads it back into a VprogError', () => {
    const status = toStatusObject(notFound('run r-1 not found', { reason: 'RUN_NOT_FOUND', metadata: { run: 'r-1' } }));
    expect(status.code).toBe(5);
    expect(status.metadata.get(STATUS_DETAILS_KEY)).toHaveLength(1);
    const back = fromServiceError({ code: status.code, details: status.details, metadata: status.metadata });
    expect(back.toJSON()).toEqual({ code: 'NOT_FOUND', reason: 'RUN_NOT_FOUND', message: 'run r-1 not found', metadata: { run: 'r-1' }, fieldViolations: [] });
  });

  it('falls back to the plain status when the trailer is missing or garbage', () => {
    const garbage = new Metadata();
    garbage.set(STATUS_DETAILS_KEY, Buffer.from([0xff, 0xff, 0xff]));
    expect(decodeStatusDetails(garbage)).toBeUndefined();
    expect(fromServiceError({ code: 14, details: 'connection refused', metadata: garbage })).toMatchObject({
      code: 'UNAVAILABLE',
      reason: 'UNAVAILABLE',
      message: 'connection refused',
    });
  });
});
