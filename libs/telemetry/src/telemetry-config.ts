import * as path from 'node:path';

/** The default trace file, relative to the working directory. */
export const DEFAULT_TRACE_FILE = path.join('.vprog', 'traces', 'spans.jsonl');

/** What the telemetry bootstrap does, read from the environment. */
export interface TelemetryConfig {
  /** `OTEL_SDK_DISABLED=true`: start nothing. */
  readonly disabled: boolean;
  /** `OTEL_SERVICE_NAME`, when set. */
  readonly serviceName?: string;
  /** Absolute path of the JSONL span file, or undefined when `VPROG_TRACE_FILE` is `off`. */
  readonly traceFile?: string;
  /** Whether an OTLP endpoint is configured (`OTEL_EXPORTER_OTLP_ENDPOINT` or `…_TRACES_ENDPOINT`). */
  readonly otlp: boolean;
}

/**
 * Reads the telemetry settings from an environment (injected, so tests need not touch
 * `process.env`). `VPROG_TRACE_FILE` names the JSONL file (default `.vprog/traces/spans.jsonl`
 * under `cwd`); `off`, `none` or `false` turns the file off.
 */
export function telemetryConfigFromEnv(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): TelemetryConfig {
  const disabled = (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true';
  const fileSetting = (env.VPROG_TRACE_FILE ?? '').trim();
  const fileOff = ['off', 'none', 'false', '0'].includes(fileSetting.toLowerCase());
  const serviceName = env.OTEL_SERVICE_NAME?.trim();
  return {
    disabled,
    ...(serviceName ? { serviceName } : {}),
    ...(fileOff ? {} : { traceFile: path.resolve(cwd, fileSetting === '' ? DEFAULT_TRACE_FILE : fileSetting) }),
    otlp: Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim()),
  };
}
