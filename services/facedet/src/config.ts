import { parseServiceEnv, type Env, type ModuleServiceConfig, type ServiceEnvSpec } from '@vprog/module-host';

/** Where the facedet service reads its environment: `VPROG_FACEDET_*`, gRPC on 50053, metrics on 9153. */
export const FACEDET_ENV: ServiceEnvSpec = { prefix: 'VPROG_FACEDET', defaultPort: 50053, defaultMetricsPort: 9153 };

/**
 * the facedet service's configuration, parsed once from an injected environment (the zod schema is
 * module-host's `serviceEnvSchema`, shared by every module service).
 * @throws VprogError INVALID_ARGUMENT listing every bad `VPROG_FACEDET_*` key.
 */
export function loadConfig(env: Env): ModuleServiceConfig {
  return parseServiceEnv(FACEDET_ENV, env);
}
