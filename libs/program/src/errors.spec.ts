import { isProgramError, ProgramError, toErrorData } from './errors';

describe('ProgramError', () => {
  const error = new ProgramError({
    code: 'INVALID_ARGUMENT',
    reason: 'PROGRAM_INVALID',
    message: 'line 2, column 3: unknown op',
    line: 2,
    column: 3,
    expected: ['LOC'],
    fieldViolations: [{ field: 'steps[1].op', description: 'unknown op', line: 2, column: 3 }],
  });

  it('is an Error whose JSON form is exactly its plain data', () => {
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ProgramError');
    expect(JSON.parse(JSON.stringify(error))).toEqual(toErrorData(error));
    expect(toErrorData(error)).toEqual({
      code: 'INVALID_ARGUMENT',
      reason: 'PROGRAM_INVALID',
      message: 'line 2, column 3: unknown op',
      line: 2,
      column: 3,
      expected: ['LOC'],
      fieldViolations: [{ field: 'steps[1].op', description: 'unknown op', line: 2, column: 3 }],
    });
  });

  it('is recognised by its shape, so plain copies from another package or process pass the guard', () => {
    expect(isProgramError(error)).toBe(true);
    expect(isProgramError(JSON.parse(JSON.stringify(error)))).toBe(true);
    expect(isProgramError(structuredClone(toErrorData(error)))).toBe(true);
  });

  it('rejects look-alikes: plain errors, unknown codes and missing positions', () => {
    expect(isProgramError(new Error('x'))).toBe(false);
    expect(isProgramError({ ...toErrorData(error), code: 'NOPE' })).toBe(false);
    expect(isProgramError({ code: 'INTERNAL', reason: 'STEP_FAILED', message: 'x' })).toBe(false);
    expect(isProgramError(null)).toBe(false);
  });
});
