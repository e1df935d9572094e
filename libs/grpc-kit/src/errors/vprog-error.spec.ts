import { ERROR_CODES, KNOWN_REASONS, errorCodeOf } from './error-codes';
import { invalidArgument, modelNotFound, queueFull } from './error-factories';
import { VPROG_ERROR_BRAND, VprogError, hasErrorCode, isVprogError } from './vprog-error';

describe('VprogError', () => {
  it('carries code, reason, message, metadata and field violations, with the numeric gRPC status', () => {
    const error = invalidArgument('bad image', [{ field: 'image.raw.width', description: 'must be positive' }], { metadata: { limit: '4096' } });
    expect(error.toJSON()).toEqual({
      code: 'INVALID_ARGUMENT',
      reason: 'BAD_REQUEST',
      message: 'bad image',
      metadata: { limit: '4096' },
      fieldViolations: [{ field: 'image.raw.width', description: 'must be positive' }],
    });
    expect(error.grpcCode).toBe(3);
  });

  it('uses the specific reasons of the specific factories', () => {
    expect(queueFull()).toMatchObject({ code: 'RESOURCE_EXHAUSTED', reason: 'QUEUE_FULL' });
    expect(modelNotFound('loc-student', '4')).toMatchObject({
      code: 'NOT_FOUND',
      reason: 'MODEL_NOT_FOUND',
      message: 'model loc-student@4 not found',
      metadata: { model: 'loc-student', version: '4' },
    });
  });

  it('replaces a reason that is not UPPER_SNAKE by the code default', () => {
    expect(new VprogError({ code: 'NOT_FOUND', reason: 'model missing', message: 'x' }).reason).toBe('NOT_FOUND');
    expect(new VprogError({ code: 'NOT_FOUND', reason: 'VERSION_NOT_FOUND', message: 'x' }).reason).toBe('VERSION_NOT_FOUND');
  });

  it('is recognised by its brand, also when it comes from another copy of the package', () => {
    const foreign = Object.assign(Object.create(Error.prototype) as object, { [Symbol.for('vprog.grpc-kit.VprogError')]: true, code: 'CANCELLED' });
    expect(isVprogError(foreign)).toBe(true);
    expect(isVprogError(new Error('plain'))).toBe(false);
    expect(isVprogError({ code: 'CANCELLED', reason: 'CANCELLED', message: 'look-alike without brand' })).toBe(false);
    expect(VPROG_ERROR_BRAND).toBe(Symbol.for('vprog.grpc-kit.VprogError'));
  });

  it('narrows by code and reason with hasErrorCode', () => {
    expect(hasErrorCode(queueFull(), 'RESOURCE_EXHAUSTED')).toBe(true);
    expect(hasErrorCode(queueFull(), 'RESOURCE_EXHAUSTED', 'QUEUE_FULL')).toBe(true);
    expect(hasErrorCode(queueFull(), 'RESOURCE_EXHAUSTED', 'QUOTA')).toBe(false);
    expect(hasErrorCode(queueFull(), 'UNAVAILABLE')).toBe(false);
  });
});

describe('error codes', () => {
  it('map both ways between names and numeric statuses', () => {
    for (const [name, value] of Object.entries(ERROR_CODES)) expect(errorCodeOf(value)).toBe(name);
    expect(errorCodeOf(0)).toBe('UNKNOWN');
    expect(errorCodeOf(99)).toBe('UNKNOWN');
  });

  it('list only UPPER_SNAKE reasons that belong to a known code', () => {
    for (const [reason, code] of Object.entries(KNOWN_REASONS)) {
      expect(reason).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(ERROR_CODES[code]).toBeGreaterThan(0);
    }
  });
});
