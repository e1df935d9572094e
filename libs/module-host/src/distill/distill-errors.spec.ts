import { setTimeout as sleep } from 'node:timers/promises';
import { model, vqa } from '@vprog/proto-ts';
import { callFailure } from '../testing/call-failure';
import { pngImage } from '../testing/module-requests';
import { startServiceUnderTest, type ServiceUnderTest } from '../testing/service-under-test';
import { testScene } from '../testing/test-scenes';
import { createVqaStudent, createVqaTeacher, exampleMessage, optionsMessage } from './testing/distill-services';

const png = testScene('dusk', 3).png;
const answerInput = (bytes: Buffer = png): model.DistillExample['input'] => ({ $case: 'answer', value: { image: pngImage(bytes), question: 'How many circles are there?', topK: 1 } });
const yes: model.DistillExample['target'] = { $case: 'answers', value: { answers: [{ label: 'yes', score: 1 }] } };
const good = (n: number) => Array.from({ length: n }, () => exampleMessage(answerInput(), yes));

describe('Distill refusals on a module service', () => {
  let sut: ServiceUnderTest<typeof vqa.VqaServiceService>;
  const versions = async () => (await sut.admin.listVersions({ pageSize: 0, pageToken: '' })).versions.map((v) => v.version).sort();
  const stillServes = async () => expect((await sut.client.answer({ image: pngImage(png), question: 'Is there a circle?', topK: 1 })).answer).not.toBe('');

  beforeAll(async () => {
    sut = await startServiceUnderTest(createVqaStudent, vqa.VqaServiceService, { adminDeadlineMs: 60_000 });
  });

  afterAll(async () => {
    await sut?.stop();
  });

  it('refuses a stream whose first message is not the options', async () => {
    const error = await callFailure(sut.admin.distill(good(2)));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', fieldViolations: [{ field: 'payload', description: expect.stringMatching(/first message/) }] });
    expect(await versions()).toEqual(['v1']);
    await stillServes();
  });

  it('names every bad example — wrong input kind, missing target, undecodable image — and trains nothing', async () => {
    const locate: model.DistillExample['input'] = { $case: 'locate', value: { image: pngImage(png), object: 'red circle', maxBoxes: 0 } };
    const error = await callFailure(
      sut.admin.distill([
        optionsMessage(),
        exampleMessage(locate, yes),
        exampleMessage(answerInput(), undefined),
        exampleMessage(answerInput(Buffer.alloc(64, 3)), yes),
        exampleMessage(answerInput(), { $case: 'answers', value: { answers: [{ label: 'not-an-answer', score: 1 }] } }),
        exampleMessage(answerInput(), undefined, model.ExampleKind.EXAMPLE_KIND_ANCHOR),
      ]),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.fieldViolations.map((v) => v.field)).toEqual(['examples[0].input', 'examples[1].target', 'examples[2].answer.image.encoded', 'examples[3].answers.answers[0].label']);
    expect(await versions()).toEqual(['v1']);
    await stillServes();
  });

  it('refuses bad options with their field names', async () => {
    const error = await callFailure(sut.admin.distill([optionsMessage({ wiseFtAlphas: [0.5, 1.5], learningRate: -1, mode: 7 as model.TrainingMode }), ...good(1)]));
    expect(error.fieldViolations.map((v) => v.field).sort()).toEqual(['options.learning_rate', 'options.mode', 'options.wise_ft_alphas[1]']);
  });

  it('answers a second concurrent Distill with RESOURCE_EXHAUSTED / DISTILL_BUSY', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    async function* slowStream() {
      yield optionsMessage({ epochs: 1 });
      await held;
      yield* good(2);
    }
    const first = sut.admin.distill(slowStream());
    await sleep(300);
    const second = await callFailure(sut.admin.distill([optionsMessage(), ...good(1)]));
    expect(second).toMatchObject({ code: 'RESOURCE_EXHAUSTED', reason: 'DISTILL_BUSY' });
    release();
    const done = await first;
    expect(done.candidates).toHaveLength(1);
    await sut.admin.discard({ version: done.candidates[0].version!.version, reason: 'spec cleanup' });
  });

  it('writes no version when the client cancels during training', async () => {
    const before = await versions();
    const controller = new AbortController();
    const call = sut.admin.distill([optionsMessage({ epochs: 1000, seed: 3 }), ...good(24)], { signal: controller.signal });
    await sleep(1_500);
    controller.abort();
    expect((await callFailure(call)).code).toBe('CANCELLED');
    // The server's handler winds down on its own: wait until a new call is no longer refused as busy.
    for (let i = 0; i < 100; i++) {
      const probe = await callFailure(sut.admin.distill(good(1)));
      if (probe.reason !== 'DISTILL_BUSY') break;
      await sleep(100);
    }
    expect(await versions()).toEqual(before);
    await stillServes();
  });

  it('refuses more examples than the configured limit with RESOURCE_EXHAUSTED', async () => {
    const limited = await startServiceUnderTest(createVqaStudent, vqa.VqaServiceService, { config: { distill: { maxExamples: 2, featureCacheBytes: 0 } } });
    try {
      const error = await callFailure(limited.admin.distill([optionsMessage(), ...good(3)]));
      expect(error).toMatchObject({ code: 'RESOURCE_EXHAUSTED', reason: 'TOO_MANY_EXAMPLES' });
    } finally {
      await limited.stop();
    }
  });

  it('refuses Distill on a teacher sidecar with FAILED_PRECONDITION / DISTILL_NOT_SUPPORTED', async () => {
    const teacher = await startServiceUnderTest(createVqaTeacher, vqa.VqaServiceService);
    try {
      const error = await callFailure(teacher.admin.distill([optionsMessage(), ...good(1)]));
      expect(error).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'DISTILL_NOT_SUPPORTED' });
    } finally {
      await teacher.stop();
    }
  });
});
