import { isServiceReadyMessage } from './ready-message';

describe('isServiceReadyMessage', () => {
  it('accepts the ready message and nothing else', () => {
    expect(isServiceReadyMessage({ type: 'vprog.service.ready', name: 'loc', address: '127.0.0.1:40123' })).toBe(true);
    for (const other of [
      null,
      'vprog.service.ready',
      { type: 'vprog.service.ready', name: 'loc' },
      { type: 'vprog.service.ready', name: 'loc', address: 40123 },
      { type: 'something.else', name: 'loc', address: '127.0.0.1:40123' },
    ]) {
      expect(isServiceReadyMessage(other)).toBe(false);
    }
  });
});
