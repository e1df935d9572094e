import { parseServiceEnv, type Env, type ModuleServiceConfig, type ServiceEnvSpec } from '@vprog/module-host';

/** Where the loc service reads its environment: `VPROG_LOC_*`, gRPC on 50051, metrics on 9151. */
export const LOC_ENV: ServiceEnvSpec = { prefix: 'VPROG_LOC', defaultPort: 50051, defaultMetricsPort: 9151 };

/**
 * The loc service's configuration, parsed once from an injected environment (the zod schema is
 * module-host's `serviceEnvSchema`, shared by every module service).
 * @throws VprogError INVALID_ARGUMENT listing every bad `VPROG_LOC_*` key.
 */
export function loadConfig(env: Env): ModuleServiceConfig {
  return parseServiceEnv(LOC_ENV, env);
}
