/**
 * The program-runner service, for processes that embed it (tests, a local stack): its config
 * parser and server. The service itself starts from `main.ts`.
 */
export { ENV_PREFIX, MODULES, parseRunnerConfig, type Env, type ModuleEndpoints, type ModuleName, type RouteChoice, type RunnerConfig } from './config';
export { startRunnerServer, type RunnerServerOptions, type RunningRunner } from './server';
