import { common } from '@vprog/proto-ts';
import { parseProgram } from '@vprog/program';
import { generateTaskItems, getTask } from '@vprog/world';

/** A neural module a program can call. */
export type ModuleName = 'loc' | 'facedet' | 'classify' | 'vqa';

/** Every module, in proto order. */
export const ALL_MODULES: readonly ModuleName[] = ['loc', 'facedet', 'classify', 'vqa'];

const PROTO: Readonly<Record<ModuleName, common.Module>> = {
  loc: common.Module.MODULE_LOC,
  facedet: common.Module.MODULE_FACEDET,
  classify: common.Module.MODULE_CLASSIFY,
  vqa: common.Module.MODULE_VQA,
};

/** The proto enum value of a module. */
export function moduleToProto(module: ModuleName): common.Module {
  return PROTO[module];
}

/** The module of a proto enum value; undefined for UNSPECIFIED or an unknown value. */
export function moduleFromProto(value: common.Module): ModuleName | undefined {
  return ALL_MODULES.find((m) => PROTO[m] === value);
}

/** Whether a string names a module. */
export function isModuleName(value: string): value is ModuleName {
  return (ALL_MODULES as readonly string[]).includes(value);
}

/** How many gold programs {@link taskModules} reads to find the modules a task calls. */
const PROGRAMS_READ = 64;

/**
 * The modules a task's gold programs call, upstream first: ordered by the first step each module
 * appears at (averaged over a sample of programs), so LOC, which feeds crops to VQA and CLASSIFY,
 * comes before them. This is the order SDVP distils a task's modules in.
 * @throws WorldError UNKNOWN_TASK.
 */
export function taskModules(task: string): ModuleName[] {
  getTask(task);
  const items = generateTaskItems(task, { split: 'train', seed: 1, count: PROGRAMS_READ });
  const firstSeen = new Map<ModuleName, number[]>();
  for (const item of items) {
    const seen = new Set<ModuleName>();
    for (const step of parseProgram(item.program).steps) {
      const module = step.op.toLowerCase();
      if (!isModuleName(module) || seen.has(module)) continue;
      seen.add(module);
      firstSeen.set(module, [...(firstSeen.get(module) ?? []), step.index]);
    }
  }
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return [...firstSeen.entries()].sort((a, b) => mean(a[1]) - mean(b[1]) || ALL_MODULES.indexOf(a[0]) - ALL_MODULES.indexOf(b[0])).map(([m]) => m);
}
