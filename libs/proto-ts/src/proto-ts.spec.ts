import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSync } from '@grpc/proto-loader';
import {
  common,
  distill,
  model,
  PROTO_ROOT,
  PROTO_ROOTS,
  rpc,
  runner,
  SERVICE_PROTOS,
  serviceNameOf,
  TYPE_URL_PREFIX,
} from './index';

/** Encodes a message, decodes the bytes, and returns the result. */
function roundTrip<T>(fns: { encode(m: T): { finish(): Uint8Array }; decode(b: Uint8Array): T }, message: T): T {
  return fns.decode(fns.encode(message).finish());
}

describe('generated messages', () => {
  it('round-trips an image given as raw pixels', () => {
    const data = Buffer.from([0, 1, 2, 253, 254, 255]);
    const image: common.Image = { source: { $case: 'raw', value: { width: 2, height: 1, channels: 3, data } } };

    const decoded = roundTrip(common.Image, image);

    expect(decoded.source?.$case).toBe('raw');
    expect(decoded).toEqual(image);
  });

  it('round-trips a distillation example with its oneof input and target', () => {
    const request: model.DistillRequest = {
      payload: {
        $case: 'example',
        value: {
          input: {
            $case: 'classify',
            value: {
              image: { source: { $case: 'encoded', value: Buffer.from([0x89, 0x50, 0x4e, 0x47]) } },
              boxes: [{ xMin: 1, yMin: 2, xMax: 30, yMax: 40, score: 1, label: 'face' }],
              categories: ['smiling', 'frowning'],
            },
          },
          target: {
            $case: 'categories',
            value: {
              distributions: [
                {
                  scores: [
                    { label: 'smiling', score: 0.75 },
                    { label: 'frowning', score: 0.25 },
                  ],
                },
              ],
            },
          },
          weight: 0.5,
          kind: model.ExampleKind.EXAMPLE_KIND_ANCHOR,
        },
      },
    };

    const decoded = roundTrip(model.DistillRequest, request);

    expect(decoded).toEqual(request);
    expect(decoded.payload?.$case === 'example' && decoded.payload.value.input?.$case).toBe('classify');
  });

  it('round-trips distillation options with a 64-bit seed as a plain number', () => {
    const options = model.DistillOptions.fromPartial({
      mode: model.TrainingMode.TRAINING_MODE_LORA,
      loraRank: 4,
      seed: 2 ** 40 + 7,
      wiseFtAlphas: [0.5, 1],
    });

    const decoded = roundTrip(model.DistillOptions, options);

    expect(decoded.seed).toBe(2 ** 40 + 7);
    expect(decoded.wiseFtAlphas).toEqual([0.5, 1]);
  });

  it('packs an ErrorInfo into a google.rpc.Status and unpacks it again', () => {
    const info: rpc.ErrorInfo = { reason: 'MODEL_NOT_FOUND', domain: 'vprog.dev', metadata: { version: 'v7' } };
    const violation = rpc.BadRequest_FieldViolation.fromPartial({ field: 'image', description: 'required' });
    const status: rpc.Status = {
      code: rpc.Code.NOT_FOUND,
      message: 'no model version v7',
      details: [
        { typeUrl: `${TYPE_URL_PREFIX}google.rpc.ErrorInfo`, value: Buffer.from(rpc.ErrorInfo.encode(info).finish()) },
        {
          typeUrl: `${TYPE_URL_PREFIX}google.rpc.BadRequest`,
          value: Buffer.from(rpc.BadRequest.encode({ fieldViolations: [violation] }).finish()),
        },
      ],
    };

    const decoded = roundTrip(rpc.Status, status);

    expect(decoded.code).toBe(5);
    expect(decoded.details.map((any) => any.typeUrl)).toEqual([
      'type.googleapis.com/google.rpc.ErrorInfo',
      'type.googleapis.com/google.rpc.BadRequest',
    ]);
    expect(rpc.ErrorInfo.decode(decoded.details[0]!.value)).toEqual(info);
    expect(rpc.BadRequest.decode(decoded.details[1]!.value).fieldViolations[0]).toEqual(violation);
  });

  it('writes google.rpc messages with the upstream field numbers', () => {
    // Status: code = 1 (varint), message = 2; ErrorInfo: reason = 1, domain = 2, metadata = 3.
    expect(Array.from(rpc.Status.encode({ code: 3, message: 'm', details: [] }).finish())).toEqual([
      0x08, 3, 0x12, 1, 0x6d,
    ]);
    const errorInfo = rpc.ErrorInfo.encode({ reason: 'R', domain: 'd', metadata: { k: 'v' } }).finish();
    expect(Array.from(errorInfo)).toEqual([0x0a, 1, 0x52, 0x12, 1, 0x64, 0x1a, 6, 0x0a, 1, 0x6b, 0x12, 1, 0x76]);
    // BadRequest.field_violations = 1; FieldViolation: field = 1, description = 2, reason = 3.
    const badRequest = rpc.BadRequest.encode({
      fieldViolations: [{ field: 'f', description: 'd', reason: 'R', localizedMessage: undefined }],
    }).finish();
    expect(Array.from(badRequest)).toEqual([0x0a, 9, 0x0a, 1, 0x66, 0x12, 1, 0x64, 0x1a, 1, 0x52]);
  });
});

