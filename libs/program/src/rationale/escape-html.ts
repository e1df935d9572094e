/**
 * Escaping for the rationale page. Program text, questions and answers come from users and models,
 * so every string that reaches the page goes through {@link escapeHtml}; numbers go through
 * {@link htmlNumber}.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` safe inside HTML text and inside double- or single-quoted attributes. Throws nothing. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

/** A finite number as plain digits for attributes and text (non-finite values become 0). Throws nothing. */
export function htmlNumber(value: unknown, digits?: number): string {
  const n = typeof value === 'number' && Number.isFinite(value) ? value : 0;
  return digits === undefined ? String(n) : String(Number(n.toFixed(digits)));
}
