import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { Settings } from '../config/settings.js';
import { type AvroSchema, resolveSchema } from '../contracts/avro-schemas.js';
import {
  TOPIC_CONTRACTS,
  type TopicKey,
  type TopicNames,
  valueSubject,
} from '../contracts/topics.js';
import { AppError, errorMessage } from '../errors.js';

export { SchemaRegistry };

/**
 * The longest wait for one answer of the registry client. Without it an answer that never comes
 * blocks its caller for good: Apicurio was seen to log a response it did not send, leaving the
 * connection open, and a consumer's decode (with its partition) or a producer's start-up waited
 * forever. A call that times out is tried again like a 5xx.
 */
export const REGISTRY_CALL_TIMEOUT_MS = 5_000;

type ClientMiddleware = NonNullable<
  ConstructorParameters<typeof SchemaRegistry>[0]['middlewares']
>[number];

/** A middleware of the client (mappersmith): a timeout on every call that has none. */
const callTimeout: ClientMiddleware = () => ({
  async prepareRequest(next) {
    const request = await next();
    return request.timeout() ? request : request.enhance({ timeout: REGISTRY_CALL_TIMEOUT_MS });
  },
});

/** A client of the Confluent-compatible API (Apicurio's `/apis/ccompat/v7` here). */
export function createSchemaRegistry(settings: Settings): SchemaRegistry {
  const { url, username, password } = settings.schemaRegistry;
  return new SchemaRegistry({
    host: url,
    ...(username === undefined ? {} : { auth: { username, password: password ?? '' } }),
    retry: {
      retries: 2,
      validateRetry: (response) =>
        response.status() >= 500 || response.error()?.name === 'TimeoutError',
    },
    middlewares: [callTimeout],
  });
}

export function avroSchemaFor(key: TopicKey): AvroSchema {
  return resolveSchema(TOPIC_CONTRACTS[key].avroType);
}

/**
 * The client's HTTP layer (mappersmith) reports a refused or dropped connection as a response
 * with status 400, so the socket error in the message is the only sign the registry was absent.
 */
const NETWORK_FAILURE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|socket hang up|Timeout/i;

/**
 * The HTTP status of a registry client error; undefined when the registry was not reached.
 * A subject lookup that finds nothing is thrown without a status: that is a 404.
 */
export function registryStatus(error: unknown): number | undefined {
  if (!(error instanceof Error) || NETWORK_FAILURE.test(error.message)) return undefined;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') return status;
  return error.name === 'ConfluentSchemaRegistryError' ? 404 : undefined;
}

/** The registry could not be asked about a topic's schema; retryable, never poison. */
export function registryUnreachableError(topic: string, error: unknown): AppError {
  return new AppError(
    'REGISTRY_UNREACHABLE',
    `cannot reach the schema registry for ${topic} (${errorMessage(error)}); is it running?`,
    { cause: error },
  );
}

export function registryUnreachable(settings: Settings, error: unknown): AppError {
  return new AppError(
    'REGISTRY_UNREACHABLE',
    `cannot reach the schema registry at ${settings.schemaRegistry.url} (${errorMessage(error)}); start it (npm run infra:up) or fix SCHEMA_REGISTRY_URL`,
    { cause: error },
  );
}

/** REGISTRY_REFUSED with the HTTP status, so a caller can tell "not allowed" from "not valid". */
export class RegistryRefusal extends AppError {
  readonly status: number;

  constructor(status: number, message: string, cause?: unknown) {
    super('REGISTRY_REFUSED', message, cause === undefined ? {} : { cause });
    this.status = status;
  }
}

async function registryRequest(
  settings: Settings,
  method: 'GET' | 'PUT',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const { url, username, password } = settings.schemaRegistry;
  const headers: Record<string, string> = {
    Accept: 'application/vnd.schemaregistry.v1+json',
    'Content-Type': 'application/vnd.schemaregistry.v1+json',
  };
  if (username !== undefined) {
    headers.Authorization = `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
  }
  let response: Response;
  try {
    response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw registryUnreachable(settings, error);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new RegistryRefusal(
      response.status,
      `schema registry answered ${response.status} to ${method} ${path}: ${text.slice(0, 200)}`,
    );
  }
  return text === '' ? undefined : JSON.parse(text);
}

/**
 * Registers the topic's schema under `<topic>-value` with BACKWARD compatibility and returns its
 * id. The level is set on the subject first: the client's register() compares it with the level
 * asked for, and Apicurio answers NONE for a subject it has not seen.
 */
export async function registerTopicSchema(
  registry: SchemaRegistry,
  settings: Settings,
  topic: string,
  schema: AvroSchema,
): Promise<number> {
  const subject = valueSubject(topic);
  await registryRequest(settings, 'PUT', `/config/${encodeURIComponent(subject)}`, {
    compatibility: COMPATIBILITY.BACKWARD,
  });
  try {
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject, compatibility: COMPATIBILITY.BACKWARD },
    );
    return id;
  } catch (error) {
    const status = registryStatus(error);
    if (status === undefined) throw registryUnreachable(settings, error);
    throw new RegistryRefusal(
      status,
      `the registry refused the schema for ${subject} (HTTP ${status}: ${errorMessage(error)}); a change must stay BACKWARD compatible`,
      error,
    );
  }
}

/** Registers every topic's schema; returns the ids by logical topic. */
export async function registerAllSchemas(
  registry: SchemaRegistry,
  settings: Settings,
  topics: TopicNames,
): Promise<Record<TopicKey, number>> {
  const ids: Partial<Record<TopicKey, number>> = {};
  for (const key of Object.keys(TOPIC_CONTRACTS) as TopicKey[]) {
    ids[key] = await registerTopicSchema(registry, settings, topics[key], avroSchemaFor(key));
  }
  return ids as Record<TopicKey, number>;
}
