import type { ResolvedArg } from '../steps/step';
import type { Detection, ImageValue } from '../values';

/** The most boxes and list items a summary keeps, and the longest string. */
export const SUMMARY_LIMITS = { boxes: 10, items: 20, chars: 200 } as const;

/** A small JSON-able stand-in for a step argument, for records and events. */
export type ValueSummary =
  | string
  | number
  | boolean
  | readonly string[]
  | ImageValue
  | { readonly kind: 'boxes' | 'tags'; readonly image: ImageValue; readonly count: number; readonly boxes: readonly Detection[] };

function clip(text: string): string {
  return text.length > SUMMARY_LIMITS.chars ? `${text.slice(0, SUMMARY_LIMITS.chars)}…` : text;
}

/** Summarises a resolved argument: long strings and lists clipped, box lists cut to the first few. Throws nothing. */
export function summariseValue(value: ResolvedArg): ValueSummary {
  if (typeof value === 'string') return clip(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return (value as readonly string[]).slice(0, SUMMARY_LIMITS.items).map(clip);
  const v = value as Exclude<ResolvedArg, string | number | boolean | readonly string[]>;
  switch (v.kind) {
    case 'image':
      return { kind: 'image', root: v.root, rect: { ...v.rect } };
    case 'boxes':
      return { kind: 'boxes', image: v.image, count: v.boxes.length, boxes: v.boxes.slice(0, SUMMARY_LIMITS.boxes) };
    case 'tags':
      return { kind: 'tags', image: v.image, count: v.tags.length, boxes: v.tags.slice(0, SUMMARY_LIMITS.boxes) };
  }
}

/** Summarises every argument of a step. Throws nothing. */
export function summariseArgs(args: Readonly<Record<string, ResolvedArg>>): Record<string, ValueSummary> {
  return Object.fromEntries(Object.entries(args).map(([name, value]) => [name, summariseValue(value)]));
}
