import { hasErrorCode, type VprogClient } from '@vprog/grpc-kit';
import { model } from '@vprog/proto-ts';

type ModelClient = VprogClient<typeof model.ModelServiceService>;

/** Every stored version of a module's student, all pages. @throws VprogError of ListVersions. */
export async function listAllVersions(client: ModelClient, options: { signal?: AbortSignal; deadlineMs?: number } = {}): Promise<model.ModelVersion[]> {
  const versions: model.ModelVersion[] = [];
  let pageToken = '';
  do {
    const page = await client.listVersions({ pageSize: 1000, pageToken }, options);
    versions.push(...page.versions);
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return versions;
}

/** The version serving default requests. @throws VprogError of GetModelInfo; INTERNAL-free: '' when the service names none. */
export async function activeVersion(client: ModelClient, signal?: AbortSignal): Promise<string> {
  const info = await client.getModelInfo({ version: '' }, signal === undefined ? {} : { signal });
  return info.modelInfo?.version?.version || info.modelInfo?.model?.version || '';
}

/**
 * Discards a candidate; a version that is already gone (discarded earlier, e.g. before a crash)
 * counts as discarded, so the call is idempotent.
 * @throws VprogError of Discard other than NOT_FOUND (e.g. FAILED_PRECONDITION for the active version).
 */
export async function discardVersion(client: ModelClient, version: string, reason: string, deadlineMs?: number): Promise<void> {
  try {
    await client.discard({ version, reason }, deadlineMs === undefined ? {} : { deadlineMs });
  } catch (error) {
    if (!hasErrorCode(error, 'NOT_FOUND')) throw error;
  }
}

/**
 * Discards every candidate this run wrote that is not in `keep` (candidates of an interrupted
 * training, or of a cancelled or failed run): state CANDIDATE and `source_run_id` = the run.
 * Returns the versions discarded.
 * @throws VprogError of ListVersions or Discard.
 */
export async function discardStrays(client: ModelClient, runId: string, reason: string, options: { keep?: readonly string[]; deadlineMs?: number } = {}): Promise<string[]> {
  const keep = options.keep ?? [];
  const call = options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs };
  const strays = (await listAllVersions(client, call)).filter((v) => v.state === model.VersionState.VERSION_STATE_CANDIDATE && v.sourceRunId === runId && !keep.includes(v.version));
  for (const v of strays) await discardVersion(client, v.version, reason, options.deadlineMs);
  return strays.map((v) => v.version);
}
