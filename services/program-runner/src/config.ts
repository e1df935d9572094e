import { resolve } from 'node:path';
import { z } from 'zod';
import { invalidArgument } from '@vprog/grpc-kit';

/** The neural modules a program can call; each has a student service and may have a teacher sidecar. */
export const MODULES = ['loc', 'facedet', 'classify', 'vqa'] as const;
/** One of {@link MODULES}. */
export type ModuleName = (typeof MODULES)[number];

/** Where one module's calls go by default: its student, its teacher sidecar, or an explicit address. */
export type RouteChoice = { readonly kind: 'student' } | { readonly kind: 'teacher' } | { readonly kind: 'address'; readonly address: string };

/** The addresses of one module's services. */
export interface ModuleEndpoints {
  readonly student?: string;
  readonly teacher?: string;
  /** The default route of the module's calls (`VPROG_RUNNER_ROUTE_<MODULE>`). */
  readonly route: RouteChoice;
}

/** The runner's validated configuration. */
export interface RunnerConfig {
  readonly server: { readonly host: string; readonly port: number; readonly shutdownGraceMs: number; readonly requestLog: boolean };
  readonly modules: Readonly<Record<ModuleName, ModuleEndpoints>>;
  /** Deadline of a run whose Execute call carries none. */
  readonly runTimeoutMs: number;
  readonly maxParallelSteps: number;
  /** How many answers VQA calls ask for (the soft output distillation learns from). */
  readonly vqaTopK: number;
  readonly maxImagePixels: number;
  /** The trace store; undefined when tracing is off. */
  readonly trace: { readonly path: string; readonly blobDir: string; readonly maxRuns?: number; readonly maxAgeMs?: number; readonly maxBlobBytes?: number } | undefined;
  /** A folder that receives `<run-id>.html` for every run; undefined: pages only inline, on request. */
  readonly rationaleDir: string | undefined;
  /** The generator of a question whose request names none: `auto` (template, then llm), `template`, `llm` or `gold`. */
  readonly defaultGenerator: string;
  /** The OpenAI-compatible endpoint of the `llm` generator; undefined: `llm` is not available. */
  readonly llm: { readonly baseUrl: string; readonly model: string; readonly apiKey?: string; readonly timeoutMs: number; readonly examples: number } | undefined;
}

/** The environment the runner reads (an injected `process.env`). */
export type Env = Readonly<Record<string, string | undefined>>;

const unset = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const int = (min: number, max: number) => z.preprocess(unset, z.coerce.number().int().min(min).max(max));
const text = () => z.preprocess(unset, z.string().trim().min(1));
const bool = () => z.preprocess(unset, z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((v) => ['true', '1', 'yes', 'on'].includes(v)));
const address = () => text().pipe(z.string().regex(/^[^\s/]+:\d{1,5}$/, 'expected host:port'));
const route = () =>
  z.preprocess(
    unset,
    z
      .string()
      .trim()
      .regex(/^(student|teacher|[^\s/]+:\d{1,5})$/i, 'expected student, teacher or host:port')
      .default('student')
      .transform((v): RouteChoice => (/^student$/i.test(v) ? { kind: 'student' } : /^teacher$/i.test(v) ? { kind: 'teacher' } : { kind: 'address', address: v })),
  );

/** The three keys of one module: student address, teacher address, default route. */
const moduleSchema = z.object({ ADDRESS: address().optional(), TEACHER_ADDRESS: address().optional(), ROUTE: route() });

/** Every key, without the `VPROG_RUNNER_` prefix; defaults live here and nowhere else. */
const schema = z.object({
  HOST: text().default('0.0.0.0'),
  PORT: int(0, 65535).default(50060),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
  REQUEST_LOG: bool().default(true),
  RUN_TIMEOUT_MS: int(1, 3_600_000).default(60_000),
  MAX_PARALLEL_STEPS: int(1, 256).default(8),
  VQA_TOP_K: int(1, 100).default(5),
  MAX_IMAGE_PIXELS: int(1, 268_435_456).default(4096 * 4096),
  TRACE: bool().default(true),
  TRACE_DB: text().default('.vprog/traces/trace.db'),
  TRACE_BLOBS: text().default('.vprog/traces/blobs'),
  TRACE_MAX_RUNS: int(1, Number.MAX_SAFE_INTEGER).optional(),
  TRACE_MAX_AGE_DAYS: int(1, 36_500).optional(),
  TRACE_MAX_BLOB_BYTES: int(1, Number.MAX_SAFE_INTEGER).optional(),
  RATIONALE_DIR: text().optional(),
  DEFAULT_GENERATOR: z.preprocess(unset, z.enum(['auto', 'template', 'llm', 'gold']).default('auto')),
  LLM_BASE_URL: text().pipe(z.url()).optional(),
  LLM_MODEL: text().optional(),
  LLM_API_KEY: text().optional(),
  LLM_TIMEOUT_MS: int(1, 600_000).default(30_000),
  LLM_EXAMPLES: int(0, 64).default(8),
});

