import type { Violations } from './violations';

/**
 * Reads a required text field (a phrase, a question): trimmed, not empty, at most `maxLength`
 * characters. @returns the trimmed text ('' when a violation was added).
 */
export function requireText(value: string, field: string, violations: Violations, maxLength = 512): string {
  const text = value.trim();
  if (text.length === 0) violations.add(field, 'must not be empty');
  else if (text.length > maxLength) violations.add(field, `must be at most ${maxLength} characters`);
  return text;
}

/** Reads an optional score threshold: unset → undefined; otherwise a finite number in [0, 1]. */
export function optionalThreshold(value: number | undefined, field: string, violations: Violations): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    violations.add(field, 'must be a number in [0, 1]');
    return undefined;
  }
  return value;
}
