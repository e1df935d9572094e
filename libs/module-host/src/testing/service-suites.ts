import { facedet, vqa } from '@vprog/proto-ts';
import type { Domain } from '@vprog/world';
import { callFailure } from './call-failure';
import { faceDetectionCounts } from './face-detection-counts';
import { detectFacesRequest, pngImage } from './module-requests';
import { checkHealth } from '../health/check-serving';
import { startServiceUnderTest, type CreateModuleServiceFn, type ServiceUnderTest } from './service-under-test';
import { testScene } from './test-scenes';
import { askVqaTestQuestions, isRankedReply, testAnswerOf, vqaAnswerQuality } from './vqa-questions';

/**
 * What the shared specs of a student service and its teacher sidecar need to know. They run the
 * same model API, so one suite checks both; each spec file adds what only its role does.
 */
export interface ServiceSuiteOptions<P, I, O> {
  /** The describe block's title, e.g. `facedet teacher sidecar`. */
  readonly title: string;
  readonly create: CreateModuleServiceFn<P, I, O>;
  /** The model every answer must name. */
  readonly model: { readonly name: string; readonly version: string };
  /** Where the model is good: `studio` for a general student, `dusk` for a teacher. */
  readonly domain: Domain;
}

/** Adds role-specific tests inside the suite; `sut()` is the running service. */
type MoreTests<D extends vqa.VqaServiceService | facedet.FaceDetServiceService, P, I, O> = (sut: () => ServiceUnderTest<D, P, I, O>) => void;

function describeService<D extends vqa.VqaServiceService | facedet.FaceDetServiceService, P, I, O>(
  options: ServiceSuiteOptions<P, I, O>,
  api: D,
  tests: MoreTests<D, P, I, O>,
): void {
  describe(options.title, () => {
    let sut: ServiceUnderTest<D, P, I, O> | undefined;
    const running = (): ServiceUnderTest<D, P, I, O> => {
      if (sut === undefined) throw new Error(`${options.title} did not start`);
      return sut;
    };

    beforeAll(async () => {
      sut = await startServiceUnderTest(options.create, api);
    });

    afterAll(async () => {
      await sut?.stop();
    });

    it('is SERVING once its model is loaded', async () => {
      expect(await checkHealth(running().service.address)).toBe('SERVING');
    });

    tests(running);
  });
}

/**
 * The specs every VQA service shares: health, ranked answers of the right kind on its domain,
 * `top_k` 0, and typed errors for bad input that leave it serving.
 */
export function describeVqaService<P, I, O>(options: ServiceSuiteOptions<P, I, O>, more: MoreTests<typeof vqa.VqaServiceService, P, I, O> = () => undefined): void {
  describeService(options, vqa.VqaServiceService, (sut) => {
    it(`answers colour and count questions about ${options.domain} scenes with the right kind of answer, the true one ranked high`, async () => {
      const replies = await askVqaTestQuestions(sut().client, options.domain, [1, 2, 3, 4, 5, 6, 7, 8], 3);
      expect(replies.length).toBeGreaterThanOrEqual(12);
      expect(replies.map((r) => r.response.model)).toEqual(replies.map(() => options.model));
      expect(replies.filter((r) => !isRankedReply(r, 3)).map((r) => r.asked.question)).toEqual([]);
      const { rightKind, goldRanked } = vqaAnswerQuality(replies.map(testAnswerOf));
      expect(rightKind).toBeGreaterThanOrEqual(0.8);
      expect(goldRanked).toBeGreaterThanOrEqual(0.6);
    });

    it('lists only the best answer when top_k is 0', async () => {
      const response = await sut().client.answer({ image: pngImage(testScene('studio', 1).png), question: 'Are there any stars?', topK: 0 });
      expect(response.topAnswers).toHaveLength(1);
      expect(response.topAnswers[0].label).toBe(response.answer);
    });

    it('answers bad input with INVALID_ARGUMENT and field violations, and keeps serving', async () => {
      const client = sut().client;
      const empty = await callFailure(client.answer({ image: pngImage(testScene('studio', 1).png), question: '  ', topK: 1 }));
      expect(empty.fieldViolations).toEqual([{ field: 'question', description: 'must not be empty' }]);
      const undecodable = await callFailure(client.answer({ image: pngImage(Buffer.alloc(100, 7)), question: 'Is there a circle?', topK: 1 }));
      expect(undecodable.fieldViolations.map((v) => v.field)).toEqual(['image.encoded']);
      const ok = await client.answer({ image: pngImage(testScene('studio', 1).png), question: 'Is there a circle?', topK: 1 });
      expect(ok.answer).not.toBe('');
    });

    more(sut);
  });
}

/**
 * The specs every FACEDET service shares: health, the two faces of each scene of its domain
 * found with few false boxes, and typed errors for bad input that leave it serving.
 */
export function describeFacedetService<P, I, O>(options: ServiceSuiteOptions<P, I, O>, more: MoreTests<typeof facedet.FaceDetServiceService, P, I, O> = () => undefined): void {
  describeService(options, facedet.FaceDetServiceService, (sut) => {
    it(`finds the faces of ${options.domain} scenes and little else`, async () => {
      const counts = await faceDetectionCounts(sut().client, options.domain, [1, 2, 3, 4, 5, 6]);
      expect(counts.models).toEqual(counts.models.map(() => options.model));
      expect(counts.labels.filter((label) => label !== 'face')).toEqual([]);
      expect(counts.faces).toBe(12);
      expect(counts.found / counts.faces).toBeGreaterThanOrEqual(0.8);
      expect(counts.correct / Math.max(1, counts.confident)).toBeGreaterThanOrEqual(0.8);
    });

    it('answers bad input with INVALID_ARGUMENT and field violations, and keeps serving', async () => {
      const client = sut().client;
      const bad = await callFailure(client.detectFaces(detectFacesRequest({ source: { $case: 'raw', value: { width: 3, height: 2, channels: 2, data: Buffer.alloc(12) } } })));
      expect(bad.code).toBe('INVALID_ARGUMENT');
      expect(bad.fieldViolations.map((v) => v.field)).toEqual(['image.raw.channels']);
      const noImage = await callFailure(client.detectFaces(detectFacesRequest(undefined)));
      expect(noImage.fieldViolations.map((v) => v.field)).toEqual(['image']);
      const grey = testScene('studio', 1, { faces: 1 }).image;
      const luminance = Buffer.from(Array.from({ length: grey.width * grey.height }, (_, i) => grey.data[i * 3]));
      const ok = await client.detectFaces(detectFacesRequest({ source: { $case: 'raw', value: { width: grey.width, height: grey.height, channels: 1, data: luminance } } }));
      expect(ok.model?.version).toBe(options.model.version);
    });

    more(sut);
  });
}
