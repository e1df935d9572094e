import * as path from 'node:path';
import { startTelemetry } from './start-telemetry';
import { telemetryConfigFromEnv } from './telemetry-config';

describe('telemetryConfigFromEnv', () => {
  it('writes spans to .vprog/traces/spans.jsonl under the working directory by default, without OTLP', () => {
    expect(telemetryConfigFromEnv({}, '/srv/app')).toEqual({ disabled: false, traceFile: path.resolve('/srv/app/.vprog/traces/spans.jsonl'), otlp: false });
  });

  it('reads the service name, the trace file, and either OTLP endpoint variable', () => {
    const config = telemetryConfigFromEnv({ OTEL_SERVICE_NAME: 'loc', VPROG_TRACE_FILE: 'out/t.jsonl', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' }, '/srv');
    expect(config).toEqual({ disabled: false, serviceName: 'loc', traceFile: path.resolve('/srv/out/t.jsonl'), otlp: true });
    expect(telemetryConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }).otlp).toBe(true);
  });

  it('turns the file off with VPROG_TRACE_FILE=off and everything off with OTEL_SDK_DISABLED=true', () => {
    expect(telemetryConfigFromEnv({ VPROG_TRACE_FILE: 'off' }).traceFile).toBeUndefined();
    expect(telemetryConfigFromEnv({ OTEL_SDK_DISABLED: 'TRUE' }).disabled).toBe(true);
    expect(startTelemetry({ env: { OTEL_SDK_DISABLED: 'true' } })).toBeUndefined();
  });
});
