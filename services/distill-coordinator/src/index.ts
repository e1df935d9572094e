/**
 * The distill-coordinator service, for processes that embed it (tests, a local stack): its config
 * parser, plan defaults and server. The service itself starts from `main.ts`.
 */
export { ENV_PREFIX, MODULES, parseCoordinatorConfig, type CoordinatorConfig, type Env, type ModuleEndpoints, type ModuleName } from './config';
export { PLAN_DEFAULTS, encodePlan, anchorTasksOf, guardsOf, resolvePlan, type ResolvedPlan } from './plan';
export { startCoordinatorServer, type CoordinatorServerOptions, type RunningCoordinator } from './server';
