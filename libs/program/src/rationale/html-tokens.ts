/**
 * A small HTML tokenizer for tests of the rationale page: it checks that every tag is well formed
 * and closed in order, that text never holds a raw `<`, and collects start tags. It knows what
 * the page uses (void elements, raw-text `style`/`script`/`title`, self-closing SVG tags), not all of HTML.
 */

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea']);
const TAG = /<(?:!--[\s\S]*?--|!DOCTYPE[^>]*|\/([A-Za-z][\w:-]*)\s*|([A-Za-z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)\s*(\/?))>/y;

/** A start tag the tokenizer saw. */
export interface StartTag {
  readonly name: string;
  readonly attributes: string;
}

/** What {@link tokenizeHtml} found: start tags in order, and every problem. */
export interface HtmlCheck {
  readonly tags: readonly StartTag[];
  readonly problems: readonly string[];
}

/** Tokenizes `html`, checking balance and that attribute values are quoted. Throws nothing. */
export function tokenizeHtml(html: string): HtmlCheck {
  const tags: StartTag[] = [];
  const problems: string[] = [];
  const open: string[] = [];
  let at = html.indexOf('<');
  while (at !== -1) {
    TAG.lastIndex = at;
    const match = TAG.exec(html);
    if (match === null) {
      problems.push(`stray '<' at ${at}: ${JSON.stringify(html.slice(at, at + 40))}`);
      at = html.indexOf('<', at + 1);
      continue;
    }
    const [, closing, name, attributes, selfClosing] = match;
    let next = TAG.lastIndex;
    if (closing !== undefined) {
      const expected = open.pop();
      if (expected !== closing.toLowerCase()) problems.push(`</${closing}> at ${at} closes <${expected ?? 'nothing'}>`);
    } else if (name !== undefined) {
      const lower = name.toLowerCase();
      tags.push({ name: lower, attributes: attributes ?? '' });
      if (RAW_TEXT.has(lower)) {
        const end = html.toLowerCase().indexOf(`</${lower}`, next);
        if (end === -1) problems.push(`<${lower}> at ${at} is never closed`);
        next = end === -1 ? html.length : end;
        open.push(lower);
      } else if (selfClosing !== '/' && !VOID.has(lower)) {
        open.push(lower);
      }
    }
    at = html.indexOf('<', next);
  }
  for (const name of open) problems.push(`<${name}> is never closed`);
  return { tags, problems };
}
