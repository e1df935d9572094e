import * as classify from './gen/vprog/classify/v1/classify';
import * as distill from './gen/vprog/distill/v1/distill';
import * as facedet from './gen/vprog/facedet/v1/facedet';
import * as loc from './gen/vprog/loc/v1/loc';
import * as model from './gen/vprog/model/v1/model';
import * as runner from './gen/vprog/runner/v1/runner';
import * as vqa from './gen/vprog/vqa/v1/vqa';

/** A gRPC service of the vprog contracts and the `.proto` file that declares it. */
export interface ServiceProto {
  /** The fully-qualified service name, e.g. `vprog.loc.v1.LocService`. */
  readonly name: string;
  /** The declaring file, relative to `PROTO_ROOT`, e.g. `vprog/loc/v1/loc.proto`. */
  readonly file: string;
}

/** The shape shared by every generated grpc-js service definition: methods with a path. */
type MethodPaths = Readonly<Record<string, { readonly path: string }>>;

/**
 * Reads the fully-qualified service name from a generated grpc-js service definition, whose
 * method paths are `/<package>.<Service>/<Method>`. Exists so that names are taken from the
 * generated code rather than typed twice.
 *
 * @throws Error when the definition has no method or a path is not of that form.
 */
export function serviceNameOf(definition: MethodPaths): string {
  const first = Object.values(definition)[0];
  const match = first === undefined ? null : /^\/([^/]+)\/[^/]+$/.exec(first.path);
  if (match?.[1] === undefined) {
    throw new Error(`not a grpc-js service definition: ${JSON.stringify(Object.keys(definition))}`);
  }
  return match[1];
}

function serviceProto(definition: MethodPaths, file: string): ServiceProto {
  return Object.freeze({ name: serviceNameOf(definition), file });
}

/**
 * Every vprog service with its `.proto` file, so that servers can load exactly those files with
 * `@grpc/proto-loader` (include roots: `PROTO_ROOTS`) to serve reflection, and tools can list
 * the services. `grpc.health.v1` and reflection itself are not vprog contracts and are not here.
 */
export const SERVICE_PROTOS: readonly ServiceProto[] = Object.freeze([
  serviceProto(loc.LocServiceService, loc.protobufFileName),
  serviceProto(facedet.FaceDetServiceService, facedet.protobufFileName),
  serviceProto(classify.ClassifyServiceService, classify.protobufFileName),
  serviceProto(vqa.VqaServiceService, vqa.protobufFileName),
  serviceProto(model.ModelServiceService, model.protobufFileName),
  serviceProto(runner.RunnerServiceService, runner.protobufFileName),
  serviceProto(distill.CoordinatorServiceService, distill.protobufFileName),
]);
