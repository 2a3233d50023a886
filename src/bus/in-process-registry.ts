import avro from 'avsc';
import type { SchemaLookup } from './registry-codec.js';

/**
 * A schema registry inside the process, for embedded mode: each distinct schema gets an id on
 * first use, so events are encoded in the same Confluent wire format and Avro as in Kafka mode
 * and a contract break fails the same way.
 */
export function createInProcessRegistry(): SchemaLookup {
  const idsBySchema = new Map<string, number>();
  const typesById = new Map<number, avro.Type>();
  const lookup = {
    async getRegistryIdBySchema(_subject: string, schema: { schema: string }) {
      let id = idsBySchema.get(schema.schema);
      if (id === undefined) {
        id = idsBySchema.size + 1;
        idsBySchema.set(schema.schema, id);
        typesById.set(id, avro.Type.forSchema(JSON.parse(schema.schema) as avro.Schema));
      }
      return id;
    },
    async getSchema(id: number) {
      const type = typesById.get(id);
      if (type === undefined)
        throw Object.assign(new Error(`Schema ${id} not found.`), { status: 404 });
      return type;
    },
  };
  return lookup as unknown as SchemaLookup;
}
