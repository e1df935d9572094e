import { existsSync } from 'node:fs';
import { PNG } from 'pngjs';
import { chromium } from 'playwright-core';
import { tokenizeHtml } from './html-tokens';
import { fixtureRun } from './rationale-fixture';
import { renderRationaleHtml } from './render-rationale-html';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function sections(html: string): string[] {
  return html.split('<section class="step').slice(1).map((part) => part.slice(0, part.indexOf('</section>')));
}

describe('the rationale page', () => {
  it('parses cleanly: every tag closed in order, no raw < in text, no scripts, nothing loaded from outside', async () => {
    const html = renderRationaleHtml(await fixtureRun());
    const { tags, problems } = tokenizeHtml(html);
    expect(problems).toEqual([]);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(tags.filter((t) => t.name === 'script' || t.name === 'link')).toEqual([]);
    const urls = tags.flatMap((t) => [...t.attributes.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]));
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((url) => !url.startsWith('data:image/png;base64,') && !url.startsWith('#'))).toEqual([]);
  });

  it('shows the final answer first and then one section per step, in program order', async () => {
    const html = renderRationaleHtml(await fixtureRun());
    expect(html.indexOf('class="final"')).toBeLessThan(html.indexOf('id="step-0"'));
    expect(html).toContain('<p class="answer-text">yes</p>');
    const ops = [...html.matchAll(/<section class="step[^"]*" id="step-(\d+)" data-index="\d+" data-op="([A-Z_]+)"/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(ops).toEqual(['0:LOC', '1:CROP_RIGHTOF', '2:LOC', '3:FACEDET', '4:CLASSIFY', '5:TAG', '6:VQA', '7:COUNT', '8:EVAL', '9:RESULT']);
    expect(sections(html)[6]).toContain('<p class="answer">1</p>');
    expect(sections(html)[8]).toContain('<p class="answer">yes</p>');
  });

  it('draws the boxes of a LOC step inside a crop in root coordinates, on a viewBox of the crop', async () => {
    const step = sections(renderRationaleHtml(await fixtureRun()))[2];
    expect(step).toContain('viewBox="70 0 30 100"');
    expect(step).toContain('<rect class="box" x="80" y="10" width="15" height="15"');
    const classify = sections(renderRationaleHtml(await fixtureRun()))[4];
    expect(classify).toMatch(/<text class="caption"[^>]*>frowning 0\.9<\/text>/);
    const crop = sections(renderRationaleHtml(await fixtureRun()))[1];
    expect(crop).toContain('<rect class="crop" x="70" y="0" width="30" height="100"');
  });

  it('escapes every untrusted string, so <script> in a question or answer renders as text', async () => {
    const question = '</p><script>alert("q")</script>';
    const answer = `<img src=x onerror="alert('a')">`;
    const html = renderRationaleHtml(
      await fixtureRun({ runId: '"><script>alert(1)</script>', question, answer, title: '<b>t</b>', program: "A=VQA(image=IMAGE,question='<script>x</script>')" }),
    );
    const { tags, problems } = tokenizeHtml(html);
    expect(problems).toEqual([]);
    expect(tags.filter((t) => ['script', 'img', 'b'].includes(t.name))).toEqual([]);
    expect(html).toContain('&lt;/p&gt;&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(&#39;a&#39;)&quot;&gt;');
  });

  it('highlights a failed step and the failure at the top', async () => {
    const input = await fixtureRun();
    const steps = input.steps.slice(0, 3).map((s, i) =>
      i === 2 ? { ...s, value: undefined, rationale: undefined, error: { code: 'UNAVAILABLE' as const, reason: 'STEP_FAILED' as const, message: 'loc <down>', line: 3, column: 1 } } : s,
    );
    const html = renderRationaleHtml({ ...input, steps, answer: undefined, error: { code: 'UNAVAILABLE', reason: 'STEP_FAILED', message: 'step 2 failed' } });
    expect(tokenizeHtml(html).problems).toEqual([]);
    expect(html).toContain('<section class="final failed" id="answer">');
    const failed = sections(html)[2];
    expect(failed.startsWith(' failed"')).toBe(true);
    expect(failed).toContain('<div class="error" role="alert"><code>STEP_FAILED</code> (UNAVAILABLE): loc &lt;down&gt;</div>');
    expect(sections(html)).toHaveLength(3);
  });

  it('opens in headless Chromium with its image decoded and each crop showing only its region', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
    const html = renderRationaleHtml(await fixtureRun());
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const fetched: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith('data:')) fetched.push(request.url());
      });
      await page.setContent(html, { waitUntil: 'load' });
      expect(await page.locator('section.step').count()).toBe(10);
      expect(await page.locator('script').count()).toBe(0);
      const decoded = await page.evaluate(`Promise.all([...document.querySelectorAll('svg.defs image')].map(async (el) => {
        const img = new Image(); img.src = el.getAttribute('href'); await img.decode(); return [img.naturalWidth, img.naturalHeight];
      }))`);
      expect(decoded).toEqual([[100, 100]]);
      const widths = await page.evaluate(`[...document.querySelectorAll('svg.view use')].map((u) => u.getBBox().width)`);
      expect(widths).toEqual(expect.arrayContaining([100]));
      expect((widths as number[]).every((w) => w === 100)).toBe(true);

      const colours = async (selector: string) => {
        const png = PNG.sync.read(await page.locator(selector).screenshot());
        let red = 0;
        let blue = 0;
        for (let i = 0; i < png.data.length; i += 4) {
          if (png.data[i] > 200 && png.data[i + 2] < 60) red += 1;
          if (png.data[i + 2] > 200 && png.data[i] < 60) blue += 1;
        }
        return { red: red / (png.width * png.height), blue: blue / (png.width * png.height) };
      };
      const whole = await colours('#step-0 .inputs svg.view');
      expect(whole.red).toBeGreaterThan(0.5);
      expect(whole.blue).toBeGreaterThan(0.2);
      const cropped = await colours('#step-1 .outputs figure:nth-of-type(2) svg.view');
      expect(cropped.red).toBe(0);
      expect(cropped.blue).toBeGreaterThan(0.8);
      expect(fetched).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
