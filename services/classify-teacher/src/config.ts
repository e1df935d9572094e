import { parseServiceEnv, type Env, type ModuleServiceConfig, type ServiceEnvSpec } from '@vprog/module-host';

/** Where the classify teacher sidecar reads its environment: `VPROG_CLASSIFY_TEACHER_*`, gRPC on 50064, metrics on 9164. */
export const CLASSIFY_TEACHER_ENV: ServiceEnvSpec = { prefix: 'VPROG_CLASSIFY_TEACHER', defaultPort: 50064, defaultMetricsPort: 9164 };

/**
 * the classify teacher sidecar's configuration, parsed once from an injected environment (the zod schema is
 * module-host's `serviceEnvSchema`, shared by every module service).
 * @throws VprogError INVALID_ARGUMENT listing every bad `VPROG_CLASSIFY_TEACHER_*` key.
 */
export function loadConfig(env: Env): ModuleServiceConfig {
  return parseServiceEnv(CLASSIFY_TEACHER_ENV, env);
}
