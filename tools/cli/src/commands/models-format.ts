import { model } from '@vprog/proto-ts';

/**
 * How `vprog models` shows a module's versions: one plain record per version (also the `--json`
 * shape) and a fixed-width table of them for operators.
 */

/** One version as `vprog models list --json` prints it. */
export interface VersionRecord {
  readonly version: string;
  /** `CANDIDATE`, `ACTIVE`, `INACTIVE` or `DISCARDED`. */
  readonly state: string;
  readonly parent: string;
  /** ISO time; empty when unknown. */
  readonly created: string;
  /** The WiSE-FT α it was built with; 0 for a version that was not distilled. */
  readonly alpha: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly teacher: string;
  readonly sourceRunId: string;
  readonly discardReason: string;
}

/** A generated version message as a {@link VersionRecord}. */
export function versionRecord(v: model.ModelVersion): VersionRecord {
  return {
    version: v.version,
    state: model.versionStateToJSON(v.state).replace(/^VERSION_STATE_/, ''),
    parent: v.parentVersion,
    created: v.createTime?.toISOString() ?? '',
    alpha: v.wiseFtAlpha,
    metrics: { ...v.metrics },
    teacher: v.teacher === undefined || v.teacher.name === '' ? '' : `${v.teacher.name}@${v.teacher.version}`,
    sourceRunId: v.sourceRunId,
    discardReason: v.discardReason,
  };
}

function metricsText(metrics: Readonly<Record<string, number>>): string {
  const entries = Object.entries(metrics).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? '—' : entries.map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(3)}`).join(' ');
}

/** The versions as a table: version, state, parent, created, α, metrics (newest first, as listed). */
export function versionsTable(records: readonly VersionRecord[]): string {
  const header = ['version', 'state', 'parent', 'created', 'alpha', 'metrics'];
  const rows = records.map((r) => [
    r.version,
    r.discardReason === '' ? r.state : `${r.state} (${r.discardReason})`,
    r.parent === '' ? '—' : r.parent,
    r.created === '' ? '—' : r.created.replace(/\.\d+Z$/, 'Z'),
    r.alpha === 0 ? '—' : r.alpha.toFixed(2),
    metricsText(r.metrics),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cols: readonly string[]) => cols.map((c, i) => (i === cols.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
