/**
 * Throughput of the Shapes world on one core: scenes per second for generating, rendering and
 * PNG-encoding 128×128 scenes in each domain. The world must sustain at least 200 scenes/s end to
 * end so that datasets of tens of thousands of images build in minutes.
 *
 *   npx tsx bench/world-throughput.ts [scenes-per-domain]
 */
import { DOMAINS, createRng, encodePng, generateScene, renderScene, type RawImage, type Scene } from '@vprog/world';

const TARGET_PER_SECOND = 200;

function perSecond(count: number, ms: number): string {
  return (count / (ms / 1000)).toFixed(0).padStart(7);
}

function main(): void {
  const count = Number(process.argv[2] ?? 400);
  // Warm up the JIT so the first domain is not penalised.
  for (let i = 0; i < 50; i++) {
    const rng = createRng('warm-up', i);
    encodePng(renderScene(generateScene(rng, { domain: 'dusk', faces: { min: 0, max: 1 } }), rng));
  }
  console.log(`scenes/s on one core, ${count} scenes per domain (128x128, 2-6 objects, 0-1 faces, 0-1 decoys)`);
  // Wall-clock rates per stage, then the end-to-end rate per second of CPU time of all threads
  // (GC helpers included), which stays meaningful when other processes share the machine.
  console.log('domain    generate   render   encode   end-to-end  per-cpu-s  png-bytes');
  let worst = Infinity;
  for (const domain of DOMAINS) {
    const rngs = Array.from({ length: count }, (_, i) => createRng('bench', domain, i));
    const cpu = process.cpuUsage();
    let t = performance.now();
    const scenes: Scene[] = rngs.map((rng) => generateScene(rng, { domain, faces: { min: 0, max: 1 }, decoys: { min: 0, max: 1 } }));
    const generateMs = performance.now() - t;
    t = performance.now();
    const images: RawImage[] = scenes.map((scene, i) => renderScene(scene, rngs[i]));
    const renderMs = performance.now() - t;
    t = performance.now();
    let bytes = 0;
    for (const img of images) bytes += encodePng(img).length;
    const encodeMs = performance.now() - t;
    const total = generateMs + renderMs + encodeMs;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    worst = Math.min(worst, count / (total / 1000));
    console.log(
      `${domain.padEnd(8)} ${perSecond(count, generateMs)}  ${perSecond(count, renderMs)}  ${perSecond(count, encodeMs)}    ${perSecond(count, total)}    ${perSecond(count, cpuMs)}  ${(bytes / count).toFixed(0).padStart(9)}`,
    );
  }
  const verdict = worst >= TARGET_PER_SECOND ? 'meets' : 'MISSES';
  console.log(`slowest domain end to end: ${worst.toFixed(0)} scenes/s (${verdict} the ${TARGET_PER_SECOND}/s target)`);
}

main();
