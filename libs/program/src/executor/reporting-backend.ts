import type { CallOptions, ModuleBackend } from '../values';
import type { ModuleCallReport } from './module-report';

/**
 * Wraps a backend for one step: every call gets a `report` callback that hands the backend's
 * {@link ModuleCallReport} to `sink` (and to a `report` the caller passed, if any). Steps call the
 * backend with `{ signal }` only, so this is how the model version and soft output of a call reach
 * the step record without every step having to forward them. Throws nothing itself.
 */
export function reportingBackend(backend: ModuleBackend, sink: (report: ModuleCallReport) => void): ModuleBackend {
  const withReport = (options: CallOptions): CallOptions => ({
    ...options,
    report: (report) => {
      sink(report);
      options.report?.(report);
    },
  });
  return {
    locate: (image, object, options) => backend.locate(image, object, withReport(options)),
    detectFaces: (image, options) => backend.detectFaces(image, withReport(options)),
    classify: (image, boxes, categories, options) => backend.classify(image, boxes, categories, withReport(options)),
    answer: (image, question, options) => backend.answer(image, question, withReport(options)),
  };
}
