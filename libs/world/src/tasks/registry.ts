import { createWorldError } from '../errors';
import { DOMAINS, TARGET_DOMAIN, type Domain } from '../vocabulary';
import type { WeightedFamily } from './family';
import { compareFamily, queryColourFamily, queryShapeFamily, querySizeFamily } from './families/attributes';
import { countFamily, existFamily } from './families/counting';
import { pairCompareFamily, pairExactlyFamily, pairExistFamily, pairTotalFamily } from './families/pairs';
import { relateFamily, sideFamily } from './families/spatial';
import { findFamily, tagFacesFamily, tagShapesFamily } from './families/tagging';

/**
 * The task registry: every task of the Shapes benchmark with its role, domains, program inputs,
 * metric and question families. Targets live in the target domain (dusk); guards use the same
 * modules on the other domains or on label spaces the teachers do not know.
 */

/** How a task is scored: exact-match accuracy, tag F1 at IoU 0.5, or top-box IoU ≥ 0.5. */
export type TaskMetric = 'accuracy' | 'tag-f1' | 'refexp-accuracy';

/** A task of the benchmark. */
export interface TaskDefinition {
  readonly name: string;
  /** `target`: distillation aims to improve it; `guard`: it must not get worse. */
  readonly kind: 'target' | 'guard';
  /** The domains its items are drawn in; item `i` uses `domains[i % domains.length]`. */
  readonly domains: readonly Domain[];
  /** The program's input variables. */
  readonly inputs: readonly ['IMAGE'] | readonly ['LEFT', 'RIGHT'];
  readonly metric: TaskMetric;
  readonly description: string;
  /** Question families and their shares of the items. */
  readonly families: readonly WeightedFamily[];
}

const GQA_FAMILIES: readonly WeightedFamily[] = [
  [existFamily, 0.15],
  [countFamily, 0.15],
  [queryColourFamily, 0.15],
  [queryShapeFamily, 0.1],
  [relateFamily, 0.2],
  [compareFamily, 0.1],
  [sideFamily, 0.15],
];

const gqa = (domain: Domain): TaskDefinition => ({
  name: domain === TARGET_DOMAIN ? 'gqa-shapes' : `gqa-shapes-${domain}`,
  kind: domain === TARGET_DOMAIN ? 'target' : 'guard',
  domains: [domain],
  inputs: ['IMAGE'],
  metric: 'accuracy',
  description: `GQA-style questions (exist, count, query, relations, compare, side) in the ${domain} domain`,
  families: GQA_FAMILIES,
});

/** Every task, targets first. */
export const TASKS: readonly TaskDefinition[] = [
  gqa(TARGET_DOMAIN),
  {
    name: 'nlvr-shapes',
    kind: 'target',
    domains: [TARGET_DOMAIN],
    inputs: ['LEFT', 'RIGHT'],
    metric: 'accuracy',
    description: 'NLVR-style true/false statements about an image pair',
    families: [
      [pairExistFamily, 0.4],
      [pairTotalFamily, 0.2],
      [pairCompareFamily, 0.2],
      [pairExactlyFamily, 0.2],
    ],
  },
  {
    name: 'face-tag',
    kind: 'target',
    domains: [TARGET_DOMAIN],
    inputs: ['IMAGE'],
    metric: 'tag-f1',
    description: 'Tag every face with its expression (FACEDET, CLASSIFY, TAG)',
    families: [[tagFacesFamily, 1]],
  },
  ...DOMAINS.filter((domain) => domain !== TARGET_DOMAIN).map(gqa),
  {
    name: 'shape-tag',
    kind: 'guard',
    domains: DOMAINS,
    inputs: ['IMAGE'],
    metric: 'tag-f1',
    description: "Tag every object with its shape (LOC 'object', CLASSIFY, TAG) in every domain",
    families: [[tagShapesFamily, 1]],
  },
  {
    name: 'refexp',
    kind: 'guard',
    domains: DOMAINS,
    inputs: ['IMAGE'],
    metric: 'refexp-accuracy',
    description: 'Find the one object a referring phrase names (LOC); correct when the top box has IoU >= 0.5',
    families: [[findFamily, 1]],
  },
  {
    name: 'size-qa',
    kind: 'guard',
    domains: DOMAINS,
    inputs: ['IMAGE'],
    metric: 'accuracy',
    description: 'Size questions (small or large), a label space the teachers never learn',
    families: [[querySizeFamily, 1]],
  },
];

/** The names of every task. */
export const TASK_NAMES: readonly string[] = TASKS.map((task) => task.name);

/** Looks a task up by name. Throws an `UNKNOWN_TASK` world error listing the known names. */
export function getTask(name: string): TaskDefinition {
  const task = TASKS.find((t) => t.name === name);
  if (!task) throw createWorldError('UNKNOWN_TASK', `unknown task ${JSON.stringify(name)}; known tasks: ${TASK_NAMES.join(', ')}`);
  return task;
}
