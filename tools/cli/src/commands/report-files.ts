import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlReport, type RationaleExample } from './report-html';
import { markdownReport } from './report-markdown';
import type { StudyResult } from './study-result';

/**
 * Writes a study's report files under `<dir>`: `study-<stamp>.md` (the table and the gate
 * decisions) and `study-<stamp>.html` (the same with the changed rationales). The stamp is the
 * time of writing, so successive studies never overwrite each other.
 */

/** The paths of a written report. */
export interface ReportPaths {
  readonly markdown: string;
  readonly html: string;
}

/**
 * Writes both files and returns their paths.
 * @throws the file system's error when `dir` cannot be created or written.
 */
export function writeStudyReport(dir: string, result: StudyResult, examples: readonly RationaleExample[], now: Date = new Date()): ReportPaths {
  mkdirSync(dir, { recursive: true });
  const stem = join(dir, `study-${now.toISOString().replace(/[:.]/g, '-')}`);
  const paths = { markdown: `${stem}.md`, html: `${stem}.html` };
  writeFileSync(paths.markdown, markdownReport(result));
  writeFileSync(paths.html, htmlReport(result, examples));
  return paths;
}
