import { callFailure, checkHealth, detectFacesRequest, faceDetectionCounts, startServiceUnderTest, testScene, type ServiceUnderTest } from '@vprog/module-host';
import { facedet, model } from '@vprog/proto-ts';
import { createFacedetTeacherService } from './server';

describe('facedet teacher sidecar', () => {
  let sut: ServiceUnderTest<typeof facedet.FaceDetServiceService>;

  beforeAll(async () => {
    sut = await startServiceUnderTest(createFacedetTeacherService, facedet.FaceDetServiceService);
  });

  afterAll(async () => {
    await sut?.stop();
  });

  it('is SERVING once its model is loaded', async () => {
    expect(await checkHealth(sut.service.address)).toBe('SERVING');
  });

  it('finds the faces of dusk scenes, its target domain, and little else', async () => {
    const counts = await faceDetectionCounts(sut.client, 'dusk', [1, 2, 3, 4, 5, 6]);
    expect(counts.models).toEqual(counts.models.map(() => ({ name: 'facedet-teacher', version: 'v1' })));
    expect(counts.labels.filter((label) => label !== 'face')).toEqual([]);
    expect(counts.faces).toBe(12);
    expect(counts.found / counts.faces).toBeGreaterThanOrEqual(0.8);
    expect(counts.correct / Math.max(1, counts.confident)).toBeGreaterThanOrEqual(0.8);
  });

  it('answers bad input with INVALID_ARGUMENT and field violations, and keeps serving', async () => {
    const bad = await callFailure(sut.client.detectFaces(detectFacesRequest({ source: { $case: 'raw', value: { width: 3, height: 2, channels: 2, data: Buffer.alloc(12) } } })));
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect(bad.fieldViolations.map((v) => v.field)).toEqual(['image.raw.channels']);
    const noImage = await callFailure(sut.client.detectFaces(detectFacesRequest(undefined)));
    expect(noImage.fieldViolations.map((v) => v.field)).toEqual(['image']);
    const grey = testScene('studio', 1, { faces: 1 }).image;
    const luminance = Buffer.from(Array.from({ length: grey.width * grey.height }, (_, i) => grey.data[i * 3]));
    const ok = await sut.client.detectFaces(detectFacesRequest({ source: { $case: 'raw', value: { width: grey.width, height: grey.height, channels: 1, data: luminance } } }));
    expect(ok.model?.version).toBe('v1');
  });

  it('describes its model through ModelService', async () => {
    const { modelInfo } = await sut.admin.getModelInfo({ version: '' });
    expect(modelInfo).toMatchObject({ model: { name: 'facedet-teacher', version: 'v1' }, role: model.ModelRole.MODEL_ROLE_TEACHER, labelSpace: ['face'], openVocabulary: false });
  });
});
