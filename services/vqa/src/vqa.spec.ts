import { createClient, isVprogError, silentLogger, type VprogError } from '@vprog/grpc-kit';
import { checkHealth, createTestRegistry, testScene, testServiceConfig, type TestRegistry } from '@vprog/module-host';
import { model, vqa, type common } from '@vprog/proto-ts';
import { COLOURS, answerInView, fullRect, type Domain } from '@vprog/world';
import { createVqaService } from './server';

const MODEL = { name: 'vqa-student', version: 'v1' };
const png = (bytes: Buffer): common.Image => ({ source: { $case: 'encoded', value: bytes } });

async function failure(call: Promise<unknown>): Promise<VprogError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isVprogError(error)) throw new Error(`expected a VprogError, got ${String(error)}`);
  return error;
}

/** Colour questions about objects whose shape is unique in the scene, and shape counts, with their gold answers. */
function questions(domain: Domain, seeds: readonly number[]) {
  return seeds.flatMap((seed) => {
    const { scene, png: bytes } = testScene(domain, seed);
    const unique = scene.objects.find((o) => scene.objects.filter((p) => p.shape === o.shape).length === 1);
    const asked = [`How many ${scene.objects[0].shape}s are there?`, ...(unique ? [`What color is the ${unique.shape}?`] : [])];
    return asked.map((question) => ({
      bytes,
      question,
      kind: question.startsWith('How many') ? 'count' : 'colour',
      gold: answerInView(scene, fullRect(scene.width, scene.height), question).answer,
    }));
  });
}

describe('vqa service (student)', () => {
  let models: TestRegistry;
  let service: Awaited<ReturnType<typeof createVqaService>>;
  let client: ReturnType<typeof createClient<typeof vqa.VqaServiceService>>;
  let admin: ReturnType<typeof createClient<typeof model.ModelServiceService>>;

  beforeAll(async () => {
    models = await createTestRegistry();
    service = await createVqaService(testServiceConfig(models.root), { registry: models.registry, logger: silentLogger });
    await service.load();
    client = createClient(vqa.VqaServiceService, service.address, { defaultDeadlineMs: 20_000 });
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

  it('answers colour and count questions about rendered scenes with the right kind of answer, the true one ranked high', async () => {
    const asked = questions('studio', [1, 2, 3, 4, 5, 6, 7, 8]);
    let rightKind = 0;
    let goldInTop3 = 0;
    const isKind = (answer: string, kind: string) => (kind === 'count' ? /^\d+$/.test(answer) : (COLOURS as readonly string[]).includes(answer));
    for (const { bytes, question, kind, gold } of asked) {
      const response = await client.answer({ image: png(bytes), question, topK: 3 });
      expect(response.model).toEqual(MODEL);
      expect(response.topAnswers).toHaveLength(3);
      expect(response.topAnswers[0]).toEqual({ label: response.answer, score: response.score });
      expect(response.topAnswers[0].score).toBeGreaterThanOrEqual(response.topAnswers[1].score);
      if (isKind(response.answer, kind)) rightKind += 1;
      if (response.topAnswers.some((a) => a.label === gold)) goldInTop3 += 1;
    }
    expect(asked.length).toBeGreaterThanOrEqual(12);
    expect(rightKind / asked.length).toBeGreaterThanOrEqual(0.8);
    expect(goldInTop3 / asked.length).toBeGreaterThanOrEqual(0.6);
  });

  it('lists only the best answer when top_k is 0', async () => {
    const response = await client.answer({ image: png(testScene('studio', 1).png), question: 'Are there any stars?', topK: 0 });
    expect(response.topAnswers).toHaveLength(1);
    expect(response.topAnswers[0].label).toBe(response.answer);
  });

  it('answers bad input with INVALID_ARGUMENT and field violations, and keeps serving', async () => {
    const empty = await failure(client.answer({ image: png(testScene('studio', 1).png), question: '  ', topK: 1 }));
    expect(empty.fieldViolations).toEqual([{ field: 'question', description: 'must not be empty' }]);
    const undecodable = await failure(client.answer({ image: png(Buffer.alloc(100, 7)), question: 'Is there a circle?', topK: 1 }));
    expect(undecodable.fieldViolations.map((v) => v.field)).toEqual(['image.encoded']);
    const ok = await client.answer({ image: png(testScene('studio', 1).png), question: 'Is there a circle?', topK: 1 });
    expect(ok.answer).not.toBe('');
  });

  it('describes its answer vocabulary through ModelService', async () => {
    const { modelInfo } = await admin.getModelInfo({ version: '' });
    expect(modelInfo?.role).toBe(model.ModelRole.MODEL_ROLE_STUDENT);
    expect(modelInfo?.labelSpace).toEqual(expect.arrayContaining(['yes', 'no', 'red', 'circle', 'small', '3']));
  });
});
