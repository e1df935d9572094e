#!/usr/bin/env python3
"""Calls a vprog gRPC method knowing nothing but the server address: the request and response
types are discovered through server reflection (grpc.reflection.v1), so no .proto file and no
generated code is needed. Only `grpc` and `google.protobuf` are used (the grpc_reflection
package is not required).

Usage: reflect_client.py ADDRESS [SERVICE METHOD REQUEST_JSON]

Prints one JSON object: {"services": [...]} and, when a method is given, "response" (the answer
as proto3 JSON) or "error" ({"code", "details", "hasStatusDetails"}).
"""
import json
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

REFLECTION_METHOD = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"


def _field(message, name, number, kind, label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL, type_name=None, oneof=None):
    field = message.field.add(name=name, number=number, type=kind, label=label)
    if type_name:
        field.type_name = type_name
    if oneof is not None:
        field.oneof_index = oneof


def _reflection_classes():
    """Builds the few reflection messages this client needs, from a hand-made descriptor."""
    F = descriptor_pb2.FieldDescriptorProto
    f = descriptor_pb2.FileDescriptorProto(name="reflect_client/reflection.proto", package="grpc.reflection.v1", syntax="proto3")
    req = f.message_type.add(name="ServerReflectionRequest")
    req.oneof_decl.add(name="message_request")
    _field(req, "host", 1, F.TYPE_STRING)
    _field(req, "file_by_filename", 3, F.TYPE_STRING, oneof=0)
    _field(req, "file_containing_symbol", 4, F.TYPE_STRING, oneof=0)
    _field(req, "list_services", 7, F.TYPE_STRING, oneof=0)
    fdr = f.message_type.add(name="FileDescriptorResponse")
    _field(fdr, "file_descriptor_proto", 1, F.TYPE_BYTES, label=F.LABEL_REPEATED)
    svc = f.message_type.add(name="ServiceResponse")
    _field(svc, "name", 1, F.TYPE_STRING)
    lsr = f.message_type.add(name="ListServiceResponse")
    _field(lsr, "service", 1, F.TYPE_MESSAGE, label=F.LABEL_REPEATED, type_name=".grpc.reflection.v1.ServiceResponse")
    err = f.message_type.add(name="ErrorResponse")
    _field(err, "error_code", 1, F.TYPE_INT32)
    _field(err, "error_message", 2, F.TYPE_STRING)
    res = f.message_type.add(name="ServerReflectionResponse")
    res.oneof_decl.add(name="message_response")
    _field(res, "valid_host", 1, F.TYPE_STRING)
    _field(res, "file_descriptor_response", 4, F.TYPE_MESSAGE, type_name=".grpc.reflection.v1.FileDescriptorResponse", oneof=0)
    _field(res, "list_services_response", 6, F.TYPE_MESSAGE, type_name=".grpc.reflection.v1.ListServiceResponse", oneof=0)
    _field(res, "error_response", 7, F.TYPE_MESSAGE, type_name=".grpc.reflection.v1.ErrorResponse", oneof=0)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    factory = message_factory.MessageFactory(pool)
    return (
        factory.GetPrototype(pool.FindMessageTypeByName("grpc.reflection.v1.ServerReflectionRequest")),
        factory.GetPrototype(pool.FindMessageTypeByName("grpc.reflection.v1.ServerReflectionResponse")),
    )


class Reflector:
    def __init__(self, channel):
        self.Request, self.Response = _reflection_classes()
        self.stub = channel.stream_stream(
            REFLECTION_METHOD,
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=self.Response.FromString,
        )

    def ask(self, **kwargs):
        response = next(iter(self.stub(iter([self.Request(**kwargs)]), timeout=10)))
        if response.WhichOneof("message_response") == "error_response":
            raise RuntimeError("reflection error %d: %s" % (response.error_response.error_code, response.error_response.error_message))
        return response

    def list_services(self):
        return [s.name for s in self.ask(list_services="*").list_services_response.service]

    def pool_for(self, symbol):
        """Loads the file declaring `symbol` and every file it imports into a fresh pool."""
        files = {}

        def take(response):
            for raw in response.file_descriptor_response.file_descriptor_proto:
                proto = descriptor_pb2.FileDescriptorProto.FromString(raw)
                files.setdefault(proto.name, proto)

        take(self.ask(file_containing_symbol=symbol))
        missing = [d for p in list(files.values()) for d in p.dependency if d not in files]
        while missing:
            name = missing.pop()
            if name in files:
                continue
            try:
                take(self.ask(file_by_filename=name))
            except RuntimeError:
                files[name] = _builtin_file(name)
            missing.extend(d for d in files[name].dependency if d not in files)
        pool = descriptor_pool.DescriptorPool()
        added = set()
        while len(added) < len(files):
            progress = False
            for name, proto in files.items():
                if name not in added and all(d in added for d in proto.dependency):
                    pool.Add(proto)
                    added.add(name)
                    progress = True
            if not progress:
                raise RuntimeError("import cycle among %s" % sorted(set(files) - added))
        return pool


def _builtin_file(name):
    """A well-known type the server did not send (protobuf ships it with the runtime)."""
    proto = descriptor_pb2.FileDescriptorProto()
    descriptor_pool.Default().FindFileByName(name).CopyToProto(proto)
    return proto


def main(argv):
    address = argv[1]
    channel = grpc.insecure_channel(address)
    reflector = Reflector(channel)
    out = {"services": reflector.list_services()}
    if len(argv) >= 5:
        service, method, request_json = argv[2], argv[3], argv[4]
        pool = reflector.pool_for(service)
        method_desc = pool.FindServiceByName(service).methods_by_name[method]
        factory = message_factory.MessageFactory(pool)
        Input = factory.GetPrototype(method_desc.input_type)
        Output = factory.GetPrototype(method_desc.output_type)
        call = channel.unary_unary(
            "/%s/%s" % (service, method),
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=Output.FromString,
        )
        request = json_format.ParseDict(json.loads(request_json), Input())
        try:
            response = call(request, timeout=10)
            out["response"] = json_format.MessageToDict(response)
        except grpc.RpcError as error:
            trailers = dict(error.trailing_metadata() or ())
            out["error"] = {
                "code": error.code().name,
                "details": error.details(),
                "hasStatusDetails": "grpc-status-details-bin" in trailers,
            }
    channel.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv)
