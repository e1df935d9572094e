import { failedPrecondition, invalidArgument } from '@vprog/grpc-kit';
import { MODULES, type ModuleEndpoints, type ModuleName } from './config';

/** Where one module's calls go during a run, and which model version they pin. */
export interface ModuleRoute {
  readonly module: ModuleName;
  /** `student`, `teacher`, or `address` (an explicit host:port from config). */
  readonly via: 'student' | 'teacher' | 'address';
  readonly address: string;
  /** Sent as `x-vprog-model-version`; undefined: the service's active version. */
  readonly version?: string;
}

/** A per-request choice for one module (from `ExecuteOptions.module_overrides`). */
export interface RouteOverride {
  readonly module: ModuleName;
  readonly useTeacher: boolean;
  readonly version?: string;
}

/** The route of every module for one run; a module without any address maps to undefined. */
export type RoutePlan = Readonly<Record<ModuleName, ModuleRoute | undefined>>;

/** The module a program op calls, or undefined for local ops. */
export function moduleOfOp(op: string): ModuleName | undefined {
  const name = op.toLowerCase();
  return (MODULES as readonly string[]).includes(name) ? (name as ModuleName) : undefined;
}

/**
 * The routes of one run: the configured default of each module (`VPROG_RUNNER_ROUTE_<M>`), then the
 * request's overrides (`use_teacher` sends the module's calls to its teacher sidecar — the "replace
 * the module with the task-specific model" baseline; `model_version` pins a version).
 * @throws VprogError INVALID_ARGUMENT when a module is overridden twice; FAILED_PRECONDITION
 *   (TEACHER_NOT_CONFIGURED) when an override asks for a teacher the runner has no address for.
 */
export function planRoutes(modules: Readonly<Record<ModuleName, ModuleEndpoints>>, overrides: readonly RouteOverride[] = []): RoutePlan {
  const seen = new Set<ModuleName>();
  const plan = {} as Record<ModuleName, ModuleRoute | undefined>;
  for (const module of MODULES) plan[module] = defaultRoute(module, modules[module]);
  overrides.forEach((override, i) => {
    if (seen.has(override.module)) {
      throw invalidArgument(`module ${override.module} is overridden twice`, [{ field: `options.module_overrides[${i}].module`, description: `${override.module} already has an override` }]);
    }
    seen.add(override.module);
    const endpoints = modules[override.module];
    let route = plan[override.module];
    if (override.useTeacher) {
      if (endpoints.teacher === undefined) {
        throw failedPrecondition(`the runner has no teacher sidecar for ${override.module} (set VPROG_RUNNER_${override.module.toUpperCase()}_TEACHER_ADDRESS)`, {
          reason: 'TEACHER_NOT_CONFIGURED',
          metadata: { module: override.module },
        });
      }
      route = { module: override.module, via: 'teacher', address: endpoints.teacher };
    }
    if (route !== undefined && override.version !== undefined) route = { ...route, version: override.version };
    plan[override.module] = route;
  });
  return plan;
}

function defaultRoute(module: ModuleName, endpoints: ModuleEndpoints): ModuleRoute | undefined {
  switch (endpoints.route.kind) {
    case 'student':
      return endpoints.student === undefined ? undefined : { module, via: 'student', address: endpoints.student };
    case 'teacher':
      return endpoints.teacher === undefined ? undefined : { module, via: 'teacher', address: endpoints.teacher };
    case 'address':
      return { module, via: 'address', address: endpoints.route.address };
  }
}

/**
 * Checks, before anything runs, that every module the program calls has a route.
 * @throws VprogError FAILED_PRECONDITION (MODULE_NOT_CONFIGURED) naming the first module without one.
 */
export function requireRoutes(plan: RoutePlan, ops: readonly string[]): void {
  for (const op of ops) {
    const module = moduleOfOp(op);
    if (module !== undefined && plan[module] === undefined) {
      throw failedPrecondition(`the program calls ${op}, but the runner has no address for the ${module} module (set VPROG_RUNNER_${module.toUpperCase()}_ADDRESS)`, {
        reason: 'MODULE_NOT_CONFIGURED',
        metadata: { module },
      });
    }
  }
}
