import { parsePhrase, type FacedetItem, type LocItem } from '@vprog/world';
import { rectFromTuple, type Detection } from '../image';
import { DEFAULT_MAX_BOXES, DEFAULT_SCORE_THRESHOLD } from '../decode/grid-decode';
import { averagePrecision, matchDetections, type ScoredHit } from '../metrics/average-precision';
import type { FacedetPredictor, LocPredictor } from '../predictors/types';
import type { MetricAccumulator, MetricValue } from './metric-accumulator';

interface ApTally {
  hits: ScoredHit[];
  truth: number;
  items: number;
}

const emptyTally = (): ApTally => ({ hits: [], truth: 0, items: 0 });

function record(tally: ApTally, found: readonly Detection[], truth: ReadonlyArray<readonly number[]>): void {
  tally.hits.push(...matchDetections(found, truth.map(rectFromTuple)));
  tally.truth += truth.length;
  tally.items += 1;
}

function apResults(tallies: ReadonlyArray<readonly [string, ApTally]>): MetricValue[] {
  const out: MetricValue[] = [];
  for (const [metric, tally] of tallies) {
    const ap = averagePrecision(tally.hits, tally.truth);
    if (!Number.isNaN(ap)) out.push({ metric, value: ap, n: tally.items });
  }
  return out;
}

/** True when a phrase names a size (what the closed-set teacher cannot express). */
function hasSizeWord(phrase: string): boolean {
  return parsePhrase(phrase)?.size !== undefined;
}

/** AP is measured over every box above the recipes' evaluation threshold, whatever a model's operating point. */
const AP_OPTIONS = { scoreThreshold: DEFAULT_SCORE_THRESHOLD, maxBoxes: DEFAULT_MAX_BOXES } as const;

/**
 * AP50 of a LOC predictor over module items (`{view, phrase, boxes}`), with the recipes' decoding
 * defaults (threshold 0.05, 20 boxes) and matching: `ap50` over every item and `ap50NoSize` over
 * the phrases without a size word (the closed-set teacher's label space; same name as the recipes).
 * A teacher's item outside its label space yields no detections, so its ground truth is missed.
 */
export function createLocAccumulator(predictor: LocPredictor): MetricAccumulator<LocItem> {
  const all = emptyTally();
  const noSize = emptyTally();
  return {
    add: async (samples) => {
      const jobs = samples.flatMap((s) => s.items.map((item) => ({ image: s.image, item, ok: predictor.canLocate(item.phrase) })));
      const runnable = jobs.filter((j) => j.ok);
      const found = await predictor.locateMany(runnable.map((j) => ({ image: j.image, view: rectFromTuple(j.item.view), phrase: j.item.phrase, options: AP_OPTIONS })));
      let next = 0;
      for (const job of jobs) {
        const detections = job.ok ? found[next++] : [];
        record(all, detections, job.item.boxes);
        if (!hasSizeWord(job.item.phrase)) record(noSize, detections, job.item.boxes);
      }
    },
    results: () => apResults([['ap50', all], ['ap50NoSize', noSize]]),
  };
}

/** AP50 of a FACEDET predictor over module items (`{view, boxes}`). */
export function createFacedetAccumulator(predictor: FacedetPredictor): MetricAccumulator<FacedetItem> {
  const all = emptyTally();
  return {
    add: async (samples) => {
      const jobs = samples.flatMap((s) => s.items.map((item) => ({ image: s.image, item })));
      const found = await predictor.detectFacesMany(jobs.map((j) => ({ image: j.image, view: rectFromTuple(j.item.view), options: AP_OPTIONS })));
      jobs.forEach((job, i) => record(all, found[i], job.item.boxes));
    },
    results: () => apResults([['ap50', all]]),
  };
}
