import { createClient, type VprogClient } from '@vprog/grpc-kit';
import { classify, facedet, loc, vqa } from '@vprog/proto-ts';

type LocClient = VprogClient<typeof loc.LocServiceService>;
type FaceDetClient = VprogClient<typeof facedet.FaceDetServiceService>;
type ClassifyClient = VprogClient<typeof classify.ClassifyServiceService>;
type VqaClient = VprogClient<typeof vqa.VqaServiceService>;

/**
 * One typed client per (module, address), created on first use and shared by every run: gRPC
 * channels are expensive to open and multiplex calls well. Each client retries UNAVAILABLE only
 * (grpc-kit's policy); every call passes the run's deadline and signal.
 */
export interface ModuleClients {
  loc(address: string): LocClient;
  facedet(address: string): FaceDetClient;
  classify(address: string): ClassifyClient;
  vqa(address: string): VqaClient;
  /** Closes every channel. */
  close(): void;
}

/** Creates the client pool. Throws nothing; a bad address fails on the first call (UNAVAILABLE). */
export function createModuleClients(): ModuleClients {
  const pool = new Map<string, { $close(): void }>();
  const get = <C extends { $close(): void }>(key: string, make: () => C): C => {
    let client = pool.get(key) as C | undefined;
    if (client === undefined) {
      client = make();
      pool.set(key, client);
    }
    return client;
  };
  return {
    loc: (address) => get(`loc ${address}`, () => createClient(loc.LocServiceClient, address)),
    facedet: (address) => get(`facedet ${address}`, () => createClient(facedet.FaceDetServiceClient, address)),
    classify: (address) => get(`classify ${address}`, () => createClient(classify.ClassifyServiceClient, address)),
    vqa: (address) => get(`vqa ${address}`, () => createClient(vqa.VqaServiceClient, address)),
    close() {
      for (const client of pool.values()) client.$close();
      pool.clear();
    },
  };
}
