import type { Program } from '../dsl/ast';

/**
 * The image variables a program expects when nobody says: `['LEFT', 'RIGHT']` when a step reads
 * `LEFT` or `RIGHT` without defining it (an image pair, as NLVR programs do), else `['IMAGE']`.
 * Exists so that tools can validate a program file without being told its inputs. Throws nothing.
 */
export function inferInputs(program: Program): string[] {
  const defined = new Set<string>();
  for (const step of program.steps) {
    for (const arg of step.args) {
      if (arg.value.kind === 'variable' && (arg.value.name === 'LEFT' || arg.value.name === 'RIGHT') && !defined.has(arg.value.name)) return ['LEFT', 'RIGHT'];
    }
    defined.add(step.output);
  }
  return ['IMAGE'];
}
