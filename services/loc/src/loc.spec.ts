import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hasErrorCode } from '@vprog/grpc-kit';
import {
  boxIou,
  boxRect,
  callFailure,
  checkHealth,
  cloneVersion,
  locateRequest,
  metricValue,
  pngImage,
  scrapeMetrics,
  startServiceUnderTest,
  testScene,
  uniqueObject,
  type ServiceUnderTest,
} from '@vprog/module-host';
import { loc, model, MODEL_VERSION_METADATA_KEY } from '@vprog/proto-ts';
import { createLocService } from './server';

/** A phrase for an object of the scene that no other object of the scene also matches. */
function uniqueTarget(seed: number) {
  const { scene, png: bytes } = testScene('studio', seed);
  const target = uniqueObject(scene);
  return target === undefined ? undefined : { target, bytes, phrase: `${target.colour} ${target.shape}` };
}

describe('loc service (student)', () => {
  let sut: ServiceUnderTest<typeof loc.LocServiceService>;
  const scene = testScene('studio', 7);

  beforeAll(async () => {
    sut = await startServiceUnderTest(createLocService, loc.LocServiceService, {
      config: { batching: { maxBatchSize: 8, maxQueueDelayMs: 10, queueCapacity: 256 } },
      adminDeadlineMs: 30_000,
    });
  });

  afterAll(async () => {
    await sut?.stop();
  });

  it('reports NOT_SERVING until the active version is loaded and checked, then SERVING', async () => {
    expect(sut.healthBeforeLoad).toBe('NOT_SERVING');
    expect(await checkHealth(sut.service.address)).toBe('SERVING');
    expect(await checkHealth(sut.service.address, { service: 'vprog.loc.v1.LocService' })).toBe('SERVING');
    expect(await checkHealth(sut.service.address, { service: 'vprog.model.v1.ModelService' })).toBe('SERVING');
  });

  it('finds the object a phrase names in rendered scenes', async () => {
    const targets = [11, 12, 13, 14, 15, 16, 17, 18].map(uniqueTarget).filter((t) => t !== undefined);
    let hits = 0;
    for (const { target, bytes, phrase } of targets) {
      const { boxes, model: ref } = await sut.client.locate(locateRequest(pngImage(bytes), phrase, { maxBoxes: 3 }));
      expect(ref).toEqual({ name: 'loc-student', version: 'v1' });
      expect(boxes.every((b) => b.label === phrase)).toBe(true);
      expect(boxes.every((b) => b.xMin >= 0 && b.yMin >= 0 && b.xMax <= 128 && b.yMax <= 128 && b.xMin < b.xMax && b.yMin < b.yMax)).toBe(true);
      const best = boxes[0];
      if (best !== undefined && boxIou(boxRect(best), target.box) >= 0.5) hits += 1;
    }
    expect(targets.length).toBeGreaterThanOrEqual(6);
    expect(hits / targets.length).toBeGreaterThanOrEqual(0.75);
  });

  it('serves concurrent calls in batches larger than one, with the same answers as one by one', async () => {
    const phrases = ['red circle', 'blue square', 'green triangle', 'yellow star', 'purple hexagon', 'white diamond', 'black circle', 'orange square'];
    const single: loc.LocateResponse[] = [];
    for (const object of phrases) single.push(await sut.client.locate(locateRequest(pngImage(scene.png), object, { scoreThreshold: 0.05 })));
    const before = await scrapeMetrics(sut.service.metricsUrl!);
    const together = await Promise.all([...phrases, ...phrases].map((object) => sut.client.locate(locateRequest(pngImage(scene.png), object, { scoreThreshold: 0.05 }))));
    const after = await scrapeMetrics(sut.service.metricsUrl!);
    const batches = metricValue(after, 'vprog_module_batch_size_count') - metricValue(before, 'vprog_module_batch_size_count');
    const items = metricValue(after, 'vprog_module_batch_size_sum') - metricValue(before, 'vprog_module_batch_size_sum');
    expect(items).toBe(16);
    expect(batches).toBeLessThan(16);
    together.forEach((response, i) => {
      const expected = single[i % phrases.length].boxes;
      expect(response.boxes).toHaveLength(expected.length);
      response.boxes.forEach((box, j) => {
        for (const key of ['xMin', 'yMin', 'xMax', 'yMax', 'score'] as const) expect(box[key]).toBeCloseTo(expected[j][key], 3);
      });
    });
  });

  it('answers bad input with INVALID_ARGUMENT and field violations, and keeps serving', async () => {
    const undecodable = await callFailure(sut.client.locate(locateRequest(pngImage(Buffer.from('not a png at all, just text')), 'red circle')));
    expect(undecodable.code).toBe('INVALID_ARGUMENT');
    expect(undecodable.fieldViolations.map((v) => v.field)).toEqual(['image.encoded']);

    const jpeg = await callFailure(sut.client.locate(locateRequest(pngImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), 'red circle')));
    expect(jpeg.fieldViolations[0].description).toMatch(/only PNG and raw images are supported/);

    const huge = await callFailure(sut.client.locate(locateRequest({ source: { $case: 'raw', value: { width: 2048, height: 1024, channels: 3, data: Buffer.alloc(3) } } }, 'red circle')));
    expect(huge.code).toBe('INVALID_ARGUMENT');
    expect(huge.fieldViolations[0]).toMatchObject({ field: 'image.raw', description: expect.stringMatching(/more than the limit/) });

    const wrongLength = await callFailure(sut.client.locate(locateRequest({ source: { $case: 'raw', value: { width: 4, height: 4, channels: 3, data: Buffer.alloc(40) } } }, 'x')));
    expect(wrongLength.fieldViolations.map((v) => v.field)).toEqual(['image.raw.data']);

    const empty = await callFailure(sut.client.locate(locateRequest(pngImage(scene.png), '   ')));
    expect(empty.fieldViolations).toEqual([{ field: 'object', description: 'must not be empty' }]);

    const both = await callFailure(sut.client.locate(locateRequest(undefined, '', { scoreThreshold: Number.NaN })));
    expect(both.fieldViolations.map((v) => v.field).sort()).toEqual(['image', 'object', 'score_threshold']);

    const ok = await sut.client.locate(locateRequest(pngImage(scene.png), 'red circle'));
    expect(ok.model?.version).toBe('v1');
  });

  it('answers an outside client (buf curl) that knows the API only through reflection', async () => {
    const buf = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'buf');
    const body = JSON.stringify({ image: { encoded: scene.png.toString('base64') }, object: 'red circle', max_boxes: 2 });
    const url = `http://${sut.service.address}/vprog.loc.v1.LocService/Locate`;
    const { stdout } = await promisify(execFile)(buf, ['curl', '--protocol', 'grpc', '--http2-prior-knowledge', '-d', body, url], { timeout: 30_000 });
    const response = JSON.parse(stdout) as { boxes?: Array<{ label: string }>; model: { name: string; version: string } };
    expect(response.model).toEqual({ name: 'loc-student', version: 'v1' });
    expect((response.boxes ?? []).every((b) => b.label === 'red circle')).toBe(true);
  });

  it('describes its model through ModelService', async () => {
    const { modelInfo } = await sut.admin.getModelInfo({ version: '' });
    expect(modelInfo).toMatchObject({
      model: { name: 'loc-student', version: 'v1' },
      role: model.ModelRole.MODEL_ROLE_STUDENT,
      openVocabulary: true,
      version: { version: 'v1', state: model.VersionState.VERSION_STATE_ACTIVE },
    });
    const distill = await callFailure(sut.admin.distill([]));
    expect(distill).toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('hot-swaps versions five times under 16 calls in flight without a failed call', async () => {
    const repository = sut.models.registry.model('loc', 'student');
    const versions = [];
    for (let i = 0; i < 5; i += 1) versions.push((await cloneVersion(repository, 'v1')).version);
    let stop = false;
    const failures: unknown[] = [];
    const seen = new Set<string>();
    const worker = async () => {
      while (!stop) {
        try {
          const response = await sut.client.locate(locateRequest(pngImage(scene.png), 'red circle'));
          seen.add(response.model!.version);
        } catch (error) {
          failures.push(error);
          return;
        }
      }
    };
    const workers = Array.from({ length: 16 }, worker);
    for (const version of versions) {
      const { active, previousVersion } = await sut.admin.activate({ version, expectedActiveVersion: '' });
      expect(active?.version).toBe(version);
      expect(previousVersion).not.toBe('');
      await new Promise((r) => setTimeout(r, 150));
    }
    stop = true;
    await Promise.all(workers);
    expect(failures).toEqual([]);
    expect(seen.size).toBeGreaterThanOrEqual(3);
    expect(sut.service.host.activeVersion).toBe(versions[4]);
    expect(sut.service.host.loadedVersions()).toEqual([versions[4]]);
    const metrics = await scrapeMetrics(sut.service.metricsUrl!);
    expect(metricValue(metrics, 'vprog_module_active_version', { version: versions[4] })).toBe(1);
    expect(metricValue(metrics, 'vprog_module_active_version')).toBe(1);
  });

  it('refuses a version whose golden check fails and keeps the old one serving', async () => {
    const repository = sut.models.registry.model('loc', 'student');
    const activeBefore = (await repository.active())!.version;
    const spoiled = await cloneVersion(repository, 'v1', {
      manifest: (m) => {
        const golden = (m.golden as Array<{ outputs: Record<string, { data: number[] }> }>).map((g) => ({
          ...g,
          outputs: Object.fromEntries(Object.entries(g.outputs).map(([k, t]) => [k, { ...t, data: t.data.map((v) => v + 0.5) }])),
        }));
        return { ...m, golden };
      },
    });
    const refused = await callFailure(sut.admin.activate({ version: spoiled.version, expectedActiveVersion: '' }));
    expect(refused).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'GOLDEN_CHECK_FAILED' });
    expect(refused.message).toMatch(/golden check/);

    const corruptHead = await cloneVersion(repository, 'v1', { files: { head: new Uint8Array(Buffer.from('this is not an onnx graph')) } });
    const refusedHead = await callFailure(sut.admin.activate({ version: corruptHead.version, expectedActiveVersion: '' }));
    expect(refusedHead.code).toBe('FAILED_PRECONDITION');

    expect((await repository.active())!.version).toBe(activeBefore);
    expect(sut.service.host.activeVersion).toBe(activeBefore);
    expect(await checkHealth(sut.service.address)).toBe('SERVING');
    const response = await sut.client.locate(locateRequest(pngImage(scene.png), 'red circle'));
    expect(response.model?.version).toBe(activeBefore);
    const candidate = await callFailure(sut.client.locate(locateRequest(pngImage(scene.png), 'red circle'), { metadata: { [MODEL_VERSION_METADATA_KEY]: spoiled.version } }));
    expect(candidate.code).toBe('FAILED_PRECONDITION');
  });

  it('routes a call that names a version to that version, and an unknown one to NOT_FOUND', async () => {
    const active = sut.service.host.activeVersion;
    expect(active).not.toBe('v1');
    const routed = await sut.client.locate(locateRequest(pngImage(scene.png), 'red circle'), { metadata: { [MODEL_VERSION_METADATA_KEY]: 'v1' } });
    expect(routed.model?.version).toBe('v1');
    const plain = await sut.client.locate(locateRequest(pngImage(scene.png), 'red circle'));
    expect(plain.model?.version).toBe(active);
    const missing = await callFailure(sut.client.locate(locateRequest(pngImage(scene.png), 'red circle'), { metadata: { [MODEL_VERSION_METADATA_KEY]: 'v999' } }));
    expect(missing.code).toBe('NOT_FOUND');
    const info = await sut.admin.getModelInfo({ version: '' }, { metadata: { [MODEL_VERSION_METADATA_KEY]: 'v1' } });
    expect(info.modelInfo?.version?.state).toBe(model.VersionState.VERSION_STATE_CANDIDATE);
  });

  it('rolls back to the previous version and discards candidates but not versions in use', async () => {
    const repository = sut.models.registry.model('loc', 'student');
    const before = (await repository.active())!.version;
    const previous = (await repository.previous())!.version;
    const { active, rolledBackVersion } = await sut.admin.rollback({ expectedActiveVersion: before });
    expect(active?.version).toBe(previous);
    expect(rolledBackVersion).toBe(before);
    expect(sut.service.host.activeVersion).toBe(previous);
    expect((await sut.client.locate(locateRequest(pngImage(scene.png), 'red circle'))).model?.version).toBe(previous);
    expect(hasErrorCode(await callFailure(sut.admin.rollback({ expectedActiveVersion: '' })), 'FAILED_PRECONDITION', 'NO_PREVIOUS_VERSION')).toBe(true);

    const { discarded } = await sut.admin.discard({ version: before, reason: 'rolled back in a test' });
    expect(discarded).toMatchObject({ version: before, state: model.VersionState.VERSION_STATE_DISCARDED, discardReason: 'rolled back in a test' });
    const { versions } = await sut.admin.listVersions({ pageSize: 0, pageToken: '' });
    expect(versions.map((v) => v.version)).not.toContain(before);
    expect(versions[0].version).not.toBe('v1');
    const inUse = await callFailure(sut.admin.discard({ version: previous, reason: '' }));
    expect(inUse).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'VERSION_IN_USE' });
  });

  it('exposes the metrics in the Prometheus text format', async () => {
    const text = await scrapeMetrics(sut.service.metricsUrl!);
    expect(metricValue(text, 'vprog_module_requests_total', { method: 'Locate' })).toBeGreaterThan(20);
    expect(metricValue(text, 'vprog_module_failures_total', { method: 'Locate', reason: 'BAD_REQUEST' })).toBeGreaterThanOrEqual(6);
    expect(metricValue(text, 'vprog_module_failures_total', { method: 'Activate', reason: 'GOLDEN_CHECK_FAILED' })).toBe(1);
    for (const name of ['vprog_module_queue_seconds_count', 'vprog_module_compute_seconds_count', 'vprog_module_batch_size_count']) {
      expect(metricValue(text, name)).toBeGreaterThan(0);
    }
    expect(text).toMatch(/vprog_module_active_version\{version="v\d+",module="loc",role="student"\} 1/);
  });
});

