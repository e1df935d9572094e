/**
 * Test doubles of the four module services: real grpc-js servers (through grpc-kit) on
 * 127.0.0.1:0 that speak the module contracts and answer from functions the test sets. They record
 * every call with its model-version header and whether the call was cancelled, so tests can see
 * what reached a module. They stand in for the real services where a test needs control (gating a
 * call, failing it); the real services are exercised in e2e/.
 */
import { defineService, silentLogger, startServer, unary, type CallContext, type RunningServer } from '@vprog/grpc-kit';
import { classify, facedet, loc, MODEL_VERSION_METADATA_KEY, vqa, type common } from '@vprog/proto-ts';

/** One call a fake received. */
export interface FakeCall {
  readonly service: string;
  readonly request: unknown;
  readonly version?: string;
  /** The call's signal: aborted when the caller cancelled it or its deadline passed. */
  readonly signal: AbortSignal;
}

/** Behaviour of the fakes; each may be replaced by a test. */
export interface FakeBehaviour {
  locate: (request: loc.LocateRequest, ctx: CallContext) => Promise<common.Box[]>;
  detectFaces: (request: facedet.DetectFacesRequest, ctx: CallContext) => Promise<common.Box[]>;
  classify: (request: classify.ClassifyRequest, ctx: CallContext) => Promise<classify.BoxClassification[]>;
  answer: (request: vqa.AnswerRequest, ctx: CallContext) => Promise<{ answer: string; score: number; top: common.ScoredLabel[] }>;
}

/** A running fake module service. */
export interface FakeModule {
  readonly address: string;
  readonly calls: FakeCall[];
  close(): Promise<void>;
}

/** All four fakes, under one model name prefix (e.g. `student` or `teacher`). */
export interface FakeModules {
  readonly loc: FakeModule;
  readonly facedet: FakeModule;
  readonly classify: FakeModule;
  readonly vqa: FakeModule;
  readonly behaviour: FakeBehaviour;
  /** Every call to any of the four, in arrival order. */
  readonly calls: FakeCall[];
  close(): Promise<void>;
}

/** The default behaviour: one box at (10,10)-(30,30) of the crop, the first category, answer `2`. */
export function defaultBehaviour(): FakeBehaviour {
  return {
    locate: async (request) => [{ xMin: 10, yMin: 10, xMax: 30, yMax: 30, score: 0.75, label: request.object }],
    detectFaces: async () => [{ xMin: 4, yMin: 4, xMax: 20, yMax: 20, score: 0.9, label: 'face' }],
    classify: async (request) =>
      request.boxes.map((box) => ({
        box,
        category: request.categories[0] ?? '',
        score: 0.7,
        scores: request.categories.map((label, i) => ({ label, score: i === 0 ? 0.7 : 0.3 / Math.max(1, request.categories.length - 1) })),
      })),
    answer: async () => ({ answer: '2', score: 0.6, top: [{ label: '2', score: 0.6 }, { label: '1', score: 0.3 }] }),
  };
}

async function serve(service: Parameters<typeof startServer>[1][number]): Promise<Omit<FakeModule, 'calls'>> {
  const server: RunningServer = await startServer({ host: '127.0.0.1', port: 0, requestLog: false, shutdownGraceMs: 200 }, [service], { logger: silentLogger, reflection: false });
  server.health.setServing();
  return { address: server.address, close: () => server.shutdown(200) };
}

/**
 * Starts the four fakes. Their model name is `<module>-<role>`, their version `<role>-v1` (or the
 * pinned `x-vprog-model-version`).
 */
export async function startFakeModules(role = 'student'): Promise<FakeModules> {
  const behaviour = defaultBehaviour();
  const calls: FakeCall[] = [];
  const record = (service: string, request: unknown, ctx: CallContext) => {
    const version = ctx.header(MODEL_VERSION_METADATA_KEY);
    calls.push({ service, request, signal: ctx.signal, ...(version === undefined ? {} : { version }) });
    return { name: `${service}-${role}`, version: version ?? `${role}-v1` };
  };
  const mine = (service: string) => calls.filter((c) => c.service === service);
  const locS = defineService(loc.LocServiceService, {
    locate: unary(async (request, ctx) => {
      const model = record('loc', request, ctx);
      return { boxes: await behaviour.locate(request, ctx), model };
    }),
  });
  const faceS = defineService(facedet.FaceDetServiceService, {
    detectFaces: unary(async (request, ctx) => {
      const model = record('facedet', request, ctx);
      return { boxes: await behaviour.detectFaces(request, ctx), model };
    }),
  });
  const classifyS = defineService(classify.ClassifyServiceService, {
    classify: unary(async (request, ctx) => {
      const model = record('classify', request, ctx);
      return { classifications: await behaviour.classify(request, ctx), model };
    }),
  });
  const vqaS = defineService(vqa.VqaServiceService, {
    answer: unary(async (request, ctx) => {
      const model = record('vqa', request, ctx);
      const { answer, score, top } = await behaviour.answer(request, ctx);
      return { answer, score, topAnswers: top, model };
    }),
  });
  const servers = await Promise.all([serve(locS), serve(faceS), serve(classifyS), serve(vqaS)]);
  const names = ['loc', 'facedet', 'classify', 'vqa'];
  const [locM, faceM, classifyM, vqaM] = servers.map((s, i): FakeModule => ({
    ...s,
    get calls() {
      return mine(names[i]);
    },
  }));
  return {
    loc: locM,
    facedet: faceM,
    classify: classifyM,
    vqa: vqaM,
    behaviour,
    calls,
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
