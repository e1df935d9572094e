import { isVprogError } from '../errors/vprog-error';
import { parseServerConfig } from './server-config';

describe('parseServerConfig', () => {
  it('fills in the defaults and keeps a port of 0', () => {
    expect(parseServerConfig({ port: 0 })).toEqual({
      host: '0.0.0.0',
      port: 0,
      maxReceiveMessageBytes: 16 * 1024 * 1024,
      maxSendMessageBytes: 16 * 1024 * 1024,
      receiveWindowBytes: 4 * 1024 * 1024,
      shutdownGraceMs: 10_000,
      requestLog: true,
    });
  });

  it('rejects a bad config with one field violation per bad key', () => {
    let thrown: unknown;
    try {
      parseServerConfig({ port: 70_000, shutdownGraceMs: -1, requestLog: 'yes', receiveWindowBytes: 1024 });
    } catch (error) {
      thrown = error;
    }
    expect(isVprogError(thrown)).toBe(true);
    if (!isVprogError(thrown)) return;
    expect(thrown.code).toBe('INVALID_ARGUMENT');
    expect(thrown.fieldViolations.map((v) => v.field).sort()).toEqual(['port', 'receiveWindowBytes', 'requestLog', 'shutdownGraceMs']);
    expect(thrown.message).toContain('port');
  });
});
