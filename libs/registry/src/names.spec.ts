import { assertName, assertRelativeFilePath, assertVersionId, compareVersionIds, isValidName, isValidVersionId } from './names';
import { isRegistryError } from './registry-error';

describe('names', () => {
  it('accepts module and role names made of lowercase letters, digits and dashes', () => {
    expect(['loc', 'vqa', 'face-det', 'student', 'teacher2'].every(isValidName)).toBe(true);
  });

  it('refuses names that could leave the repository or hide an entry', () => {
    for (const bad of ['', '..', '.', '../etc', 'a/b', '.hidden', 'Loc', '1loc', 'loc ', 'a'.repeat(64), 'a\\b']) {
      expect(isValidName(bad)).toBe(false);
    }
  });

  it('accepts version ids like v1 and v12 but not leading zeros, paths or bare numbers', () => {
    expect(['v0', 'v1', 'v12', 'v999999999'].every(isValidVersionId)).toBe(true);
    for (const bad of ['1', 'v', 'v01', 'V1', 'v1/..', '../v1', 'v1.0', 'active', 'v1234567890']) {
      expect(isValidVersionId(bad)).toBe(false);
    }
  });

  it('orders version ids by number, so v10 comes after v9', () => {
    expect(['v10', 'v2', 'v9', 'v1'].sort(compareVersionIds)).toEqual(['v1', 'v2', 'v9', 'v10']);
  });

  it('throws INVALID_NAME with a field violation naming the bad field', () => {
    let thrown: unknown;
    try {
      assertName('module', '../x');
    } catch (error) {
      thrown = error;
    }
    expect(isRegistryError(thrown) && thrown.reason).toBe('INVALID_NAME');
    expect(isRegistryError(thrown) && thrown.code).toBe('INVALID_ARGUMENT');
    expect(isRegistryError(thrown) && thrown.fieldViolations?.[0]?.field).toBe('module');
    expect(() => assertVersionId('version', 'v1')).not.toThrow();
  });

  it('accepts nested relative file paths and refuses traversal, absolute paths and the manifest itself', () => {
    expect(assertRelativeFilePath('f', 'golden/case-0.png')).toBe('golden/case-0.png');
    for (const bad of ['../x.onnx', '/etc/passwd', 'a/../../b', './head.onnx', 'a//b', '.git/config', 'manifest.json', '']) {
      expect(() => assertRelativeFilePath('f', bad)).toThrow(expect.objectContaining({ reason: 'INVALID_NAME' }));
    }
  });
});
