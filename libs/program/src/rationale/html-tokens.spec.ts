import { tokenizeHtml } from './html-tokens';

describe('the test tokenizer for the rationale page', () => {
  it('accepts balanced markup with void, self-closing and raw-text elements', () => {
    const check = tokenizeHtml('<!DOCTYPE html><html><head><meta charset="utf-8"><style>a > b { }</style></head><body><svg><use href="#a"/></svg><p>a &lt; b</p></body></html>');
    expect(check.problems).toEqual([]);
    expect(check.tags.map((t) => t.name)).toEqual(['html', 'head', 'meta', 'style', 'body', 'svg', 'use', 'p']);
  });

  it('reports a raw < in text, a tag closed out of order, an unquoted attribute and an unclosed tag', () => {
    expect(tokenizeHtml('<p>1 < 2</p>').problems).toHaveLength(1);
    expect(tokenizeHtml('<p><b></p></b>').problems.length).toBeGreaterThan(0);
    expect(tokenizeHtml('<img src=x onerror=alert(1)>').problems).toHaveLength(1);
    expect(tokenizeHtml('<div><span></span>').problems).toEqual(['<div> is never closed']);
  });
});
