import { parseServiceEnv, type Env, type ModuleServiceConfig, type ServiceEnvSpec } from '@vprog/module-host';

/** Where the classify service reads its environment: `VPROG_CLASSIFY_*`, gRPC on 50054, metrics on 9154. */
export const CLASSIFY_ENV: ServiceEnvSpec = { prefix: 'VPROG_CLASSIFY', defaultPort: 50054, defaultMetricsPort: 9154 };

/**
 * the classify service's configuration, parsed once from an injected environment (the zod schema is
 * module-host's `serviceEnvSchema`, shared by every module service).
 * @throws VprogError INVALID_ARGUMENT listing every bad `VPROG_CLASSIFY_*` key.
 */
export function loadConfig(env: Env): ModuleServiceConfig {
  return parseServiceEnv(CLASSIFY_ENV, env);
}
