import { escapeHtml, htmlReport, type RationaleExample } from './report-html';
import { studyFixture } from './study-fixture';

const example: RationaleExample = {
  task: 'gqa-shapes',
  itemId: 'gqa-shapes-test-7-3',
  question: 'Is there a <red> "star"?',
  gold: 'yes',
  before: { label: 'students (original versions)', answer: 'no', html: '<!DOCTYPE html><p class="x">A & B</p>' },
  after: { label: 'SDVP (final versions)', answer: 'yes', html: '' },
};

describe('the HTML report', () => {
  it('escapes every character that could open markup or close an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('renders the table with every arm, the starred targets, n per cell and the averages', () => {
    const page = htmlReport(studyFixture(), []);
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<th>gqa-shapes*</th><th>face-tag*</th><th>shape-tag</th><th>target avg</th><th>guard avg</th>');
    expect(page).toContain('<tr><th>students</th><td>0.500<small> n=40</small></td><td>0.600<small> n=40</small></td><td>0.800<small> n=40</small></td><td>0.550</td><td>0.800</td></tr>');
    for (const row of ['teachers', 'naive', 'sdvp', 'sdvp_sequential']) expect(page).toContain(`<tr><th>${row}</th>`);
    expect(page).toContain('No measured test question changed its answer');
    expect(page).toContain('<p>SDVP − students (test, points ± paired standard error): gqa-shapes +10.0 ± 5.0, face-tag +20.0 ± 6.3, shape-tag n/a ± n/a.</p>');
  });

  it('escapes the text of gate reasons, so a reason cannot inject markup', () => {
    const page = htmlReport(studyFixture(), []);
    expect(page).toContain('ε 0.02 | &lt;b&gt;');
    expect(page).not.toContain('| <b>');
  });

  it('embeds each rationale page escaped in a sandboxed srcdoc iframe, and says when a run has none', () => {
    const page = htmlReport(studyFixture(), [example]);
    expect(page).toContain('Is there a &lt;red&gt; &quot;star&quot;?');
    expect(page).toContain('<iframe sandbox srcdoc="&lt;!DOCTYPE html&gt;&lt;p class=&quot;x&quot;&gt;A &amp; B&lt;/p&gt;"></iframe>');
    expect(page).toContain('SDVP (final versions): <code>yes</code></h4><p>(no rationale: the run failed)</p>');
    expect(page).not.toContain('<p class="x">');
  });
});
