import { createClient, isVprogError, silentLogger, type VprogError } from '@vprog/grpc-kit';
import { boxIou, checkHealth, createTestRegistry, testScene, testServiceConfig, type TestRegistry } from '@vprog/module-host';
import { facedet, model, type common } from '@vprog/proto-ts';
import { createFacedetService } from './server';

const png = (bytes: Buffer): common.Image => ({ source: { $case: 'encoded', value: bytes } });
const detect = (image: common.Image | undefined, extra: Partial<facedet.DetectFacesRequest> = {}): facedet.DetectFacesRequest => ({ image, maxBoxes: 0, ...extra });

async function failure(call: Promise<unknown>): Promise<VprogError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isVprogError(error)) throw new Error(`expected a VprogError, got ${String(error)}`);
  return error;
}

describe('facedet service (student)', () => {
  let models: TestRegistry;
  let service: Awaited<ReturnType<typeof createFacedetService>>;
  let client: ReturnType<typeof createClient<typeof facedet.FaceDetServiceService>>;
  let admin: ReturnType<typeof createClient<typeof model.ModelServiceService>>;

  beforeAll(async () => {
    models = await createTestRegistry();
    service = await createFacedetService(testServiceConfig(models.root), { registry: models.registry, logger: silentLogger });
    await service.load();
    client = createClient(facedet.FaceDetServiceService, service.address, { defaultDeadlineMs: 20_000 });
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

  it('finds the faces of rendered scenes and little else', async () => {
    let faces = 0;
    let found = 0;
    let confident = 0;
    let correct = 0;
    for (let seed = 1; seed <= 6; seed += 1) {
      const { scene, png: bytes } = testScene('studio', seed, { faces: 2 });
      const { boxes, model: ref } = await client.detectFaces(detect(png(bytes), { scoreThreshold: 0.5 }));
      expect(ref).toEqual({ name: 'facedet-student', version: 'v1' });
      expect(boxes.every((b) => b.label === 'face')).toBe(true);
      const rects = boxes.map((b) => ({ x1: b.xMin, y1: b.yMin, x2: b.xMax, y2: b.yMax }));
      faces += scene.faces.length;
      found += scene.faces.filter((f) => rects.some((r) => boxIou(r, f.box) >= 0.5)).length;
      confident += rects.length;
      correct += rects.filter((r) => scene.faces.some((f) => boxIou(r, f.box) >= 0.5)).length;
    }
    expect(faces).toBe(12);
    expect(found / faces).toBeGreaterThanOrEqual(0.8);
    expect(correct / Math.max(1, confident)).toBeGreaterThanOrEqual(0.8);
  });

  it('answers bad input with INVALID_ARGUMENT and field violations, and keeps serving', async () => {
    const bad = await failure(client.detectFaces(detect({ source: { $case: 'raw', value: { width: 3, height: 2, channels: 2, data: Buffer.alloc(12) } } })));
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect(bad.fieldViolations.map((v) => v.field)).toEqual(['image.raw.channels']);
    const noImage = await failure(client.detectFaces(detect(undefined)));
    expect(noImage.fieldViolations.map((v) => v.field)).toEqual(['image']);
    const grey = testScene('studio', 1, { faces: 1 }).image;
    const luminance = Buffer.from(Array.from({ length: grey.width * grey.height }, (_, i) => grey.data[i * 3]));
    const ok = await client.detectFaces(detect({ source: { $case: 'raw', value: { width: grey.width, height: grey.height, channels: 1, data: luminance } } }));
    expect(ok.model?.version).toBe('v1');
  });

  it('describes its model through ModelService', async () => {
    const { modelInfo } = await admin.getModelInfo({ version: '' });
    expect(modelInfo).toMatchObject({ model: { name: 'facedet-student', version: 'v1' }, role: model.ModelRole.MODEL_ROLE_STUDENT, labelSpace: ['face'], openVocabulary: false });
  });
});
