import { createProgress, progressBar } from './progress';

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } };
}

describe('progress', () => {
  it('draws a bar proportional to the work done, or a count when the total is unknown', () => {
    expect(progressBar(0, 4, 8)).toBe('[........] 0/4');
    expect(progressBar(2, 4, 8)).toBe('[####....] 2/4');
    expect(progressBar(12, 40)).toBe('[#######.................] 12/40');
    expect(progressBar(7, 0)).toBe('7 done');
  });

  it('redraws one line in place on a terminal and clears it before a note', () => {
    const { writes, stream } = sink(true);
    const progress = createProgress({ stream });
    progress.update('students · gqa-shapes', 1, 2);
    progress.update('students · gqa-shapes', 2, 2);
    progress.note('students · gqa-shapes: accuracy 0.500');
    progress.finish();
    expect(writes).toEqual([
      '\r\x1b[Kstudents · gqa-shapes  [############............] 1/2',
      '\r\x1b[Kstudents · gqa-shapes  [########################] 2/2',
      '\r\x1b[K',
      'students · gqa-shapes: accuracy 0.500\n',
    ]);
  });

  it('writes plain lines elsewhere: at a stage start, at its end, and at most once per interval in between', () => {
    const { writes, stream } = sink(false);
    let clock = 0;
    const progress = createProgress({ stream, intervalMs: 1_000, now: () => clock });
    progress.update('collect', 0, 10);
    for (let done = 1; done < 10; done++) {
      clock += 300;
      progress.update('collect', done, 10);
    }
    progress.update('collect', 10, 10);
    progress.update('label', 0, 5);
    expect(writes.map((w) => w.replace(/\s+\[.*\]\s*/, ' '))).toEqual(['collect 0/10\n', 'collect 4/10\n', 'collect 8/10\n', 'collect 10/10\n', 'label 0/5\n']);
    expect(writes.every((w) => !w.includes('\r'))).toBe(true);
  });
});
