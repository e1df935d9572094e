import { isRegistryError, REGISTRY_REASONS, registryError } from './registry-error';

describe('registry errors', () => {
  it('carry the gRPC code that belongs to their reason', () => {
    const error = registryError('VERSION_IN_USE', 'busy', { version: 'v2' });
    expect(error).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'VERSION_IN_USE', message: 'busy', metadata: { version: 'v2' } });
    expect(error).toBeInstanceOf(Error);
  });

  it('map every reason to one of the codes the gRPC layer knows', () => {
    const codes = new Set(Object.values(REGISTRY_REASONS));
    expect([...codes].sort()).toEqual(['ABORTED', 'ALREADY_EXISTS', 'DATA_LOSS', 'FAILED_PRECONDITION', 'INVALID_ARGUMENT', 'NOT_FOUND']);
  });

  it('are recognised by shape, including plain objects from another copy of the package', () => {
    expect(isRegistryError({ code: 'ABORTED', reason: 'ACTIVE_VERSION_MISMATCH', message: 'x', metadata: {} })).toBe(true);
  });

  it('are not confused with other errors or with a reason travelling under the wrong code', () => {
    expect(isRegistryError(new Error('plain'))).toBe(false);
    expect(isRegistryError({ code: 'NOT_FOUND', reason: 'VERSION_IN_USE', message: 'x' })).toBe(false);
    expect(isRegistryError({ code: 'NOT_FOUND', reason: 'SOMETHING_ELSE', message: 'x' })).toBe(false);
    expect(isRegistryError(null)).toBe(false);
  });
});
