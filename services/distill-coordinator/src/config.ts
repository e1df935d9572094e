import { resolve } from 'node:path';
import { z } from 'zod';
import { invalidArgument } from '@vprog/grpc-kit';

/** The neural modules the coordinator distils; each has a student service and a teacher sidecar. */
export const MODULES = ['loc', 'facedet', 'classify', 'vqa'] as const;
/** One of {@link MODULES}. */
export type ModuleName = (typeof MODULES)[number];

/** The addresses of one module's student service and teacher sidecar. */
export interface ModuleEndpoints {
  readonly student?: string;
  readonly teacher?: string;
}

/** The coordinator's validated configuration. */
export interface CoordinatorConfig {
  readonly server: { readonly host: string; readonly port: number; readonly shutdownGraceMs: number; readonly requestLog: boolean };
  /** The coordinator's own SQLite state (runs, checkpoints, examples, events). */
  readonly dbPath: string;
  /** The program runner that runs the tasks' programs. */
  readonly runnerAddress: string | undefined;
  readonly modules: Readonly<Record<ModuleName, ModuleEndpoints>>;
  /** The runner's trace store, opened read-only. */
  readonly trace: { readonly path: string; readonly blobDir: string };
  /** Programs in flight at once (collection, anchors, the gate's evaluations). */
  readonly evalConcurrency: number;
  /**
   * Teacher calls in flight at once while labelling. 1 (the default) sends each input alone, so the
   * sidecar runs it in a batch of one: a teacher's outputs can differ in their last bits with the
   * batch they were computed in, and training amplifies that, so two runs of one study would
   * otherwise train different candidates from the same inputs.
   */
  readonly labelConcurrency: number;
  /** Deadline of one call to a module, a teacher or one program run. */
  readonly callDeadlineMs: number;
  /** Sent as `authorization: Bearer <token>` on ModelService calls when the module services have auth on. */
  readonly adminToken?: string;
  /** Deadline of one Distill call (training can take minutes). */
  readonly trainDeadlineMs: number;
}

/** The environment the coordinator reads (an injected `process.env`). */
export type Env = Readonly<Record<string, string | undefined>>;

/** The prefix of every coordinator key. */
export const ENV_PREFIX = 'VPROG_COORDINATOR_';

const unset = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const int = (min: number, max: number) => z.preprocess(unset, z.coerce.number().int().min(min).max(max));
const text = () => z.preprocess(unset, z.string().trim().min(1));
const bool = () => z.preprocess(unset, z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((v) => ['true', '1', 'yes', 'on'].includes(v)));
const address = () => text().pipe(z.string().regex(/^[^\s/]+:\d{1,5}$/, 'expected host:port'));

/** Every key, without the prefix; defaults live here and nowhere else. */
const schema = z.object({
  HOST: text().default('127.0.0.1'),
  PORT: int(0, 65535).default(50070),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
  REQUEST_LOG: bool().default(true),
  DB: text().default('.vprog/distill/coordinator.db'),
  RUNNER_ADDRESS: address().optional(),
  LOC_ADDRESS: address().optional(),
  LOC_TEACHER_ADDRESS: address().optional(),
  FACEDET_ADDRESS: address().optional(),
  FACEDET_TEACHER_ADDRESS: address().optional(),
  CLASSIFY_ADDRESS: address().optional(),
  CLASSIFY_TEACHER_ADDRESS: address().optional(),
  VQA_ADDRESS: address().optional(),
  VQA_TEACHER_ADDRESS: address().optional(),
  TRACE_DB: text().default('.vprog/traces/trace.db'),
  TRACE_BLOBS: text().default('.vprog/traces/blobs'),
  EVAL_CONCURRENCY: int(1, 256).default(4),
  LABEL_CONCURRENCY: int(1, 256).default(1),
  CALL_DEADLINE_MS: int(1, 3_600_000).default(60_000),
  TRAIN_DEADLINE_MS: int(1, 86_400_000).default(1_800_000),
  ADMIN_TOKEN: text().optional(),
});

type Keys = z.infer<typeof schema>;

/**
 * Parses the coordinator's configuration from the environment, once, at startup. Relative paths
 * are resolved against `cwd`. Missing module or runner addresses are not errors here: a plan that
 * needs one fails at StartRun with FAILED_PRECONDITION, so the coordinator can serve a partial stack.
 * @throws VprogError INVALID_ARGUMENT / INVALID_CONFIG listing every bad key, one field violation each.
 */
export function parseCoordinatorConfig(env: Env, cwd: string = process.cwd()): CoordinatorConfig {
  const local: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) local[key] = env[`${ENV_PREFIX}${key}`];
  const parsed = schema.safeParse(local);
  if (!parsed.success) {
    const violations = parsed.error.issues.map((issue) => ({ field: `${ENV_PREFIX}${issue.path.map(String).join('.')}`, description: issue.message }));
    throw invalidArgument(`invalid coordinator configuration: ${violations.map((v) => `${v.field}: ${v.description}`).join('; ')}`, violations, { reason: 'INVALID_CONFIG' });
  }
  const c = parsed.data;
  const endpoints = (m: ModuleName): ModuleEndpoints => {
    const student = c[`${m.toUpperCase()}_ADDRESS` as keyof Keys] as string | undefined;
    const teacher = c[`${m.toUpperCase()}_TEACHER_ADDRESS` as keyof Keys] as string | undefined;
    return { ...(student === undefined ? {} : { student }), ...(teacher === undefined ? {} : { teacher }) };
  };
  return {
    server: { host: c.HOST, port: c.PORT, shutdownGraceMs: c.SHUTDOWN_GRACE_MS, requestLog: c.REQUEST_LOG },
    dbPath: resolve(cwd, c.DB),
    runnerAddress: c.RUNNER_ADDRESS,
    modules: { loc: endpoints('loc'), facedet: endpoints('facedet'), classify: endpoints('classify'), vqa: endpoints('vqa') },
    trace: { path: resolve(cwd, c.TRACE_DB), blobDir: resolve(cwd, c.TRACE_BLOBS) },
    evalConcurrency: c.EVAL_CONCURRENCY,
    labelConcurrency: c.LABEL_CONCURRENCY,
    callDeadlineMs: c.CALL_DEADLINE_MS,
    trainDeadlineMs: c.TRAIN_DEADLINE_MS,
    ...(c.ADMIN_TOKEN === undefined ? {} : { adminToken: c.ADMIN_TOKEN }),
  };
}
