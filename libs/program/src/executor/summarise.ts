import type { ResolvedArg } from '../steps/step';
import type { Detection, ImageValue } from '../values';

/** How much of a value a summary keeps: boxes, list items, and characters of a string. */
export interface SummaryLimits {
  readonly boxes: number;
  readonly items: number;
  readonly chars: number;
}

/** The most boxes and list items a summary keeps, and the longest string: for events and display. */
export const SUMMARY_LIMITS: SummaryLimits = { boxes: 10, items: 20, chars: 200 };

/** No clipping at all: the whole argument, for trace records that distillation reads. */
export const NO_LIMITS: SummaryLimits = { boxes: Infinity, items: Infinity, chars: Infinity };

/** A small JSON-able stand-in for a step argument, for records and events. */
export type ValueSummary =
  | string
  | number
  | boolean
  | readonly string[]
  | ImageValue
  | { readonly kind: 'boxes' | 'tags'; readonly image: ImageValue; readonly count: number; readonly boxes: readonly Detection[] };

function clip(text: string, chars: number): string {
  return text.length > chars ? `${text.slice(0, chars)}…` : text;
}

/**
 * Summarises a resolved argument: long strings and lists clipped, box lists cut to the first few
 * (`limits`, default {@link SUMMARY_LIMITS}; {@link NO_LIMITS} keeps everything). Throws nothing.
 */
export function summariseValue(value: ResolvedArg, limits: SummaryLimits = SUMMARY_LIMITS): ValueSummary {
  if (typeof value === 'string') return clip(value, limits.chars);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return (value as readonly string[]).slice(0, limits.items).map((item) => clip(item, limits.chars));
  const v = value as Exclude<ResolvedArg, string | number | boolean | readonly string[]>;
  switch (v.kind) {
    case 'image':
      return { kind: 'image', root: v.root, rect: { ...v.rect } };
    case 'boxes':
      return { kind: 'boxes', image: v.image, count: v.boxes.length, boxes: v.boxes.slice(0, limits.boxes) };
    case 'tags':
      return { kind: 'tags', image: v.image, count: v.tags.length, boxes: v.tags.slice(0, limits.boxes) };
  }
}

/** Summarises every argument of a step (see {@link summariseValue}). Throws nothing. */
export function summariseArgs(args: Readonly<Record<string, ResolvedArg>>, limits: SummaryLimits = SUMMARY_LIMITS): Record<string, ValueSummary> {
  return Object.fromEntries(Object.entries(args).map(([name, value]) => [name, summariseValue(value, limits)]));
}
