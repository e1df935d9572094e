import { parseServiceEnv, type Env, type ModuleServiceConfig, type ServiceEnvSpec } from '@vprog/module-host';

/** Where the facedet teacher sidecar reads its environment: `VPROG_FACEDET_TEACHER_*`, gRPC on 50063, metrics on 9163. */
export const FACEDET_TEACHER_ENV: ServiceEnvSpec = { prefix: 'VPROG_FACEDET_TEACHER', defaultPort: 50063, defaultMetricsPort: 9163 };

/**
 * the facedet teacher sidecar's configuration, parsed once from an injected environment (the zod schema is
 * module-host's `serviceEnvSchema`, shared by every module service).
 * @throws VprogError INVALID_ARGUMENT listing every bad `VPROG_FACEDET_TEACHER_*` key.
 */
export function loadConfig(env: Env): ModuleServiceConfig {
  return parseServiceEnv(FACEDET_TEACHER_ENV, env);
}
