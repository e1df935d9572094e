import { parseServiceEnv, type Env, type ModuleServiceConfig, type ServiceEnvSpec } from '@vprog/module-host';

/** Where the loc teacher sidecar reads its environment: `VPROG_LOC_TEACHER_*`, gRPC on 50061, metrics on 9161. */
export const LOC_TEACHER_ENV: ServiceEnvSpec = { prefix: 'VPROG_LOC_TEACHER', defaultPort: 50061, defaultMetricsPort: 9161 };

/**
 * The loc teacher sidecar's configuration, parsed once from an injected environment (the zod schema is
 * module-host's `serviceEnvSchema`, shared by every module service).
 * @throws VprogError INVALID_ARGUMENT listing every bad `VPROG_LOC_TEACHER_*` key.
 */
export function loadConfig(env: Env): ModuleServiceConfig {
  return parseServiceEnv(LOC_TEACHER_ENV, env);
}
