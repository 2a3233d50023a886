import { SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import {
  TOPIC_CONTRACTS,
  type TopicKey,
  type TopicNames,
  type TopicValue,
  valueSubject,
} from '../contracts/topics.js';
import { AppError, errorMessage } from '../errors.js';
import {
  avroSchemaFor,
  registryStatus,
  registryUnreachableError,
  type SchemaRegistry,
} from './schema-registry.js';

/** Encodes and decodes the events of each topic; decoding checks the zod contract too. */
export interface EventCodec {
  encode<K extends TopicKey>(key: K, value: TopicValue<K>): Promise<Buffer>;
  decode<K extends TopicKey>(key: K, message: Buffer): Promise<TopicValue<K>>;
  /** Looks up the schemas the caller will write, so a missing registry fails before any send. */
  prepare(keys: readonly TopicKey[]): Promise<void>;
}

/**
 * Checks a value against its topic's zod contract. A failure is CONTRACT_VIOLATION, not
 * retryable: such a message goes to the dead-letter topic.
 */
export function checkContract<K extends TopicKey>(key: K, value: unknown): TopicValue<K> {
  const parsed = TOPIC_CONTRACTS[key].zod.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new AppError(
      'CONTRACT_VIOLATION',
      `${TOPIC_CONTRACTS[key].name} event breaks its contract: ${issues}`,
    );
  }
  return parsed.data as TopicValue<K>;
}

const MAGIC_BYTE = 0;
const HEADER_BYTES = 5;

function decodeFailed(topic: string, reason: string, cause?: unknown): AppError {
  return new AppError('DECODE_FAILED', `cannot decode a ${topic} message: ${reason}`, { cause });
}

/**
 * The Confluent wire format through the registry:
 *
 *   byte 0      magic byte, always 0
 *   bytes 1-4   schema id, big-endian int32, as registered under `<topic>-value`
 *   bytes 5-    Avro binary body written with that schema
 *
 * A producer writes with the id of the exact schema in `schemas/`, looked up once per topic (it
 * must have been registered: npm run bootstrap). A consumer reads with the writer's schema from
 * the registry resolved into its own schema, so older events decode after a compatible change.
 * A registry that cannot be reached is retryable; a body no schema explains is poison.
 */
/** The two registry calls the codec makes; the Confluent client or the in-process registry. */
export type SchemaLookup = Pick<SchemaRegistry, 'getRegistryIdBySchema' | 'getSchema'>;

export function createRegistryCodec(registry: SchemaLookup, topics: TopicNames): EventCodec {
  const writerIds = new Map<TopicKey, Promise<number>>();
  const readerTypes = new Map<TopicKey, avro.Type>();
  type Resolver = ReturnType<avro.Type['createResolver']>;
  const resolvers = new Map<string, Promise<Resolver>>();

  const readerType = (key: TopicKey): avro.Type => {
    let type = readerTypes.get(key);
    if (type === undefined) {
      type = avro.Type.forSchema(avroSchemaFor(key) as avro.Schema);
      readerTypes.set(key, type);
    }
    return type;
  };

  const writerId = (key: TopicKey): Promise<number> => {
    let id = writerIds.get(key);
    if (id === undefined) {
      const subject = valueSubject(topics[key]);
      id = registry
        .getRegistryIdBySchema(subject, {
          type: SchemaType.AVRO,
          schema: JSON.stringify(avroSchemaFor(key)),
        })
        .catch((error: unknown) => {
          writerIds.delete(key);
          const status = registryStatus(error);
          // A 5xx is a registry that is up but unwell (e.g. its database restarting): retryable.
          if (status === undefined || status >= 500)
            throw registryUnreachableError(topics[key], error);
          throw new AppError(
            'REGISTRY_REFUSED',
            `the schema of ${subject} is not registered in this version (registry answered HTTP ${status}); run npm run bootstrap`,
            { cause: error },
          );
        });
      writerIds.set(key, id);
    }
    return id;
  };

  const resolverFor = (key: TopicKey, id: number): Promise<Resolver> => {
    const cacheKey = `${key}:${id}`;
    let resolver = resolvers.get(cacheKey);
    if (resolver === undefined) {
      resolver = registry.getSchema(id).then(
        (writer) => {
          try {
            return readerType(key).createResolver(writer as unknown as avro.Type);
          } catch (error) {
            throw decodeFailed(
              topics[key],
              `schema ${id} cannot be read as ${TOPIC_CONTRACTS[key].avroType}`,
              error,
            );
          }
        },
        (error: unknown) => {
          resolvers.delete(cacheKey);
          if (registryStatus(error) === 404) {
            throw decodeFailed(topics[key], `schema id ${id} is unknown to the registry`, error);
          }
          throw registryUnreachableError(topics[key], error);
        },
      );
      resolvers.set(cacheKey, resolver);
    }
    return resolver;
  };

  return {
    async prepare(keys) {
      await Promise.all(keys.map(writerId));
    },
    async encode(key, value) {
      const checked = checkContract(key, value);
      const body = readerType(key).toBuffer(checked);
      const header = Buffer.alloc(HEADER_BYTES);
      header.writeUInt8(MAGIC_BYTE, 0);
      header.writeInt32BE(await writerId(key), 1);
      return Buffer.concat([header, body]);
    },
    async decode(key, message) {
      if (message.length < HEADER_BYTES || message.readUInt8(0) !== MAGIC_BYTE) {
        throw decodeFailed(
          topics[key],
          'not in the Confluent wire format (magic byte 0 + schema id)',
        );
      }
      const resolver = await resolverFor(key, message.readInt32BE(1));
      let decoded: unknown;
      try {
        decoded = readerType(key).fromBuffer(message.subarray(HEADER_BYTES), resolver);
      } catch (error) {
        throw decodeFailed(topics[key], errorMessage(error), error);
      }
      return checkContract(key, decoded);
    },
  };
}
