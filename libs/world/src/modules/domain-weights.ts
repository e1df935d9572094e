import { createWorldError } from '../errors';
import type { Rng } from '../random';
import { DOMAINS, type Domain } from '../vocabulary';

/**
 * How often each domain appears in a module dataset. The default is the general students' diet:
 * the three plain domains and a pinch of the target domain (dusk), which is why students are weak
 * there and teachers (trained on dusk only) are strong.
 */
export type DomainWeights = Readonly<Partial<Record<Domain, number>>>;

/** `studio=1,paper=1,noise=1,dusk=0.02`. */
export const DEFAULT_DOMAIN_WEIGHTS: DomainWeights = { studio: 1, paper: 1, noise: 1, dusk: 0.02 };

/**
 * Parses `studio=1,paper=1,dusk=0.02`. Throws an `INVALID_OPTIONS` world error for an unknown
 * domain, a weight that is not a finite non-negative number, or weights that sum to zero.
 */
export function parseDomainWeights(text: string): DomainWeights {
  const weights: Partial<Record<Domain, number>> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
    const [name, value, extra] = part.split('=').map((s) => s.trim());
    if (!(DOMAINS as readonly string[]).includes(name)) {
      throw createWorldError('INVALID_OPTIONS', `unknown domain ${JSON.stringify(name)} in --domains; domains: ${DOMAINS.join(', ')}`);
    }
    const weight = value === undefined || value === '' ? 1 : Number(value);
    if (extra !== undefined || !Number.isFinite(weight) || weight < 0) {
      throw createWorldError('INVALID_OPTIONS', `bad weight in ${JSON.stringify(part)}; expected domain=number`);
    }
    weights[name as Domain] = weight;
  }
  checkDomainWeights(weights);
  return weights;
}

/** Throws an `INVALID_OPTIONS` world error unless some domain has a positive weight. */
export function checkDomainWeights(weights: DomainWeights): void {
  const entries = Object.entries(weights) as Array<[string, number]>;
  if (entries.some(([name, w]) => !(DOMAINS as readonly string[]).includes(name) || !Number.isFinite(w) || w < 0)) {
    throw createWorldError('INVALID_OPTIONS', `domain weights must be non-negative numbers for known domains, got ${JSON.stringify(weights)}`);
  }
  if (!entries.some(([, w]) => w > 0)) throw createWorldError('INVALID_OPTIONS', 'domain weights must have at least one positive weight');
}

/** Draws a domain with probability proportional to its weight. */
export function pickDomain(rng: Rng, weights: DomainWeights): Domain {
  const entries = DOMAINS.map((d) => [d, weights[d] ?? 0] as const).filter(([, w]) => w > 0);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [domain, w] of entries) {
    r -= w;
    if (r < 0) return domain;
  }
  return entries[entries.length - 1][0];
}
