import { classify, facedet, loc, model } from '@vprog/proto-ts';
import { SHAPES } from '@vprog/world';
import { pngImage, protoBox } from '../testing/module-requests';
import { uniqueObject } from '../testing/scene-targets';
import { startServiceUnderTest, type ServiceDefinitionOf, type ServiceUnderTest } from '../testing/service-under-test';
import { testScene } from '../testing/test-scenes';
import { boxesTarget, createClassifyStudent, createFacedetStudent, createLocStudent, exampleMessage, optionsMessage } from './testing/distill-services';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const header = (version: string) => ({ metadata: { 'x-vprog-model-version': version } });

/** Runs Distill and checks what every module shares: one loaded, checked candidate; active unchanged. */
async function distillCandidate<D extends ServiceDefinitionOf>(sut: ServiceUnderTest<D>, messages: model.DistillRequest[]): Promise<string> {
  const response = await sut.admin.distill([optionsMessage({ epochs: 2, wiseFtAlphas: [0.5, 1] }), ...messages]);
  expect(response.candidates.map((c) => c.wiseFtAlpha)).toEqual([0.5, 1]);
  expect(response.lossCurve).toHaveLength(2);
  const versions = response.candidates.map((c) => c.version!.version);
  expect(new Set(versions).size).toBe(2);
  for (const v of versions) expect(sut.service.host.loadedVersions()).toContain(v);
  expect(sut.service.host.activeVersion).toBe('v1');
  return versions[1];
}

describe('Distill on the detector and classifier students', () => {
  it('loc: boxes targets from scene annotations give candidates that pass their golden check and answer when named', async () => {
    const sut = await startServiceUnderTest(createLocStudent, loc.LocServiceService, { adminDeadlineMs: 120_000 });
    try {
      const messages = SEEDS.flatMap((seed) => {
        const { scene, png } = testScene('dusk', seed);
        const object = uniqueObject(scene);
        if (object === undefined) return [];
        return [exampleMessage({ $case: 'locate', value: { image: pngImage(png), object: `${object.colour} ${object.shape}`, maxBoxes: 0 } }, boxesTarget([object.box]))];
      });
      expect(messages.length).toBeGreaterThanOrEqual(4);
      const candidate = await distillCandidate(sut, messages);
      const response = await sut.client.locate({ image: pngImage(testScene('dusk', 99).png), object: 'red circle', maxBoxes: 3 }, header(candidate));
      expect(response.model).toEqual({ name: 'loc-student', version: candidate });
    } finally {
      await sut.stop();
    }
  });

  it('facedet: face boxes (with anchors on a plain domain) give a routable candidate', async () => {
    const sut = await startServiceUnderTest(createFacedetStudent, facedet.FaceDetServiceService, { adminDeadlineMs: 120_000 });
    try {
      const messages = SEEDS.map((seed) => {
        const { scene, png } = testScene('dusk', seed, { faces: 2 });
        return exampleMessage({ $case: 'detectFaces', value: { image: pngImage(png), maxBoxes: 0 } }, boxesTarget(scene.faces.map((f) => f.box), 0.95));
      });
      const anchors = [1, 2].map((seed) => exampleMessage({ $case: 'detectFaces', value: { image: pngImage(testScene('studio', seed, { faces: 1 }).png), maxBoxes: 0 } }, undefined, model.ExampleKind.EXAMPLE_KIND_ANCHOR));
      const candidate = await distillCandidate(sut, [...messages, ...anchors]);
      const response = await sut.client.detectFaces({ image: pngImage(testScene('dusk', 99, { faces: 1 }).png), maxBoxes: 3 }, header(candidate));
      expect(response.model).toEqual({ name: 'facedet-student', version: candidate });
    } finally {
      await sut.stop();
    }
  });

  it('classify: one category distribution per box gives a routable candidate', async () => {
    const sut = await startServiceUnderTest(createClassifyStudent, classify.ClassifyServiceService, { adminDeadlineMs: 120_000 });
    try {
      const categories = [...SHAPES];
      const messages = SEEDS.map((seed) => {
        const { scene, png } = testScene('dusk', seed);
        const distributions = scene.objects.map((o) => ({ scores: [{ label: o.shape, score: 1 }] }));
        return exampleMessage({ $case: 'classify', value: { image: pngImage(png), boxes: scene.objects.map((o) => protoBox(o.box)), categories } }, { $case: 'categories', value: { distributions } });
      });
      const candidate = await distillCandidate(sut, messages);
      const { scene, png } = testScene('dusk', 99);
      const response = await sut.client.classify({ image: pngImage(png), boxes: scene.objects.map((o) => protoBox(o.box)), categories }, header(candidate));
      expect(response.model).toEqual({ name: 'classify-student', version: candidate });
      expect(response.classifications).toHaveLength(scene.objects.length);
    } finally {
      await sut.stop();
    }
  });
});
