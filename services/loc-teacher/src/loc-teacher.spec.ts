import { isVprogError } from '@vprog/grpc-kit';
import { boxIou, boxRect, callFailure, checkHealth, locateRequest, pngImage, startServiceUnderTest, testScene, uniqueObject, type ServiceUnderTest } from '@vprog/module-host';
import { loc, model } from '@vprog/proto-ts';
import { createLocTeacherService } from './server';

describe('loc teacher sidecar', () => {
  let sut: ServiceUnderTest<typeof loc.LocServiceService>;

  beforeAll(async () => {
    sut = await startServiceUnderTest(createLocTeacherService, loc.LocServiceService);
  });

  afterAll(async () => {
    await sut?.stop();
  });

  it('becomes SERVING only once its teacher model is loaded and checked', async () => {
    expect(sut.healthBeforeLoad).toBe('NOT_SERVING');
    expect(await checkHealth(sut.service.address)).toBe('SERVING');
  });

  it('finds the object a colour-and-shape phrase names in dusk scenes, its target domain', async () => {
    let tried = 0;
    let hits = 0;
    for (let seed = 1; seed <= 10; seed += 1) {
      const { scene, png: bytes } = testScene('dusk', seed);
      const target = uniqueObject(scene);
      if (target === undefined) continue;
      tried += 1;
      const { boxes, model: ref } = await sut.client.locate(locateRequest(pngImage(bytes), `the ${target.colour} ${target.shape}`, { maxBoxes: 3 }));
      expect(ref).toEqual({ name: 'loc-teacher', version: 'v1' });
      const best = boxes[0];
      if (best !== undefined && boxIou(boxRect(best), target.box) >= 0.5) hits += 1;
    }
    expect(tried).toBeGreaterThanOrEqual(6);
    expect(hits / tried).toBeGreaterThanOrEqual(0.6);
  });

  it('refuses a phrase outside its label space with FAILED_PRECONDITION, without spoiling the calls batched with it', async () => {
    const { png: bytes } = testScene('dusk', 2);
    const calls = ['red circle', 'small red circle', 'blue square', 'shiny thing'].map((object) => sut.client.locate(locateRequest(pngImage(bytes), object)).then(
      () => 'ok',
      (error: unknown) => (isVprogError(error) ? `${error.code}/${error.reason}` : String(error)),
    ));
    expect(await Promise.all(calls)).toEqual(['ok', 'FAILED_PRECONDITION/OUTSIDE_LABEL_SPACE', 'ok', 'FAILED_PRECONDITION/OUTSIDE_LABEL_SPACE']);
  });

  it('answers bad input with INVALID_ARGUMENT and field violations, and keeps serving', async () => {
    const bad = await callFailure(sut.client.locate(locateRequest(pngImage(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])), '', { scoreThreshold: 2 })));
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect(bad.fieldViolations.map((v) => v.field).sort()).toEqual(['image.encoded', 'object', 'score_threshold']);
    const ok = await sut.client.locate(locateRequest(pngImage(testScene('dusk', 3).png), 'red circle'));
    expect(ok.model?.version).toBe('v1');
  });

  it('describes itself as a closed-set teacher', async () => {
    const { modelInfo } = await sut.admin.getModelInfo({ version: '' });
    expect(modelInfo?.role).toBe(model.ModelRole.MODEL_ROLE_TEACHER);
    expect(modelInfo?.openVocabulary).toBe(false);
    expect(modelInfo?.labelSpace).toEqual(expect.arrayContaining(['circle', 'square', 'red', 'blue']));
  });
});
