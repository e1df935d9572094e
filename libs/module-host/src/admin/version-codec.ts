import { common, model } from '@vprog/proto-ts';
import type { ModelVersion as StoredVersion, VersionState as StoredState } from '@vprog/registry';

const STATES: Record<StoredState, model.VersionState> = {
  active: model.VersionState.VERSION_STATE_ACTIVE,
  previous: model.VersionState.VERSION_STATE_INACTIVE,
  candidate: model.VersionState.VERSION_STATE_CANDIDATE,
};

const MODULES: Readonly<Record<string, common.Module>> = {
  loc: common.Module.MODULE_LOC,
  facedet: common.Module.MODULE_FACEDET,
  classify: common.Module.MODULE_CLASSIFY,
  vqa: common.Module.MODULE_VQA,
};

/** The proto `Module` of a module name (`MODULE_UNSPECIFIED` for an unknown one). */
export function encodeModule(module: string): common.Module {
  return MODULES[module] ?? common.Module.MODULE_UNSPECIFIED;
}

/** The proto `ModelRole` of a registry role. */
export function encodeRole(role: string): model.ModelRole {
  if (role === 'student') return model.ModelRole.MODEL_ROLE_STUDENT;
  if (role === 'teacher') return model.ModelRole.MODEL_ROLE_TEACHER;
  return model.ModelRole.MODEL_ROLE_UNSPECIFIED;
}

/**
 * The proto `ModelVersion` of a stored version: identity, parent, creation time, metrics
 * (flattened to `group/metric`, e.g. `dusk/ap50`; values that could not be computed are left
 * out), state (`previous` is INACTIVE), and the distillation lineage when the version has one
 * (`teacher` as `name@version` or `{name, version}`, `sourceRunId`, `wiseFtAlpha`).
 */
export function encodeVersion(stored: StoredVersion, overrides: Partial<model.ModelVersion> = {}): model.ModelVersion {
  const manifest = stored.manifest as StoredVersion['manifest'] & { metrics?: unknown };
  const lineage = (manifest.lineage ?? {}) as Record<string, unknown>;
  const created = manifest.createdAt === undefined ? undefined : new Date(manifest.createdAt);
  const teacher = encodeTeacher(lineage.teacher);
  return {
    version: stored.version,
    parentVersion: manifest.parent ?? '',
    ...(created !== undefined && !Number.isNaN(created.getTime()) ? { createTime: created } : {}),
    metrics: flattenMetrics(manifest.metrics),
    state: STATES[stored.state],
    ...(teacher !== undefined ? { teacher } : {}),
    sourceRunId: typeof lineage.sourceRunId === 'string' ? lineage.sourceRunId : '',
    wiseFtAlpha: typeof lineage.wiseFtAlpha === 'number' ? lineage.wiseFtAlpha : 0,
    discardReason: '',
    ...overrides,
  };
}

function flattenMetrics(metrics: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof metrics !== 'object' || metrics === null) return out;
  for (const [group, value] of Object.entries(metrics)) {
    if (typeof value === 'number' && Number.isFinite(value)) out[group] = value;
    else if (typeof value === 'object' && value !== null) {
      for (const [name, v] of Object.entries(value)) if (typeof v === 'number' && Number.isFinite(v)) out[`${group}/${name}`] = v;
    }
  }
  return out;
}

function encodeTeacher(value: unknown): common.ModelRef | undefined {
  if (typeof value === 'string' && value.length > 0) {
    const at = value.lastIndexOf('@');
    return at > 0 ? { name: value.slice(0, at), version: value.slice(at + 1) } : { name: value, version: '' };
  }
  if (typeof value === 'object' && value !== null) {
    const { name, version } = value as { name?: unknown; version?: unknown };
    if (typeof name === 'string') return { name, version: typeof version === 'string' ? version : '' };
  }
  return undefined;
}
