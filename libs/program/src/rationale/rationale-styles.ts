/** The page's only stylesheet, inlined so the page needs nothing but itself. */
export const RATIONALE_CSS = `
:root { color-scheme: light; --ok: #2b7a3d; --bad: #b3261e; --muted: #5f6368; --line: #dadce0; --box: #ff9800; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1100px; padding: 24px; color: #202124; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0 0 8px; }
h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 0 0 6px; }
code, pre, q.text { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f8f9fa; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin: 0 0 10px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
.question { font-size: 16px; margin: 4px 0 12px; }
.meta, .pos, .latency, figcaption, .count { color: var(--muted); font-size: 12px; }
.final { border: 2px solid var(--ok); border-radius: 8px; padding: 12px 16px; margin: 12px 0 20px; }
.final.failed, .step.failed { border-color: var(--bad); }
.final .answer-text { font-size: 22px; font-weight: 600; margin: 0; }
.step { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 0 0 14px; }
.step > header { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; margin-bottom: 8px; }
.step .idx { font-weight: 600; color: var(--muted); }
.step .op { font-weight: 600; }
.badge { font-size: 11px; border: 1px solid var(--line); border-radius: 10px; padding: 0 8px; color: var(--muted); }
.io { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 10px; margin: 0; }
dt { font-weight: 600; } dd { margin: 0; }
figure { margin: 0 0 8px; display: inline-block; vertical-align: top; margin-right: 8px; }
q.text::before, q.text::after { content: "'"; }
ul.list { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 4px; }
ul.list li { border: 1px solid var(--line); border-radius: 4px; padding: 0 6px; }
.answer { font-size: 18px; font-weight: 600; margin: 4px 0; }
.summary, .text { margin: 4px 0; }
.error { color: var(--bad); background: #fce8e6; border-radius: 6px; padding: 8px 10px; margin-top: 8px; }
svg.view { display: block; background: #eee; border: 1px solid var(--line); }
svg.view use, svg.defs image { image-rendering: pixelated; }
svg.defs { position: absolute; width: 0; height: 0; overflow: hidden; }
svg .box { fill: none; stroke: var(--box); stroke-width: 2; }
svg .crop { fill: none; stroke: #1a73e8; stroke-width: 2; stroke-dasharray: 6 3; }
svg .missing { fill: #ccc; }
svg .caption { fill: #fff; stroke: #000; stroke-width: 0.25em; paint-order: stroke; font-family: system-ui, sans-serif; }
@media (max-width: 700px) { .io { grid-template-columns: 1fr; } }
`;
