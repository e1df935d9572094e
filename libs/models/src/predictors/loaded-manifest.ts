import type { Manifest } from '../manifest/manifest-schema';

/** What a predictor needs from a loaded manifest (a `LoadedManifest` fits; so does `{ manifest }`). */
export interface LoadedModelManifest {
  readonly manifest: Manifest;
}
