import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas', import.meta.url));

export type AvroSchema = Record<string, unknown>;

const PRIMITIVES = new Set([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);

/** Every named type declared at the top of a `.avsc` file in `schemas/`, by full name. */
export function loadNamedSchemas(dir: string = SCHEMAS_DIR): Map<string, AvroSchema> {
  const named = new Map<string, AvroSchema>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.avsc'))) {
    const schema = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as AvroSchema;
    named.set(fullName(schema, undefined), schema);
  }
  return named;
}

function fullName(schema: AvroSchema, enclosingNamespace: string | undefined): string {
  const name = String(schema.name);
  if (name.includes('.')) return name;
  const namespace = (schema.namespace as string | undefined) ?? enclosingNamespace;
  return namespace === undefined ? name : `${namespace}.${name}`;
}

/**
 * A self-contained schema for the named root type: each type that lives in another file is
 * inlined at its first use and referred to by name afterwards, as Avro requires. The registry
 * receives this form, so a subject never depends on schema references.
 */
export function resolveSchema(
  rootName: string,
  named: Map<string, AvroSchema> = loadNamedSchemas(),
): AvroSchema {
  const defined = new Set<string>();

  const resolveType = (type: unknown, namespace: string | undefined): unknown => {
    if (typeof type === 'string') {
      if (PRIMITIVES.has(type)) return type;
      const name = type.includes('.') || namespace === undefined ? type : `${namespace}.${type}`;
      if (defined.has(name)) return name;
      const definition = named.get(name);
      if (definition === undefined) throw new Error(`Avro type ${name} is not defined in schemas/`);
      return resolveType(definition, namespace);
    }
    if (Array.isArray(type)) return type.map((branch) => resolveType(branch, namespace));
    if (type === null || typeof type !== 'object') return type;
    const schema = type as AvroSchema;
    switch (schema.type) {
      case 'record':
      case 'error': {
        const name = fullName(schema, namespace);
        defined.add(name);
        const ownNamespace = name.slice(0, name.lastIndexOf('.')) || undefined;
        const fields = (schema.fields as AvroSchema[]).map((field) => ({
          ...field,
          type: resolveType(field.type, ownNamespace),
        }));
        return { ...schema, fields };
      }
      case 'enum':
      case 'fixed':
        defined.add(fullName(schema, namespace));
        return schema;
      case 'array':
        return { ...schema, items: resolveType(schema.items, namespace) };
      case 'map':
        return { ...schema, values: resolveType(schema.values, namespace) };
      default:
        return { ...schema, type: resolveType(schema.type, namespace) };
    }
  };

  return resolveType(rootName, undefined) as AvroSchema;
}
