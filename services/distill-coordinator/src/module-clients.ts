import { adminCredentials, createClient, failedPrecondition, type VprogClient } from '@vprog/grpc-kit';
import { classify, facedet, loc, model, vqa } from '@vprog/proto-ts';
import type { CoordinatorConfig, ModuleName } from './config';

/** The typed clients of one module API (student or teacher: they speak the same contract). */
export interface ModuleApi {
  readonly loc: VprogClient<typeof loc.LocServiceService>;
  readonly facedet: VprogClient<typeof facedet.FaceDetServiceService>;
  readonly classify: VprogClient<typeof classify.ClassifyServiceService>;
  readonly vqa: VprogClient<typeof vqa.VqaServiceService>;
}

/** The clients the coordinator needs of one module: the student's admin API and the teacher's module API. */
export interface ModuleClients {
  readonly student: VprogClient<typeof model.ModelServiceService>;
  readonly teacherModel: VprogClient<typeof model.ModelServiceService>;
  readonly teacher: ModuleApi[ModuleName];
}

/** Lazily dialled clients by module, closed together. */
export interface ClientPool {
  /** @throws VprogError FAILED_PRECONDITION / MODULE_NOT_CONFIGURED when the module's student or teacher address is missing. */
  get(module: ModuleName): ModuleClients;
  close(): void;
}

const API = { loc: loc.LocServiceService, facedet: facedet.FaceDetServiceService, classify: classify.ClassifyServiceService, vqa: vqa.VqaServiceService } as const;

/**
 * Creates the pool of module clients from the configured addresses. Channels are opened on first
 * use, so the coordinator starts before (or without) the module services.
 * Throws nothing; {@link ClientPool.get} throws for an unconfigured module.
 */
export function createClientPool(config: CoordinatorConfig): ClientPool {
  const clients = new Map<ModuleName, ModuleClients>();
  const options = { defaultDeadlineMs: config.callDeadlineMs };
  const admin = config.adminToken === undefined ? options : { ...options, metadata: adminCredentials(config.adminToken) };
  return {
    get(module) {
      const existing = clients.get(module);
      if (existing !== undefined) return existing;
      const { student, teacher } = config.modules[module];
      if (student === undefined || teacher === undefined) {
        const key = `VPROG_COORDINATOR_${module.toUpperCase()}_${student === undefined ? 'ADDRESS' : 'TEACHER_ADDRESS'}`;
        throw failedPrecondition(`the ${module} module is not configured: set ${key}`, { reason: 'MODULE_NOT_CONFIGURED', metadata: { module } });
      }
      const created: ModuleClients = {
        student: createClient(model.ModelServiceService, student, admin),
        teacherModel: createClient(model.ModelServiceService, teacher, admin),
        teacher: createClient(API[module] as never, teacher, options) as ModuleApi[ModuleName],
      };
      clients.set(module, created);
      return created;
    },
    close() {
      for (const c of clients.values()) {
        c.student.$close();
        c.teacherModel.$close();
        c.teacher.$close();
      }
      clients.clear();
    },
  };
}
