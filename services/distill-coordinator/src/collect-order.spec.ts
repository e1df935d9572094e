import type { ModuleCall } from '@vprog/trace-store';
import { inProgramOrder } from './collect-stage';

function call(callId: number, runId: string, stepIndex: number): ModuleCall {
  return { callId, runId, task: 'gqa-shapes', stepIndex, op: 'VQA', createdMs: callId, latencyMs: 1, input: { image: { hash: 'h', width: 1, height: 1, root: 'IMAGE', rect: { x1: 0, y1: 0, x2: 1, y2: 1 } } } } as ModuleCall;
}

describe('inProgramOrder', () => {
  it('orders calls by program, then step, whatever order the concurrent runs were recorded in', () => {
    // Recorded as the runs finished: run c first, then a, then b.
    const recorded = [call(1, 'c', 0), call(2, 'a', 2), call(3, 'a', 0), call(4, 'b', 1), call(5, 'b', 1), call(6, 'x', 0)];
    const ordered = inProgramOrder(recorded, ['a', 'b', 'c']);
    expect(ordered.map((c) => c.callId)).toEqual([3, 2, 4, 5, 1, 6]);
    expect(recorded.map((c) => c.callId)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('gives the same order for any recording order', () => {
    const calls = [call(1, 'b', 0), call(2, 'a', 1), call(3, 'a', 0), call(4, 'c', 3)];
    const once = inProgramOrder(calls, ['a', 'b', 'c']).map((c) => `${c.runId}${c.stepIndex}`);
    const reversed = inProgramOrder([...calls].reverse().map((c, i) => ({ ...c, callId: i + 1 })), ['a', 'b', 'c']).map((c) => `${c.runId}${c.stepIndex}`);
    expect(reversed).toEqual(once);
  });
});