describe('generated grpc-js service definitions', () => {
  it('give every method its full path', () => {
    expect(model.ModelServiceService.distill.path).toBe('/vprog.model.v1.ModelService/Distill');
    expect(runner.RunnerServiceService.execute.path).toBe('/vprog.runner.v1.RunnerService/Execute');
    expect(distill.CoordinatorServiceService.watchRun.path).toBe('/vprog.distill.v1.CoordinatorService/WatchRun');
  });

  it('mark Distill as client streaming and Execute and WatchRun as server streaming', () => {
    const { distill: distillMethod, activate } = model.ModelServiceService;
    expect([distillMethod.requestStream, distillMethod.responseStream]).toEqual([true, false]);
    expect([activate.requestStream, activate.responseStream]).toEqual([false, false]);
    const { execute, parse } = runner.RunnerServiceService;
    expect([execute.requestStream, execute.responseStream]).toEqual([false, true]);
    expect([parse.requestStream, parse.responseStream]).toEqual([false, false]);
    const { watchRun, getRun } = distill.CoordinatorServiceService;
    expect([watchRun.requestStream, watchRun.responseStream]).toEqual([false, true]);
    expect([getRun.requestStream, getRun.responseStream]).toEqual([false, false]);
  });
});

describe('SERVICE_PROTOS', () => {
  it('names every vprog service and its proto file', () => {
    expect(SERVICE_PROTOS.map((s) => s.name)).toEqual([
      'vprog.loc.v1.LocService',
      'vprog.facedet.v1.FaceDetService',
      'vprog.classify.v1.ClassifyService',
      'vprog.vqa.v1.VqaService',
      'vprog.model.v1.ModelService',
      'vprog.runner.v1.RunnerService',
      'vprog.distill.v1.CoordinatorService',
    ]);
    for (const { file } of SERVICE_PROTOS) {
      expect(fs.existsSync(path.join(PROTO_ROOT, file))).toBe(true);
    }
  });

  it('lets proto-loader load every service from PROTO_ROOTS with the generated method paths', () => {
    const definitions = loadSync(
      SERVICE_PROTOS.map((s) => s.file),
      { includeDirs: [...PROTO_ROOTS] },
    );

    for (const { name } of SERVICE_PROTOS) {
      const loaded = definitions[name] as Record<string, { path: string }> | undefined;
      expect(loaded).toBeDefined();
      expect(serviceNameOf(loaded!)).toBe(name);
    }
    const loadedModel = definitions['vprog.model.v1.ModelService'] as Record<string, { path: string }>;
    expect(Object.values(loadedModel).map((m) => m.path).sort()).toEqual(
      Object.values(model.ModelServiceService).map((m) => m.path).sort(),
    );
  });

  it('rejects an object that is not a service definition', () => {
    expect(() => serviceNameOf({})).toThrow('not a grpc-js service definition');
    expect(() => serviceNameOf({ a: { path: 'Locate' } })).toThrow('not a grpc-js service definition');
  });
});
