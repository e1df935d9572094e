import { createHealth } from './health';

describe('createHealth', () => {
  it('starts every named service and the server NOT_SERVING', () => {
    const health = createHealth(['a.A', 'b.B']);
    expect([health.status(''), health.status('a.A'), health.status('b.B')]).toEqual(['NOT_SERVING', 'NOT_SERVING', 'NOT_SERVING']);
  });

  it('reports the server SERVING only once every named service is', () => {
    const health = createHealth(['a.A', 'b.B']);
    health.setServing('a.A');
    expect(health.status('')).toBe('NOT_SERVING');
    health.setServing('b.B');
    expect(health.status('')).toBe('SERVING');
    health.setNotServing('a.A');
    expect(health.status('')).toBe('NOT_SERVING');
  });

  it('marks everything NOT_SERVING when no name is given, as on shutdown', () => {
    const health = createHealth(['a.A']);
    health.setServing();
    expect(health.status('')).toBe('SERVING');
    health.setNotServing();
    expect([health.status(''), health.status('a.A')]).toEqual(['NOT_SERVING', 'NOT_SERVING']);
  });
});
