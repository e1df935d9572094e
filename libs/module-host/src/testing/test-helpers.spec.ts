import { invalidArgument } from '@vprog/grpc-kit';
import { callFailure } from './call-failure';
import { boxRect, protoBox } from './module-requests';
import { matchDetections, uniqueObject } from './scene-targets';
import { testScene } from './test-scenes';
import { isRankedReply, testAnswerOf, vqaAnswerQuality, vqaTestQuestions, type VqaTestReply } from './vqa-questions';

describe('service spec helpers', () => {
  it('counts recall and precision hits of detections at the IoU bar', () => {
    const truth = [{ x1: 0, y1: 0, x2: 10, y2: 10 }, { x1: 50, y1: 50, x2: 60, y2: 60 }];
    const predicted = [{ x1: 1, y1: 0, x2: 10, y2: 10 }, { x1: 100, y1: 100, x2: 110, y2: 110 }, { x1: 0, y1: 0, x2: 10, y2: 9 }];
    expect(matchDetections(truth, predicted)).toEqual({ truths: 2, found: 1, predicted: 3, correct: 2 });
    expect(matchDetections(truth, predicted, 0.95)).toEqual({ truths: 2, found: 0, predicted: 3, correct: 0 });
  });

  it('round-trips a rect through a proto box', () => {
    expect(boxRect(protoBox({ x1: 1, y1: 2, x2: 3, y2: 4 }))).toEqual({ x1: 1, y1: 2, x2: 3, y2: 4 });
  });

  it('picks an object whose colour and shape no other object of the scene shares', () => {
    const { scene } = testScene('studio', 11);
    const target = uniqueObject(scene);
    expect(target).toBeDefined();
    expect(scene.objects.filter((o) => o.colour === target!.colour && o.shape === target!.shape)).toHaveLength(1);
  });

  it('asks count and colour questions with gold answers of the matching kind', () => {
    const asked = vqaTestQuestions('studio', [1, 2, 3]);
    expect(asked.length).toBeGreaterThanOrEqual(3);
    for (const q of asked) expect(q.kind === 'count' ? /^\d+$/.test(q.gold) : q.gold.length > 0).toBe(true);
  });

  it('scores answers by kind and by the gold answer being ranked', () => {
    const quality = vqaAnswerQuality([
      { kind: 'count', gold: '2', answer: '2', ranked: ['2', '3'] },
      { kind: 'count', gold: '2', answer: 'red', ranked: ['red', 'blue'] },
      { kind: 'colour', gold: 'red', answer: 'blue', ranked: ['blue', 'red'] },
      { kind: 'colour', gold: 'red', answer: '3', ranked: ['3'] },
    ]);
    expect(quality).toEqual({ rightKind: 0.5, goldRanked: 0.5 });
    expect(vqaAnswerQuality([])).toEqual({ rightKind: 0, goldRanked: 0 });
  });

  it('accepts a reply only when it ranks top_k answers best first, led by its answer', () => {
    const asked = vqaTestQuestions('studio', [1])[0];
    const reply = (answer: string, score: number, ranked: Array<[string, number]>): VqaTestReply => ({
      asked,
      response: { answer, score, topAnswers: ranked.map(([label, s]) => ({ label, score: s })), model: undefined },
    });
    expect(isRankedReply(reply('red', 0.6, [['red', 0.6], ['blue', 0.3]]), 2)).toBe(true);
    expect(isRankedReply(reply('red', 0.6, [['red', 0.6], ['blue', 0.3]]), 3)).toBe(false);
    expect(isRankedReply(reply('red', 0.6, [['blue', 0.6], ['red', 0.3]]), 2)).toBe(false);
    expect(isRankedReply(reply('red', 0.3, [['red', 0.3], ['blue', 0.6]]), 2)).toBe(false);
    expect(testAnswerOf(reply('red', 0.6, [['red', 0.6], ['blue', 0.3]]))).toEqual({ kind: asked.kind, gold: asked.gold, answer: 'red', ranked: ['red', 'blue'] });
  });

  it('returns the typed error of a failing call and refuses a call that succeeds', async () => {
    const error = await callFailure(Promise.reject(invalidArgument('bad')));
    expect(error.code).toBe('INVALID_ARGUMENT');
    await expect(callFailure(Promise.resolve(1))).rejects.toThrow(/expected a VprogError/);
  });
});
