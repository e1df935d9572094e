/**
 * Span attribute names of vprog's own spans, all under `vprog.*`, in one place so the runner,
 * the modules, the coordinator and `vprog trace` agree on the spelling.
 */
export const VPROG_ATTRIBUTES = {
  /** The id of a program run; `vprog trace <run-id>` finds a trace by it. */
  RUN_ID: 'vprog.run.id',
  /** The target or guard task, e.g. `gqa-shapes`. */
  TASK: 'vprog.task',
  /** Position of a step in its program, from 0. */
  STEP_INDEX: 'vprog.step.index',
  /** The step's op, e.g. `LOC`, `CROP_LEFTOF`, `EVAL`. */
  OP: 'vprog.op',
  /** The module a step or call went to, e.g. `loc`. */
  MODULE: 'vprog.module',
  /** The model version that answered. */
  MODEL_VERSION: 'vprog.model.version',
  /** Whether a result came from a cache (e.g. cached backbone features). */
  CACHE_HIT: 'vprog.cache.hit',
  /** Size of the inference batch a request ran in. */
  BATCH_SIZE: 'vprog.batch.size',
  /** A distillation stage: collect, label, anchor, train, gate, promote. */
  DISTILL_STAGE: 'vprog.distill.stage',
  /** The gRPC-style code name of a failure, e.g. `INVALID_ARGUMENT`. */
  ERROR_CODE: 'vprog.error.code',
  /** The UPPER_SNAKE reason of a failure, e.g. `QUEUE_FULL`. */
  ERROR_REASON: 'vprog.error.reason',
} as const;

/** A vprog span attribute name: anything under `vprog.`. */
export type VprogAttributeName = `vprog.${string}`;
