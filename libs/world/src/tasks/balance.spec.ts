import { generateTaskItems } from './generate-items';
import { BALANCE_LIMITS, formatBalanceTable, taskBalance } from './balance';
import { TASKS } from './registry';

/** 600 test items per task: balance holds by construction, so even this sample is well inside the limits. */
const COUNT = 600;

describe('task balance', () => {
  const reports = TASKS.map((task) => taskBalance(task.name, generateTaskItems(task.name, { split: 'test', seed: 0, count: COUNT })));

  it.each(reports.map((report) => [report.task, report] as const))('%s keeps every family within the limits and covers its vocabulary', (_task, report) => {
    expect(report.missing).toEqual([]);
    for (const family of report.families) {
      expect(family.items).toBeGreaterThan(0);
      if (family.kind === 'open') expect(family.maxShare).toBeLessThanOrEqual(BALANCE_LIMITS.openMaxShare);
      if (family.kind === 'binary') {
        expect(family.minShare).toBeGreaterThanOrEqual(BALANCE_LIMITS.binaryMin);
        expect(family.maxShare).toBeLessThanOrEqual(BALANCE_LIMITS.binaryMax);
      }
    }
    expect(report.ok).toBe(true);
  });

  it('covers every domain across the tasks', () => {
    const domains = new Set(TASKS.flatMap((task) => task.domains));
    expect([...domains].sort()).toEqual(['dusk', 'noise', 'paper', 'studio']);
  });

  it('flags a skewed sample', () => {
    const items = generateTaskItems('size-qa', { split: 'test', seed: 0, count: 60 });
    const skewed = items.filter((item) => item.answer === 'small' || item.index % 5 === 0);
    const report = taskBalance('size-qa', skewed);
    expect(report.ok).toBe(false);
    expect(formatBalanceTable([report])).toContain('FAIL');
  });
});
