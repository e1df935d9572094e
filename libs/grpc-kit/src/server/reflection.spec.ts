import { execFile, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, type DescriptorProto, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import { loadSync } from '@grpc/proto-loader';
import { PROTO_ROOTS, SERVICE_PROTOS } from '@vprog/proto-ts';
import { silentLogger } from '../logging/logger';
import { locFixture } from '../testing/fixture-services';
import { startServer, type RunningServer } from './create-server';
import { repairDescriptors } from './reflection-descriptors';

const PYTHON = '/usr/bin/python3';
const REFLECT_CLIENT = path.resolve(__dirname, '..', 'testing', 'reflect_client.py');

function runPython(args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [REFLECT_CLIENT, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`reflect_client.py failed: ${error.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as Record<string, unknown>);
    });
  });
}

describe('server reflection seen from a Python client without .proto files', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ host: '127.0.0.1', port: 0 }, [locFixture()], { logger: silentLogger });
  });

  afterAll(() => server.shutdown());

  it('has python3-grpcio to test with (CI installs it: apt-get install python3-grpcio)', () => {
    const probe = spawnSync(PYTHON, ['-c', 'import grpc, google.protobuf'], { encoding: 'utf8' });
    if (probe.error !== undefined || probe.status !== 0) {
      throw new Error(`python3-grpcio is missing for ${PYTHON}: install it with "apt-get install python3-grpcio" (${probe.stderr ?? String(probe.error)})`);
    }
  });

  it('calls LocService.Locate with request and response types discovered by reflection alone', async () => {
    const out = await runPython([server.address, 'vprog.loc.v1.LocService', 'Locate', JSON.stringify({ object: 'red circle', maxBoxes: 2 })]);
    expect(out.services).toEqual(['vprog.loc.v1.LocService', 'grpc.health.v1.Health']);
    expect(out.response).toEqual({
      boxes: [{ xMin: 1, yMin: 2, xMax: 30, yMax: 40, score: 0.9, label: 'red circle' }],
      model: { name: 'fixture-loc', version: '1' },
    });
  });

  it('sees a typed error as INVALID_ARGUMENT with the google.rpc.Status trailer', async () => {
    const out = await runPython([server.address, 'vprog.loc.v1.LocService', 'Locate', JSON.stringify({ object: '' })]);
    expect(out.error).toEqual({ code: 'INVALID_ARGUMENT', details: 'object is required', hasStatusDetails: true });
  });
});

describe('repairDescriptors over every vprog contract', () => {
  const definition = repairDescriptors(loadSync(SERVICE_PROTOS.map((s) => s.file), { includeDirs: [...PROTO_ROOTS], keepCase: true }));
  const files = new Map<string, FileDescriptorProto>();
  for (const entry of Object.values(definition)) {
    for (const bytes of (entry as { fileDescriptorProtos?: Buffer[] }).fileDescriptorProtos ?? []) {
      const file = fromBinary(FileDescriptorProtoSchema, bytes);
      files.set(file.name, file);
    }
  }
  const owners = new Map<string, string>();
  const messagesOf = (file: FileDescriptorProto): [string, DescriptorProto][] => {
    const out: [string, DescriptorProto][] = [];
    const walk = (m: DescriptorProto, scope: string): void => {
      out.push([`${scope}.${m.name}`, m]);
      for (const n of m.nestedType) walk(n, `${scope}.${m.name}`);
    };
    for (const m of file.messageType) walk(m, `.${file.package}`);
    return out;
  };
  for (const file of files.values()) {
    for (const [name] of messagesOf(file)) owners.set(name, file.name);
    for (const e of file.enumType) owners.set(`.${file.package}.${e.name}`, file.name);
    for (const [name, m] of messagesOf(file)) for (const e of m.enumType) owners.set(`${name}.${e.name}`, file.name);
  }

  it('makes every type reference fully qualified and declares the file that holds it as a dependency', () => {
    const problems: string[] = [];
    for (const file of files.values()) {
      const references = [
        ...messagesOf(file).flatMap(([, m]) => m.field.map((f) => f.typeName)),
        ...file.service.flatMap((s) => s.method.flatMap((m) => [m.inputType, m.outputType])),
      ].filter((r) => r !== '');
      for (const reference of references) {
        const owner = owners.get(reference);
        if (owner === undefined) problems.push(`${file.name}: unresolved ${reference}`);
        else if (owner !== file.name && !file.dependency.includes(owner)) problems.push(`${file.name}: ${reference} needs ${owner}`);
      }
    }
    expect(files.size).toBeGreaterThanOrEqual(SERVICE_PROTOS.length);
    expect(problems).toEqual([]);
  });

  it('names map entry types the way protoc does', () => {
    const entries = [...files.values()].flatMap((f) => messagesOf(f)).filter(([, m]) => m.options?.mapEntry === true);
    expect(entries.length).toBeGreaterThan(0);
    for (const [name] of entries) expect(name).toMatch(/Entry$/);
  });
});
