// Runs each golden case of an exported zoo through onnxruntime-node and compares the outputs with
// the PyTorch goldens (max |diff| ≤ 1e-4); also reports batch-1 latency per model (backbone + head;
// median and min of 40 runs — the min approximates an idle machine).
// Usage: node tools/zoo/verify-goldens.cjs <cases.json>   (written by recipes/validate.py)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ort = require('onnxruntime-node');

const TOLERANCE = 1e-4;

function tensor(feed) {
  const data = feed.dtype === 'int64' ? BigInt64Array.from(feed.data.map((v) => BigInt(v))) : Float32Array.from(feed.data);
  return new ort.Tensor(feed.dtype, data, feed.shape);
}

async function runCase(sessions, feeds) {
  if (sessions.model) return sessions.model.run(feeds);
  const features = await sessions.backbone.run(feeds);
  const headFeeds = {};
  for (const name of sessions.head.inputNames) headFeeds[name] = features[name];
  return sessions.head.run(headFeeds);
}

async function main() {
  const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const cache = new Map();
  let failed = 0;
  const latency = new Map();
  for (const c of cases) {
    if (!cache.has(c.dir)) {
      const sessions = {};
      for (const [key, file] of Object.entries(c.files)) sessions[key] = await ort.InferenceSession.create(path.join(c.dir, file));
      cache.set(c.dir, sessions);
    }
    const sessions = cache.get(c.dir);
    const feeds = {};
    for (const [name, feed] of Object.entries(c.feeds)) feeds[name] = tensor(feed);
    const outputs = await runCase(sessions, feeds);
    for (const [name, want] of Object.entries(c.outputs)) {
      const got = outputs[name];
      let diff = Infinity;
      if (got && got.dims.join(',') === want.shape.join(',')) {
        diff = 0;
        for (let i = 0; i < want.data.length; i++) diff = Math.max(diff, Math.abs(got.data[i] - want.data[i]));
      }
      const ok = diff <= TOLERANCE;
      if (!ok) failed++;
      console.log(`${ok ? 'ok  ' : 'FAIL'} ${c.label} ${name} max|diff|=${diff.toExponential(2)}`);
    }
    if (!latency.has(c.dir)) {
      for (let i = 0; i < 5; i++) await runCase(sessions, feeds);
      const times = [];
      for (let i = 0; i < 40; i++) {
        const start = process.hrtime.bigint();
        await runCase(sessions, feeds);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      times.sort((a, b) => a - b);
      latency.set(c.dir, { min: times[0], median: times[times.length >> 1] });
    }
  }
  for (const [dir, ms] of latency) {
    console.log(`latency ${path.relative(process.cwd(), dir)} batch-1 median ${ms.median.toFixed(2)} ms, min ${ms.min.toFixed(2)} ms`);
  }
  if (failed > 0) {
    console.error(`${failed} golden output(s) differ by more than ${TOLERANCE}`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
