import { parseServiceEnv, type Env, type ModuleServiceConfig, type ServiceEnvSpec } from '@vprog/module-host';

/** Where the vqa service reads its environment: `VPROG_VQA_*`, gRPC on 50052, metrics on 9152. */
export const VQA_ENV: ServiceEnvSpec = { prefix: 'VPROG_VQA', defaultPort: 50052, defaultMetricsPort: 9152 };

/**
 * the vqa service's configuration, parsed once from an injected environment (the zod schema is
 * module-host's `serviceEnvSchema`, shared by every module service).
 * @throws VprogError INVALID_ARGUMENT listing every bad `VPROG_VQA_*` key.
 */
export function loadConfig(env: Env): ModuleServiceConfig {
  return parseServiceEnv(VQA_ENV, env);
}
