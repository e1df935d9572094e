import { invalidArgument, unary, type UnaryHandler } from '@vprog/grpc-kit';
import type { model } from '@vprog/proto-ts';
import type { ModelRepository } from '@vprog/registry';
import { encodeVersion } from './version-codec';

/** Page size when the request asks for 0. */
export const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/**
 * `ModelService.ListVersions`: every stored version, newest first, in pages. The page token is
 * the offset of the next page as a decimal string (opaque to clients).
 * @throws VprogError INVALID_ARGUMENT for a token this server did not hand out.
 */
export function listVersionsHandler(repository: ModelRepository): UnaryHandler<model.ListVersionsRequest, model.ListVersionsResponse> {
  return unary(async (request) => {
    const offset = request.pageToken === '' ? 0 : Number(request.pageToken);
    if (!Number.isInteger(offset) || offset < 0) {
      throw invalidArgument('the page token is not valid', [{ field: 'page_token', description: 'pass the next_page_token of a previous call' }]);
    }
    const size = Math.min(request.pageSize === 0 ? DEFAULT_PAGE_SIZE : request.pageSize, MAX_PAGE_SIZE);
    const all = (await repository.listVersions()).reverse();
    const page = all.slice(offset, offset + size);
    const next = offset + size < all.length ? String(offset + size) : '';
    return { versions: page.map((v) => encodeVersion(v)), nextPageToken: next };
  });
}
