import type { Program } from '../dsl/ast';
import { findStep } from '../steps/catalogue';

/** The dependency graph of a validated program. */
export interface ExecutionPlan {
  /** For each step, the steps whose outputs it reads. */
  readonly dependencies: ReadonlyArray<ReadonlySet<number>>;
  /** For each step, the steps that read its output. */
  readonly dependents: ReadonlyArray<readonly number[]>;
  /** For each step, every variable it reads (inputs included): argument variables and EVAL `{VAR}`s. */
  readonly reads: ReadonlyArray<readonly string[]>;
}

/**
 * Builds the step DAG from variable uses. Call it on a validated program only: it relies on every
 * variable being defined once, before use. Throws only what step `references` throw (never, once valid).
 */
export function planProgram(program: Program): ExecutionPlan {
  const producer = new Map<string, number>();
  const dependencies: Array<Set<number>> = [];
  const dependents: number[][] = program.steps.map(() => []);
  const reads: string[][] = [];
  for (const step of program.steps) {
    const names = new Set<string>();
    for (const arg of step.args) if (arg.value.kind === 'variable') names.add(arg.value.name);
    const module = findStep(step.op);
    if (module?.references) {
      for (const ref of module.references(new Map(step.args.map((a) => [a.name, a.value])))) names.add(ref.name);
    }
    const deps = new Set<number>();
    for (const name of names) {
      const from = producer.get(name);
      if (from !== undefined) {
        deps.add(from);
        dependents[from].push(step.index);
      }
    }
    dependencies.push(deps);
    reads.push([...names]);
    producer.set(step.output, step.index);
  }
  return { dependencies, dependents, reads };
}
