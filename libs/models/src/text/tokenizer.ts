import type { TokenizerSpec } from '../manifest/manifest-schema';
import type { Tensor } from '../tensor';

/** Turns text into the fixed-length int64 token ids a model was trained on. */
export interface Tokenizer {
  /** The vocabulary, `<pad>` and `<unk>` first. */
  readonly vocab: readonly string[];
  /** The fixed sequence length L. */
  readonly maxTokens: number;
  /** Lower-cased words of `text` split on `[^a-z0-9]+`, empty ones dropped. */
  words(text: string): string[];
  /** Token ids of `text`: unknown words → 1, truncated/padded with 0 to L. */
  ids(text: string): number[];
  /** int64 tensor `[texts.length, L]`. */
  encode(texts: readonly string[]): Tensor;
}

const SPLIT = /[^a-z0-9]+/;

/** Splits text the way every vprog model's tokenizer does. */
export function splitWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(SPLIT)
    .filter((w) => w.length > 0);
}

/**
 * The contract's word tokenizer, built from a manifest's `tokenizer` block (`vocab` already holds
 * `<pad>` at 0 and `<unk>` at 1). It is total: any text tokenizes; unknown words map to `<unk>`.
 */
export function createTokenizer(spec: Pick<TokenizerSpec, 'vocab' | 'maxTokens'>): Tokenizer {
  const index = new Map<string, number>();
  spec.vocab.forEach((word, i) => {
    if (!index.has(word)) index.set(word, i);
  });
  const maxTokens = spec.maxTokens;
  const ids = (text: string): number[] => {
    const out = splitWords(text)
      .map((w) => index.get(w) ?? 1)
      .slice(0, maxTokens);
    while (out.length < maxTokens) out.push(0);
    return out;
  };
  return {
    vocab: spec.vocab,
    maxTokens,
    words: splitWords,
    ids,
    encode: (texts) => {
      const data = new BigInt64Array(texts.length * maxTokens);
      texts.forEach((text, row) => ids(text).forEach((id, col) => (data[row * maxTokens + col] = BigInt(id))));
      return { type: 'int64', dims: [texts.length, maxTokens], data };
    },
  };
}
