import { z } from 'zod';
import { CATEGORIES, type Category } from '../catalog/assets.js';
import { AppError } from '../errors.js';

/** Environment values that are present but empty count as unset, as in most `.env` files. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const withDefault = <T extends z.ZodType<unknown, string>>(schema: T, fallback: string) =>
  optionalText.transform((value) => value ?? fallback).pipe(schema);

const integer = (min: number, max: number) => {
  const form = { error: `an integer between ${min} and ${max}` };
  return z
    .string()
    .regex(/^\d+$/, form)
    .transform(Number)
    .pipe(z.number().min(min, form).max(max, form));
};

/**
 * An http(s) URL without `user:password@`: fetch refuses such a URL and quotes it, secret and
 * all, in its error, so it is refused here, at start-up, where the value is never echoed.
 */
const httpUrl = (example: string, credentials?: string) =>
  z
    .url({
      protocol: /^https?$/,
      error: `an http(s) URL such as ${example}`,
    })
    .refine(
      (value) => {
        // A value that is no URL at all has its issue already.
        const url = URL.canParse(value) ? new URL(value) : undefined;
        return url === undefined || (url.username === '' && url.password === '');
      },
      {
        error:
          credentials === undefined
            ? 'a URL without user:password@ (it takes no credentials)'
            : `a URL without user:password@; put credentials in ${credentials}`,
      },
    );

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** A comma-separated list, items trimmed, empty items dropped. */
const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== ''),
);

const BROKER = /^[A-Za-z0-9.-]+:(\d{1,5})$/;
const brokerList = commaList.refine(
  (brokers) =>
    brokers.length > 0 &&
    brokers.every((broker) => {
      const port = BROKER.exec(broker)?.[1];
      return port !== undefined && Number(port) > 0 && Number(port) < 65536;
    }),
  { error: 'a comma-separated list of host:port, e.g. localhost:9092' },
);

