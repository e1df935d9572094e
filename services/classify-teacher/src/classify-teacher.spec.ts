import { createClient, isVprogError, silentLogger, type VprogError } from '@vprog/grpc-kit';
import { checkHealth, createTestRegistry, testScene, testServiceConfig, type TestRegistry } from '@vprog/module-host';
import { classify, model, type common } from '@vprog/proto-ts';
import { createClassifyTeacherService } from './server';

const png = (bytes: Buffer): common.Image => ({ source: { $case: 'encoded', value: bytes } });
const box = (b: { x1: number; y1: number; x2: number; y2: number }): common.Box => ({ xMin: b.x1, yMin: b.y1, xMax: b.x2, yMax: b.y2, score: 1, label: '' });
const EXPRESSIONS = ['smiling', 'frowning', 'surprised'];

async function failure(call: Promise<unknown>): Promise<VprogError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isVprogError(error)) throw new Error(`expected a VprogError, got ${String(error)}`);
  return error;
}

describe('classify teacher sidecar', () => {
  let models: TestRegistry;
  let service: Awaited<ReturnType<typeof createClassifyTeacherService>>;
  let client: ReturnType<typeof createClient<typeof classify.ClassifyServiceService>>;
  let admin: ReturnType<typeof createClient<typeof model.ModelServiceService>>;

  beforeAll(async () => {
    models = await createTestRegistry();
    service = await createClassifyTeacherService(testServiceConfig(models.root), { registry: models.registry, logger: silentLogger });
    await service.load();
    client = createClient(classify.ClassifyServiceService, service.address, { defaultDeadlineMs: 20_000 });
    admin = createClient(model.ModelServiceService, service.address, { defaultDeadlineMs: 20_000 });
  });

  afterAll(async () => {
    client?.$close();
    admin?.$close();
    await service?.shutdown(1_000);
    await models?.cleanup();
  });

  it('is SERVING once its model is loaded', async () => {
    expect(await checkHealth(service.address)).toBe('SERVING');
  });

  it('tells the expressions of the faces of dusk scenes, its target domain', async () => {
    let total = 0;
    let correct = 0;
    for (let seed = 1; seed <= 6; seed += 1) {
      const { scene, png: bytes } = testScene('dusk', seed, { faces: 2 });
      const { classifications, model: ref } = await client.classify({ image: png(bytes), boxes: scene.faces.map((f) => box(f.box)), categories: EXPRESSIONS });
      expect(ref).toEqual({ name: 'classify-teacher', version: 'v1' });
      scene.faces.forEach((f, i) => {
        total += 1;
        if (classifications[i].category === f.expression) correct += 1;
      });
    }
    expect(total).toBe(12);
    expect(correct / total).toBeGreaterThanOrEqual(0.7);
  });

  it('uses its own label space when the request names no categories', async () => {
    const { scene, png: bytes } = testScene('dusk', 4, { faces: 1 });
    const { classifications } = await client.classify({ image: png(bytes), boxes: [box(scene.faces[0].box)], categories: [] });
    expect(classifications[0].scores.map((s) => s.label)).toEqual(EXPRESSIONS);
  });

  it('refuses categories outside its label space with FAILED_PRECONDITION and keeps serving', async () => {
    const image = png(testScene('dusk', 5, { faces: 1 }).png);
    const refused = await failure(client.classify({ image, boxes: [], categories: ['smiling', 'red'] }));
    expect(refused).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'OUTSIDE_LABEL_SPACE' });
    const nan = await failure(client.classify({ image, boxes: [box({ x1: 0, y1: 0, x2: Number.NaN, y2: 5 })], categories: ['smiling'] }));
    expect(nan.fieldViolations.map((v) => v.field)).toEqual(['boxes[0]']);
    const ok = await client.classify({ image, boxes: [], categories: ['smiling', 'frowning'] });
    expect(ok.classifications[0].scores).toHaveLength(2);
  });

  it('describes itself as a closed-set teacher', async () => {
    const { modelInfo } = await admin.getModelInfo({ version: '' });
    expect(modelInfo).toMatchObject({ role: model.ModelRole.MODEL_ROLE_TEACHER, openVocabulary: false, labelSpace: EXPRESSIONS });
  });
});
