import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AvroSchema, resolveSchema } from '../../src/contracts/avro-schemas.js';
import { TOPIC_CONTRACTS, type TopicKey } from '../../src/contracts/topics.js';

/** A shape both sides can be reduced to: field names, scalar kinds, nullability, arrays, enums. */
type Shape =
  | 'string'
  | 'number'
  | 'boolean'
  | { nullable: Shape }
  | { array: Shape }
  | { enum: string[] }
  | { record: Record<string, Shape> };

function avroShape(type: unknown, named = new Map<string, Shape>()): Shape {
  if (typeof type === 'string') {
    if (type === 'string') return 'string';
    if (['int', 'long', 'float', 'double'].includes(type)) return 'number';
    if (type === 'boolean') return 'boolean';
    const shape = named.get(type) ?? named.get(type.split('.').pop() ?? '');
    if (shape === undefined) throw new Error(`unresolved Avro type ${type}`);
    return shape;
  }
  if (Array.isArray(type)) {
    const branches = type.filter((branch) => branch !== 'null');
    if (branches.length !== 1 || type.length !== 2)
      throw new Error('only ["null", T] unions are used');
    return { nullable: avroShape(branches[0], named) };
  }
  const schema = type as AvroSchema;
  switch (schema.type) {
    case 'record': {
      const fields: Record<string, Shape> = {};
      const shape: Shape = { record: fields };
      named.set(String(schema.name), shape);
      for (const field of schema.fields as { name: string; type: unknown }[]) {
        fields[field.name] = avroShape(field.type, named);
      }
      return shape;
    }
    case 'array':
      return { array: avroShape(schema.items, named) };
    case 'enum': {
      const shape: Shape = { enum: [...(schema.symbols as string[])] };
      named.set(String(schema.name), shape);
      return shape;
    }
    default:
      return avroShape(schema.type, named);
  }
}

function zodShape(schema: z.ZodType): Shape {
  const def = (schema as unknown as { def: Record<string, unknown> & { type: string } }).def;
  switch (def.type) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'nullable':
      return { nullable: zodShape(def.innerType as z.ZodType) };
    case 'default':
      return zodShape(def.innerType as z.ZodType);
    case 'array':
      return { array: zodShape(def.element as z.ZodType) };
    case 'enum':
      return { enum: Object.values(def.entries as Record<string, string>) };
    case 'object': {
      const fields: Record<string, Shape> = {};
      for (const [name, field] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        fields[name] = zodShape(field);
      }
      return { record: fields };
    }
    default:
      throw new Error(`zod type ${def.type} has no Avro counterpart in this mapping`);
  }
}

/**
 * The zod side as Avro sees it: a zod enum checks an Avro string more narrowly in process (the
 * `type` of a job event is a string on the wire, so adding a type stays BACKWARD compatible).
 */
function asAvroSees(zod: Shape, avroSide: Shape): Shape {
  if (typeof zod === 'string' || typeof avroSide === 'string') {
    return typeof zod === 'object' && 'enum' in zod && avroSide === 'string' ? 'string' : zod;
  }
  if ('nullable' in zod && 'nullable' in avroSide) {
    return { nullable: asAvroSees(zod.nullable, avroSide.nullable) };
  }
  if ('array' in zod && 'array' in avroSide)
    return { array: asAvroSees(zod.array, avroSide.array) };
  if ('record' in zod && 'record' in avroSide) {
    const fields: Record<string, Shape> = {};
    for (const [name, field] of Object.entries(zod.record)) {
      const counterpart = avroSide.record[name];
      fields[name] = counterpart === undefined ? field : asAvroSees(field, counterpart);
    }
    return { record: fields };
  }
  return zod;
}

describe('Avro schemas and zod mirrors', () => {
  it.each(Object.keys(TOPIC_CONTRACTS) as TopicKey[])('agree for %s', (key) => {
    const contract = TOPIC_CONTRACTS[key];
    const avroSchema = resolveSchema(contract.avroType);
    const avroSide = avroShape(avroSchema);
    expect(asAvroSees(zodShape(contract.zod), avroSide)).toEqual(avroSide);
  });

  it.each(Object.keys(TOPIC_CONTRACTS) as TopicKey[])(
    '%s resolves to a schema avsc accepts',
    (key) => {
      const type = avro.Type.forSchema(resolveSchema(TOPIC_CONTRACTS[key].avroType) as avro.Schema);
      expect(type.name).toBe(TOPIC_CONTRACTS[key].avroType);
    },
  );

  it('a mismatch is caught: a zod enum where Avro has an enum of other symbols', () => {
    const contract = TOPIC_CONTRACTS.flagged;
    const changed = contract.zod.extend({ severity: z.enum(['warning', 'rejected', 'fatal']) });
    const avroSide = avroShape(resolveSchema(contract.avroType));
    expect(asAvroSees(zodShape(changed), avroSide)).not.toEqual(avroSide);
  });

  it('a mismatch is caught: a field missing from the zod side', () => {
    const contract = TOPIC_CONTRACTS.validated;
    const trimmed = contract.zod.omit({ rejectedCount: true });
    const avroSide = avroShape(resolveSchema(contract.avroType));
    expect(asAvroSees(zodShape(trimmed), avroSide)).not.toEqual(avroSide);
  });
});
