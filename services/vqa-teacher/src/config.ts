import { parseServiceEnv, type Env, type ModuleServiceConfig, type ServiceEnvSpec } from '@vprog/module-host';

/** Where the vqa teacher sidecar reads its environment: `VPROG_VQA_TEACHER_*`, gRPC on 50062, metrics on 9162. */
export const VQA_TEACHER_ENV: ServiceEnvSpec = { prefix: 'VPROG_VQA_TEACHER', defaultPort: 50062, defaultMetricsPort: 9162 };

/**
 * the vqa teacher sidecar's configuration, parsed once from an injected environment (the zod schema is
 * module-host's `serviceEnvSchema`, shared by every module service).
 * @throws VprogError INVALID_ARGUMENT listing every bad `VPROG_VQA_TEACHER_*` key.
 */
export function loadConfig(env: Env): ModuleServiceConfig {
  return parseServiceEnv(VQA_TEACHER_ENV, env);
}
