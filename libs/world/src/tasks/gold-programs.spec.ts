import { parseProgram, validateProgram } from '@vprog/program';
import { predictionFromValue } from '../metrics/prediction';
import { scoreItem } from '../metrics/task-metrics';
import { runWithOracle } from '../oracle/run-with-oracle';
import { generateTaskItems } from './generate-items';
import { TASKS } from './registry';

/** 300 test items per task: every gold program must parse, validate, and give the gold answer on the oracle. */
const COUNT = 300;

describe.each(TASKS.map((task) => [task.name, task] as const))('gold programs of %s', (_name, task) => {
  const items = generateTaskItems(task.name, { split: 'test', seed: 0, count: COUNT });

  it('parse and validate against the task inputs', () => {
    for (const item of items) expect(() => validateProgram(parseProgram(item.program), [...task.inputs])).not.toThrow();
  });

  it('give the gold answer on the oracle for every item', async () => {
    const wrong: string[] = [];
    for (const item of items) {
      const score = scoreItem(task.metric, item.answer, predictionFromValue(await runWithOracle(item, item.program)));
      if (!score.correct) wrong.push(`${item.id}: ${item.question}`);
    }
    expect(wrong).toEqual([]);
  });
});
