import { createClient, isVprogError, silentLogger, type VprogError } from '@vprog/grpc-kit';
import { boxIou, checkHealth, createTestRegistry, testScene, testServiceConfig, type TestRegistry } from '@vprog/module-host';
import { loc, model, type common } from '@vprog/proto-ts';
import { createLocTeacherService } from './server';

const png = (bytes: Buffer): common.Image => ({ source: { $case: 'encoded', value: bytes } });
const locate = (image: common.Image | undefined, object: string, extra: Partial<loc.LocateRequest> = {}): loc.LocateRequest => ({ image, object, maxBoxes: 0, ...extra });

async function failure(call: Promise<unknown>): Promise<VprogError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isVprogError(error)) throw new Error(`expected a VprogError, got ${String(error)}`);
  return error;
}

describe('loc teacher sidecar', () => {
  let models: TestRegistry;
  let service: Awaited<ReturnType<typeof createLocTeacherService>>;
  let client: ReturnType<typeof createClient<typeof loc.LocServiceService>>;
  let admin: ReturnType<typeof createClient<typeof model.ModelServiceService>>;
  let healthBeforeLoad: string;

  beforeAll(async () => {
    models = await createTestRegistry();
    service = await createLocTeacherService(testServiceConfig(models.root), { registry: models.registry, logger: silentLogger });
    healthBeforeLoad = await checkHealth(service.address);
    await service.load();
    client = createClient(loc.LocServiceService, service.address, { defaultDeadlineMs: 20_000 });
    admin = createClient(model.ModelServiceService, service.address, { defaultDeadlineMs: 20_000 });
  });

  afterAll(async () => {
    client?.$close();
    admin?.$close();
    await service?.shutdown(1_000);
    await models?.cleanup();
  });

  it('becomes SERVING only once its teacher model is loaded and checked', async () => {
    expect(healthBeforeLoad).toBe('NOT_SERVING');
    expect(await checkHealth(service.address)).toBe('SERVING');
  });

  it('finds the object a colour-and-shape phrase names in dusk scenes, its target domain', async () => {
    let tried = 0;
    let hits = 0;
    for (let seed = 1; seed <= 10; seed += 1) {
      const { scene, png: bytes } = testScene('dusk', seed);
      const target = scene.objects.find((o) => scene.objects.filter((p) => p.colour === o.colour && p.shape === o.shape).length === 1);
      if (target === undefined) continue;
      tried += 1;
      const { boxes, model: ref } = await client.locate(locate(png(bytes), `the ${target.colour} ${target.shape}`, { maxBoxes: 3 }));
      expect(ref).toEqual({ name: 'loc-teacher', version: 'v1' });
      const best = boxes[0];
      if (best !== undefined && boxIou({ x1: best.xMin, y1: best.yMin, x2: best.xMax, y2: best.yMax }, target.box) >= 0.5) hits += 1;
    }
    expect(tried).toBeGreaterThanOrEqual(6);
    expect(hits / tried).toBeGreaterThanOrEqual(0.6);
  });

  it('refuses a phrase outside its label space with FAILED_PRECONDITION, without spoiling the calls batched with it', async () => {
    const { png: bytes } = testScene('dusk', 2);
    const calls = ['red circle', 'small red circle', 'blue square', 'shiny thing'].map((object) => client.locate(locate(png(bytes), object)).then(
      () => 'ok',
      (error: unknown) => (isVprogError(error) ? `${error.code}/${error.reason}` : String(error)),
    ));
    expect(await Promise.all(calls)).toEqual(['ok', 'FAILED_PRECONDITION/OUTSIDE_LABEL_SPACE', 'ok', 'FAILED_PRECONDITION/OUTSIDE_LABEL_SPACE']);
  });

  it('answers bad input with INVALID_ARGUMENT and field violations, and keeps serving', async () => {
    const bad = await failure(client.locate(locate(png(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])), '', { scoreThreshold: 2 })));
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect(bad.fieldViolations.map((v) => v.field).sort()).toEqual(['image.encoded', 'object', 'score_threshold']);
    const ok = await client.locate(locate(png(testScene('dusk', 3).png), 'red circle'));
    expect(ok.model?.version).toBe('v1');
  });

  it('describes itself as a closed-set teacher', async () => {
    const { modelInfo } = await admin.getModelInfo({ version: '' });
    expect(modelInfo?.role).toBe(model.ModelRole.MODEL_ROLE_TEACHER);
    expect(modelInfo?.openVocabulary).toBe(false);
    expect(modelInfo?.labelSpace).toEqual(expect.arrayContaining(['circle', 'square', 'red', 'blue']));
  });
});
