import { metricValue } from '../testing/metrics-text';
import { startMetricsServer, type MetricsServer } from './metrics-server';
import { createModuleMetrics } from './module-metrics';

describe('startMetricsServer', () => {
  const metrics = createModuleMetrics({ module: 'loc', role: 'teacher' });
  let server: MetricsServer;

  beforeAll(async () => {
    server = await startMetricsServer(metrics.registry, { host: '127.0.0.1', port: 0 });
  });

  afterAll(() => server.close());

  it('serves the module metrics in the Prometheus text format, labelled with module and role', async () => {
    metrics.recordCall('Locate');
    metrics.recordCall('Locate', 'QUEUE_FULL');
    const observer = metrics.batcherObserver('v3');
    observer.onBatch?.(4, 12, true);
    observer.onDequeue?.(3);
    metrics.setActiveVersion('v3');
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(metricValue(text, 'vprog_module_requests_total', { method: 'Locate', module: 'loc', role: 'teacher' })).toBe(2);
    expect(metricValue(text, 'vprog_module_failures_total', { reason: 'QUEUE_FULL' })).toBe(1);
    expect(metricValue(text, 'vprog_module_batch_size_sum', { version: 'v3' })).toBe(4);
    expect(metricValue(text, 'vprog_module_compute_seconds_sum')).toBeCloseTo(0.012, 6);
    expect(metricValue(text, 'vprog_module_active_version', { version: 'v3' })).toBe(1);
    metrics.setActiveVersion('v4');
    const after = await (await fetch(server.url)).text();
    expect(metricValue(after, 'vprog_module_active_version', { version: 'v3' })).toBe(0);
    expect(metricValue(after, 'vprog_module_active_version')).toBe(1);
  });

  it('answers liveness on /livez and nothing else', async () => {
    const base = server.url.replace(/\/metrics$/, '');
    expect((await fetch(`${base}/livez`)).status).toBe(200);
    expect((await fetch(`${base}/other`)).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
  });
});