/** Where a module key lives in the environment: `LOC_ADDRESS`, `LOC_TEACHER_ADDRESS`, `ROUTE_LOC`. */
function moduleKey(module: ModuleName, key: keyof z.infer<typeof moduleSchema>): string {
  return key === 'ROUTE' ? `ROUTE_${module.toUpperCase()}` : `${module.toUpperCase()}_${key}`;
}

/** The prefix of every runner key. */
export const ENV_PREFIX = 'VPROG_RUNNER_';

/**
 * Parses the runner's configuration from the environment, once, at startup. Relative paths are
 * resolved against `cwd`.
 * @throws VprogError INVALID_ARGUMENT listing every bad key (one field violation per key), e.g.
 *   `VPROG_RUNNER_ROUTE_LOC: expected student, teacher or host:port`; also when a route names
 *   `teacher` without a teacher address, or the LLM has a base URL but no model.
 */
export function parseRunnerConfig(env: Env, cwd: string = process.cwd()): RunnerConfig {
  const violations: Array<{ field: string; description: string }> = [];
  const issues = (error: z.ZodError, field: (path: string) => string) =>
    violations.push(...error.issues.map((issue) => ({ field: `${ENV_PREFIX}${field(issue.path.map(String).join('.'))}`, description: issue.message })));
  const local: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) local[key] = env[`${ENV_PREFIX}${key}`];
  const parsed = schema.safeParse(local);
  if (!parsed.success) issues(parsed.error, (path) => path);
  const modules: Partial<Record<ModuleName, ModuleEndpoints>> = {};
  for (const m of MODULES) {
    const keys = Object.keys(moduleSchema.shape) as Array<keyof z.infer<typeof moduleSchema>>;
    const result = moduleSchema.safeParse(Object.fromEntries(keys.map((k) => [k, env[`${ENV_PREFIX}${moduleKey(m, k)}`]])));
    if (!result.success) {
      issues(result.error, (path) => moduleKey(m, path as keyof z.infer<typeof moduleSchema>));
      continue;
    }
    const { ADDRESS, TEACHER_ADDRESS, ROUTE } = result.data;
    modules[m] = { ...(ADDRESS === undefined ? {} : { student: ADDRESS }), ...(TEACHER_ADDRESS === undefined ? {} : { teacher: TEACHER_ADDRESS }), route: ROUTE };
    if (ROUTE.kind === 'teacher' && TEACHER_ADDRESS === undefined) {
      violations.push({ field: `${ENV_PREFIX}${moduleKey(m, 'ROUTE')}`, description: `routes ${m} to its teacher, but ${ENV_PREFIX}${moduleKey(m, 'TEACHER_ADDRESS')} is not set` });
    }
  }
  if (!parsed.success) throw configError(violations);
  const c = parsed.data;
  if (c.LLM_BASE_URL !== undefined && c.LLM_MODEL === undefined) violations.push({ field: `${ENV_PREFIX}LLM_MODEL`, description: 'is required when LLM_BASE_URL is set' });
  if (violations.length > 0) throw configError(violations);
  return {
    server: { host: c.HOST, port: c.PORT, shutdownGraceMs: c.SHUTDOWN_GRACE_MS, requestLog: c.REQUEST_LOG },
    modules: modules as Record<ModuleName, ModuleEndpoints>,
    runTimeoutMs: c.RUN_TIMEOUT_MS,
    maxParallelSteps: c.MAX_PARALLEL_STEPS,
    vqaTopK: c.VQA_TOP_K,
    maxImagePixels: c.MAX_IMAGE_PIXELS,
    trace: c.TRACE
      ? {
          path: resolve(cwd, c.TRACE_DB),
          blobDir: resolve(cwd, c.TRACE_BLOBS),
          ...(c.TRACE_MAX_RUNS === undefined ? {} : { maxRuns: c.TRACE_MAX_RUNS }),
          ...(c.TRACE_MAX_AGE_DAYS === undefined ? {} : { maxAgeMs: c.TRACE_MAX_AGE_DAYS * 86_400_000 }),
          ...(c.TRACE_MAX_BLOB_BYTES === undefined ? {} : { maxBlobBytes: c.TRACE_MAX_BLOB_BYTES }),
        }
      : undefined,
    rationaleDir: c.RATIONALE_DIR === undefined ? undefined : resolve(cwd, c.RATIONALE_DIR),
    defaultGenerator: c.DEFAULT_GENERATOR,
    llm:
      c.LLM_BASE_URL === undefined || c.LLM_MODEL === undefined
        ? undefined
        : { baseUrl: c.LLM_BASE_URL, model: c.LLM_MODEL, ...(c.LLM_API_KEY === undefined ? {} : { apiKey: c.LLM_API_KEY }), timeoutMs: c.LLM_TIMEOUT_MS, examples: c.LLM_EXAMPLES },
  };
}

function configError(violations: ReadonlyArray<{ field: string; description: string }>) {
  return invalidArgument(`invalid runner configuration: ${violations.map((v) => `${v.field}: ${v.description}`).join('; ')}`, violations, { reason: 'INVALID_CONFIG' });
}
