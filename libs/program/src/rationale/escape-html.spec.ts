import { escapeHtml, htmlNumber } from './escape-html';

describe('escaping for the rationale page', () => {
  it('turns markup characters into entities so text can never become a tag or close an attribute', () => {
    expect(escapeHtml(`<script>alert("x") & 'y'</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;');
  });

  it('leaves ordinary text, including non-ASCII letters, alone and stringifies other values', () => {
    expect(escapeHtml("What's the colour? — grün")).toBe('What&#39;s the colour? — grün');
    expect(escapeHtml(3)).toBe('3');
  });

  it('writes only finite numbers, rounded when asked', () => {
    expect(htmlNumber(12.3456, 2)).toBe('12.35');
    expect(htmlNumber(Number.NaN)).toBe('0');
    expect(htmlNumber('1" onload="x')).toBe('0');
  });
});
