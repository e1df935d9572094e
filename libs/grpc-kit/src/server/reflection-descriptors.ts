import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema, type DescriptorProto, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import type { PackageDefinition } from '@grpc/proto-loader';

/**
 * Makes the file descriptors that `@grpc/proto-loader` produces usable by reflection clients.
 *
 * Why: proto-loader (through protobufjs) writes type references relative to the referring scope
 * (`common.v1.Image`) and leaves `dependency` empty, so clients that link descriptors strictly
 * (Python's descriptor pool, grpcurl's `describe`) cannot resolve messages that live in another
 * file (grpc/grpc-node#3034); it also names map entry types `Images` where protoc (and every
 * strict linker) expects `ImagesEntry`. This renames map entries, resolves every reference to its
 * fully-qualified name and lists the files each file needs, then puts the repaired descriptors
 * back in the definition.
 */
export function repairDescriptors(definition: PackageDefinition): PackageDefinition {
  const files = new Map<string, FileDescriptorProto>();
  for (const entry of Object.values(definition)) {
    for (const bytes of descriptorsOf(entry)) {
      const file = fromBinary(FileDescriptorProtoSchema, bytes);
      if (!files.has(file.name)) files.set(file.name, file);
    }
  }
  const symbols = new Map<string, string>();
  for (const file of files.values()) for (const message of file.messageType) renameMapEntries(message);
  for (const file of files.values()) {
    const prefix = file.package === '' ? '' : `${file.package}.`;
    for (const message of file.messageType) indexMessage(message, prefix, file.name, symbols);
    for (const enumType of file.enumType) symbols.set(prefix + enumType.name, file.name);
  }
  const encoded = new Map<string, Buffer>();
  for (const file of files.values()) {
    linkFile(file, symbols);
    encoded.set(file.name, Buffer.from(toBinary(FileDescriptorProtoSchema, file)));
  }
  const repaired: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(definition)) {
    const protos = descriptorsOf(entry);
    repaired[name] = protos.length === 0 ? entry : { ...entry, fileDescriptorProtos: protos.map((bytes) => encoded.get(fromBinary(FileDescriptorProtoSchema, bytes).name) ?? bytes) };
  }
  return repaired as PackageDefinition;
}

function descriptorsOf(entry: unknown): Buffer[] {
  const protos = (entry as { fileDescriptorProtos?: unknown }).fileDescriptorProtos;
  return Array.isArray(protos) ? (protos as Buffer[]) : [];
}

/** Renames map entry types to protoc's `<FieldInCamelCase>Entry` and points their fields at them. */
function renameMapEntries(message: DescriptorProto): void {
  for (const nested of message.nestedType) {
    renameMapEntries(nested);
    if (nested.options?.mapEntry !== true) continue;
    const field = message.field.find((f) => f.typeName.split('.').pop() === nested.name);
    if (field === undefined) continue;
    const entryName = `${field.name.replace(/(?:^|_)([a-z0-9])/g, (_m, c: string) => c.toUpperCase())}Entry`;
    nested.name = entryName;
    field.typeName = entryName;
  }
}

function indexMessage(message: DescriptorProto, prefix: string, fileName: string, symbols: Map<string, string>): void {
  const name = prefix + message.name;
  symbols.set(name, fileName);
  for (const nested of message.nestedType) indexMessage(nested, `${name}.`, fileName, symbols);
  for (const enumType of message.enumType) symbols.set(`${name}.${enumType.name}`, fileName);
}

function linkFile(file: FileDescriptorProto, symbols: Map<string, string>): void {
  const needed = new Set<string>(file.dependency);
  const resolve = (reference: string, scope: string): string => {
    const fqn = resolveName(reference, scope, symbols);
    if (fqn === undefined) return reference;
    const owner = symbols.get(fqn);
    if (owner !== undefined && owner !== file.name) needed.add(owner);
    return `.${fqn}`;
  };
  const visit = (message: DescriptorProto, scope: string): void => {
    const own = `${scope}${message.name}`;
    for (const field of message.field) if (field.typeName !== '') field.typeName = resolve(field.typeName, own);
    for (const nested of message.nestedType) visit(nested, `${own}.`);
  };
  const packageScope = file.package === '' ? '' : `${file.package}.`;
  for (const message of file.messageType) visit(message, packageScope);
  for (const service of file.service) {
    for (const method of service.method) {
      method.inputType = resolve(method.inputType, file.package);
      method.outputType = resolve(method.outputType, file.package);
    }
  }
  file.dependency = [...needed].sort();
}

/** Protobuf's C++-style lookup: innermost scope first, then each enclosing scope, then the root. */
function resolveName(reference: string, scope: string, symbols: Map<string, string>): string | undefined {
  if (reference.startsWith('.')) return symbols.has(reference.slice(1)) ? reference.slice(1) : undefined;
  let current = scope.replace(/\.$/, '');
  for (;;) {
    const candidate = current === '' ? reference : `${current}.${reference}`;
    if (symbols.has(candidate)) return candidate;
    if (current === '') return undefined;
    const dot = current.lastIndexOf('.');
    current = dot < 0 ? '' : current.slice(0, dot);
  }
}