describe('loc service queue limits', () => {
  let sut: ServiceUnderTest<typeof loc.LocServiceService>;
  const request = locateRequest(pngImage(testScene('studio', 3).png), 'red circle');

  beforeAll(async () => {
    // Batches wait up to 10 s to fill, so a lone request stays queued; the queue holds two.
    sut = await startServiceUnderTest(createLocService, loc.LocServiceService, {
      config: { batching: { maxBatchSize: 64, maxQueueDelayMs: 10_000, queueCapacity: 2 } },
      shutdownGraceMs: 500,
    });
  });

  afterAll(async () => {
    await sut?.stop();
  });

  const depth = async () => metricValue(await scrapeMetrics(sut.service.metricsUrl!), 'vprog_module_queue_depth');
  /** Polls the metrics until `name{labels}` reaches `atLeast` (the server may record a drop just after the client saw it). */
  const eventually = async (name: string, labels: Record<string, string>, atLeast: number) => {
    let value = 0;
    for (let i = 0; i < 50; i += 1) {
      value = metricValue(await scrapeMetrics(sut.service.metricsUrl!), name, labels);
      if (value >= atLeast) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return value;
  };

  it('refuses a call with RESOURCE_EXHAUSTED / QUEUE_FULL when the queue is full', async () => {
    const controller = new AbortController();
    const waiting = [sut.client.locate(request, { signal: controller.signal }), sut.client.locate(request, { signal: controller.signal })];
    expect(await eventually('vprog_module_queue_depth', {}, 2)).toBe(2);
    const full = await callFailure(sut.client.locate(request));
    expect(full).toMatchObject({ code: 'RESOURCE_EXHAUSTED', reason: 'QUEUE_FULL' });
    controller.abort();
    for (const call of waiting) expect((await callFailure(call)).code).toBe('CANCELLED');
    expect(await eventually('vprog_module_queue_drops_total', { reason: 'CANCELLED' }, 2)).toBe(2);
    expect(metricValue(await scrapeMetrics(sut.service.metricsUrl!), 'vprog_module_queue_drops_total', { reason: 'QUEUE_FULL' })).toBe(1);
    expect(await depth()).toBe(0);
  });

  it('takes a call whose deadline passes out of the queue with DEADLINE_EXCEEDED', async () => {
    const started = Date.now();
    const late = await callFailure(sut.client.locate(request, { deadlineMs: 300 }));
    expect(late.code).toBe('DEADLINE_EXCEEDED');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await eventually('vprog_module_queue_drops_total', { reason: 'DEADLINE_EXCEEDED' }, 1)).toBe(1);
    const text = await scrapeMetrics(sut.service.metricsUrl!);
    expect(metricValue(text, 'vprog_module_queue_depth')).toBe(0);
    expect(metricValue(text, 'vprog_module_batch_size_count')).toBe(0);
  });

  it('takes a cancelled call out of the queue', async () => {
    const controller = new AbortController();
    const call = sut.client.locate(request, { signal: controller.signal });
    expect(await eventually('vprog_module_queue_depth', {}, 1)).toBe(1);
    controller.abort();
    expect((await callFailure(call)).code).toBe('CANCELLED');
    expect(await eventually('vprog_module_queue_drops_total', { reason: 'CANCELLED' }, 3)).toBe(3);
    expect(await depth()).toBe(0);
  });
});