const postgresUrl = z.string().refine(
  (value) => {
    if (!/^postgres(ql)?:\/\//.test(value)) return false;
    try {
      return new URL(value).hostname !== '' || value.includes('host=');
    } catch {
      return false;
    }
  },
  { error: 'a PostgreSQL URL such as postgres://postgres@127.0.0.1:5432/market' },
);

const fraction = z
  .string()
  .regex(/^\d*\.?\d+$/, { error: 'a fraction such as 0.30' })
  .transform(Number)
  .pipe(z.number().gt(0, { error: 'a fraction above 0' }));

const categoryFractions = commaList
  .refine(
    (parts) =>
      parts.every((part) => {
        const [category, value] = part.split('=');
        return CATEGORIES.includes(category as Category) && /^\d*\.?\d+$/.test(value ?? '');
      }),
    {
      error: `category=fraction pairs, e.g. crypto=0.5,index=0.2 (categories: ${CATEGORIES.join(', ')})`,
    },
  )
  .transform(
    (parts) =>
      Object.fromEntries(
        parts.map((part) => [part.split('=')[0], Number(part.split('=')[1])]),
      ) as Partial<Record<Category, number>>,
  );

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every variable the system reads, with its default. `.env.example` documents the same list. */
export const envSchema = z.object({
  DATABASE_URL: optionalText.pipe(postgresUrl.optional()),
  CATALOG_FILE: optionalText,
  EMBEDDED_DATA_DIR: withDefault(z.string().min(1), 'var/pglite'),
  KAFKA_BROKERS: optionalText.pipe(brokerList.optional()),
  KAFKA_CLIENT_ID: withDefault(
    z.string().regex(/^[\w.-]+$/, 'letters, digits, ".", "_" or "-"'),
    'market-collector',
  ),
  KAFKA_TOPIC_PREFIX: withDefault(
    z.string().regex(/^[\w.-]*$/, { error: 'letters, digits, ".", "_" or "-"' }),
    '',
  ),
  KAFKA_TOPIC_PARTITIONS: withDefault(integer(1, 1000), '6'),
  KAFKA_REPLICATION_FACTOR: withDefault(integer(1, 10), '1'),
  KAFKA_MIN_INSYNC_REPLICAS: optionalText.pipe(integer(1, 10).optional()),
  KAFKA_SSL: withDefault(boolean, 'false'),
  KAFKA_SSL_CA_FILE: optionalText,
  KAFKA_SASL_MECHANISM: optionalText.pipe(
    z
      .enum(['plain', 'scram-sha-256', 'scram-sha-512'], {
        error: 'one of plain, scram-sha-256, scram-sha-512',
      })
      .optional(),
  ),
  KAFKA_SASL_USERNAME: optionalText,
  KAFKA_SASL_PASSWORD: optionalText,
  SCHEMA_REGISTRY_URL: withDefault(
    httpUrl(
      'http://localhost:8081/apis/ccompat/v7',
      'SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD',
    ),
    'http://localhost:8081/apis/ccompat/v7',
  ),
  SCHEMA_REGISTRY_USERNAME: optionalText,
  SCHEMA_REGISTRY_PASSWORD: optionalText,
  LOG_LEVEL: withDefault(z.enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}` }), 'info'),
  LOG_FORMAT: withDefault(z.enum(['json', 'pretty'], { error: 'json or pretty' }), 'json'),
  FETCH_TIMEOUT_MS: withDefault(integer(100, 600_000), '10000'),
  FETCH_MAX_RETRIES: withDefault(integer(0, 20), '3'),
  FETCH_BASE_DELAY_MS: withDefault(integer(0, 600_000), '1000'),
  FETCH_MAX_RESPONSE_BYTES: withDefault(
    integer(1024, 1024 * 1024 * 1024),
    String(32 * 1024 * 1024),
  ),
  FETCH_UNIT_DEADLINE_MS: withDefault(integer(1000, 24 * 3600 * 1000), '300000'),
  SINK_CHUNK_ROWS: withDefault(integer(1, 100_000), '1000'),
  JOB_STALL_AFTER_SECONDS: withDefault(integer(1, 7 * 24 * 3600), '1800'),
  SPIKE_THRESHOLD: withDefault(fraction, '0.30'),
  SPIKE_THRESHOLDS: withDefault(categoryFractions, ''),
  ALERT_WEBHOOK_URL: optionalText.pipe(
    httpUrl('https://discord.com/api/webhooks/<id>/<token>').optional(),
  ),
  NAVER_BASE_URL: withDefault(
    httpUrl('https://api.finance.naver.com'),
    'https://api.finance.naver.com',
  ),
  YAHOO_BASE_URL: withDefault(
    httpUrl('https://query1.finance.yahoo.com'),
    'https://query1.finance.yahoo.com',
  ),
  UPBIT_BASE_URL: withDefault(httpUrl('https://api.upbit.com'), 'https://api.upbit.com'),
  METRICS_HOST: withDefault(
    z.string().regex(/^[\w.:-]+$/, { error: 'a host name or IP address, e.g. 127.0.0.1' }),
    '127.0.0.1',
  ),
  METRICS_PORT: optionalText.pipe(integer(0, 65_535).optional()),
  WEB_HOST: withDefault(
    z.string().regex(/^[\w.:-]+$/, { error: 'a host name or IP address such as 127.0.0.1' }),
    '127.0.0.1',
  ),
  WEB_PORT: withDefault(integer(0, 65_535), '8080'),
  WEB_TOKEN: optionalText.pipe(
    z.string().min(16, { error: 'a secret of at least 16 characters' }).optional(),
  ),
});

export type EnvInput = Record<string, string | undefined>;
type Env = z.output<typeof envSchema>;

export interface Settings {
  /** Unset means the embedded database (PGlite under `embeddedDataDir`); set, a server. */
  databaseUrl: string | undefined;
  embeddedDataDir: string;
  /** A JSON file of assets replacing the default catalog. */
  catalogFile: string | undefined;
  kafka: {
    /** Unset means the embedded in-process bus. */
    brokers: string[] | undefined;
    clientId: string;
    topicPrefix: string;
    partitions: number;
    replicationFactor: number;
    /** `min.insync.replicas` of the topics bootstrap creates; unset: the broker's default. */
    minInsyncReplicas: number | undefined;
    ssl: boolean;
    sslCaFile: string | undefined;
    sasl:
      | {
          mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
          username: string;
          password: string;
        }
      | undefined;
  };
  schemaRegistry: {
    url: string;
    username: string | undefined;
    password: string | undefined;
  };
  log: { level: (typeof LOG_LEVELS)[number]; format: 'json' | 'pretty' };
  fetch: {
    timeoutMs: number;
    maxRetries: number;
    baseDelayMs: number;
    /** The largest response body a source call reads. */
    maxResponseBytes: number;
    /** The longest one unit's fetch may take, every page and retry included. */
    unitDeadlineMs: number;
  };
  sink: { chunkRows: number };
  tracker: { stallAfterMs: number };
  validation: {
    /** The price-spike threshold of a category: |close / previous close - 1| above it flags. */
    spikeThreshold: (category: Category) => number;
  };
  alertWebhookUrl: string | undefined;
  sources: { naverBaseUrl: string; yahooBaseUrl: string; upbitBaseUrl: string };
  /** The /metrics, /healthz and /readyz server; port unset: each command's default, 0: off. */
  metrics: { host: string; port: number | undefined };
  /** `npm run web`: where it listens, and the token every request must carry when set. */
  web: { host: string; port: number; token: string | undefined };
}

function toSettings(env: Env): Settings {
  const mechanism = env.KAFKA_SASL_MECHANISM;
  return {
    databaseUrl: env.DATABASE_URL,
    embeddedDataDir: env.EMBEDDED_DATA_DIR,
    catalogFile: env.CATALOG_FILE,
    kafka: {
      brokers: env.KAFKA_BROKERS,
      clientId: env.KAFKA_CLIENT_ID,
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
      partitions: env.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: env.KAFKA_REPLICATION_FACTOR,
      minInsyncReplicas: env.KAFKA_MIN_INSYNC_REPLICAS,
      ssl: env.KAFKA_SSL,
      sslCaFile: env.KAFKA_SSL_CA_FILE,
      sasl:
        mechanism === undefined
          ? undefined
          : {
              mechanism,
              username: env.KAFKA_SASL_USERNAME ?? '',
              password: env.KAFKA_SASL_PASSWORD ?? '',
            },
    },
    schemaRegistry: {
      url: env.SCHEMA_REGISTRY_URL.replace(/\/+$/, ''),
      username: env.SCHEMA_REGISTRY_USERNAME,
      password: env.SCHEMA_REGISTRY_PASSWORD,
    },
    log: { level: env.LOG_LEVEL, format: env.LOG_FORMAT },
    fetch: {
      timeoutMs: env.FETCH_TIMEOUT_MS,
      maxRetries: env.FETCH_MAX_RETRIES,
      baseDelayMs: env.FETCH_BASE_DELAY_MS,
      maxResponseBytes: env.FETCH_MAX_RESPONSE_BYTES,
      unitDeadlineMs: env.FETCH_UNIT_DEADLINE_MS,
    },
    sink: { chunkRows: env.SINK_CHUNK_ROWS },
    tracker: { stallAfterMs: env.JOB_STALL_AFTER_SECONDS * 1000 },
    validation: {
      spikeThreshold: (category) => env.SPIKE_THRESHOLDS[category] ?? env.SPIKE_THRESHOLD,
    },
    alertWebhookUrl: env.ALERT_WEBHOOK_URL,
    sources: {
      naverBaseUrl: env.NAVER_BASE_URL.replace(/\/+$/, ''),
      yahooBaseUrl: env.YAHOO_BASE_URL.replace(/\/+$/, ''),
      upbitBaseUrl: env.UPBIT_BASE_URL.replace(/\/+$/, ''),
    },
    metrics: { host: env.METRICS_HOST, port: env.METRICS_PORT },
    web: { host: env.WEB_HOST, port: env.WEB_PORT, token: env.WEB_TOKEN },
  };
}

const checkedEnvSchema = envSchema.superRefine((env, ctx) => {
  if (env.KAFKA_SASL_MECHANISM !== undefined) {
    for (const key of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (env[key] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'required when KAFKA_SASL_MECHANISM is set',
        });
      }
    }
  }
  // A topic whose min ISR exceeds its replicas would refuse every write with acks=all.
  const minIsr = env.KAFKA_MIN_INSYNC_REPLICAS;
  if (minIsr !== undefined && minIsr > env.KAFKA_REPLICATION_FACTOR) {
    ctx.addIssue({
      code: 'custom',
      path: ['KAFKA_MIN_INSYNC_REPLICAS'],
      message: `at most KAFKA_REPLICATION_FACTOR (${env.KAFKA_REPLICATION_FACTOR}), or writes are refused`,
    });
  }
});

/** Never echo a secret back, even in an error about it. */
const SECRET_VARIABLES = new Set([
  'KAFKA_SASL_PASSWORD',
  'SCHEMA_REGISTRY_PASSWORD',
  'ALERT_WEBHOOK_URL',
  'DATABASE_URL',
  'WEB_TOKEN',
]);

/**
 * Parses the environment once at start-up. A bad value throws one CONFIG_INVALID error whose
 * single-line message names every bad variable and the form it expects.
 */
export function loadSettings(env: EnvInput): Settings {
  const known = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => [key, env[key]] as const),
  );
  const parsed = checkedEnvSchema.safeParse(known);
  if (parsed.success) return toSettings(parsed.data);
  const problems = parsed.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? 'environment');
    const raw = env[variable];
    // A value with `@` may hold user:password@, malformed or not: it is not echoed either.
    const shown =
      raw === undefined || SECRET_VARIABLES.has(variable) || raw.includes('@')
        ? ''
        : ` (got ${JSON.stringify(raw)})`;
    return `${variable} must be ${issue.message}${shown}`;
  });
  throw new AppError(
    'CONFIG_INVALID',
    `invalid configuration: ${problems.join('; ')}; fix the environment or .env (see .env.example)`,
  );
}
