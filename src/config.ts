/**
 * Environment -> zod -> one typed Config. Every variable the bot reads is declared here
 * (and listed in .env.example and the README). A bad value stops start-up with a message
 * that names the variable and says what to do; secrets are never echoed back.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_KNOWLEDGE_DIR } from './paths.js';

const snowflake = z
  .string()
  .regex(/^\d{17,20}$/, 'must be a Discord id: 17 to 20 digits (Developer Mode > Copy ID)');

/**
 * A whole number from 0 to `max`, written in decimal digits only: `0x10`, `1e3`, `5.0` or `-1` are
 * refused rather than read as 16, 1000 or 5 (a cooldown of `1e3` would otherwise pass for 1,000 s).
 */
const positiveInt = (fallback: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number from 0 to ${max}, in digits`)
    .transform(Number)
    .pipe(z.number().max(max, `must be at most ${max}`))
    .default(fallback);

/**
 * An address to listen on: an IPv4 or IPv6 address (node:net's isIP) or a host name (RFC 1123
 * labels: letters, digits, hyphens). Four dotted numbers that are not an IPv4 address
 * (`999.1.1.1`) are refused here rather than failing later when the server starts.
 */
const listenHost = (example: string) =>
  z
    .string()
    .refine(
      (host) =>
        isIP(host) !== 0 ||
        (!/^[\d.]+$/.test(host) &&
          /^(?=.{1,253}$)[a-z\d]([a-z\d-]{0,61}[a-z\d])?(\.[a-z\d]([a-z\d-]{0,61}[a-z\d])?)*$/i.test(host)),
      `must be an address to listen on, such as ${example}`,
    );

/**
 * A TCP port to listen on: 0 (any free port, logged when listening) to 65535, digits only, so
 * `9464.5`, `0x24d8` or `-1` are refused with the same plain message rather than read as a number.
 */
const PORT_MESSAGE = 'must be a port number: a whole number from 0 to 65535 (0 picks any free port)';
const listenPort = z
  .string()
  .regex(/^\d{1,5}$/, PORT_MESSAGE)
  .transform(Number)
  .pipe(z.number().max(65_535, PORT_MESSAGE));

/** "0,1" -> [0, 1]: the shard ids one process runs, each once (checked against the count below). */
const shardIds = z.string().transform((text, ctx) => {
  const ids: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    if (!/^\d{1,9}$/.test(part)) {
      ctx.addIssue({
        code: 'custom',
        message: `must be shard ids separated by commas, such as 0,1 ("${part}" is not a shard id)`,
      });
      return z.NEVER;
    }
    const id = Number(part);
    if (ids.includes(id)) {
      ctx.addIssue({ code: 'custom', message: `lists shard ${id} twice` });
      return z.NEVER;
    }
    ids.push(id);
  }
  return ids;
});

/**
 * A PostgreSQL connection URL with a host and a database name. The check never echoes the value:
 * it holds a password.
 */
function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'postgres:' || url.protocol === 'postgresql:') &&
      url.hostname !== '' &&
      url.pathname.length > 1
    );
  } catch {
    return false;
  }
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  DISCORD_TOKEN: z
    .string()
    .regex(/^[\w.-]{50,100}$/, 'does not look like a bot token (copy it again from the Bot page)')
    .optional(),
  DISCORD_APPLICATION_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' })
    .default('https://discord.com/api')
    .transform((url) => url.replace(/\/+$/, '')),
  // Gateway sharding (src/discord/shards.ts). Unset: every shard of the count Discord recommends.
  DISCORD_SHARD_COUNT: z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number of at least 1, in digits')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1'))
    .optional(),
  DISCORD_SHARD_IDS: shardIds.optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  DATABASE_PATH: z.string().min(1).default('./data/bot.sqlite'),
  /** Set: PostgreSQL holds the data instead of the SQLite file at DATABASE_PATH. */
  DATABASE_URL: z
    .string()
    .refine(
      isPostgresUrl,
      'must be a PostgreSQL URL such as postgres://user:password@host:5432/database (with a host and a database name; percent-encode special characters in the password)',
    )
    .optional(),
  KNOWLEDGE_DIR: z.string().min(1).default(DEFAULT_KNOWLEDGE_DIR),
  ASK_COOLDOWN_SECONDS: positiveInt(5, 3_600),
  FAQ_SUGGEST_COOLDOWN_SECONDS: positiveInt(60, 86_400),
  REPEAT_ANSWER_SECONDS: positiveInt(60, 3_600),
  TIP_MIN_INTERVAL_MINUTES: positiveInt(60, 10_080).pipe(z.number().min(1, 'must be at least 1')),
  TIP_GRACE_MINUTES: positiveInt(30, 1_440),
  // How long /faq insights keeps an unanswered question (README, section Privacy).
  INSIGHTS_RETENTION_DAYS: positiveInt(30, 3_650).pipe(z.number().min(1, 'must be at least 1')),
  // `npm run serve` (the HTTP interactions endpoint) only. Not a secret, but checked so that a key
  // pasted with a prefix or a missing character fails at start-up, not as a 401 on every request.
  DISCORD_PUBLIC_KEY: z
    .string()
    .regex(
      /^[0-9a-fA-F]{64}$/,
      'must be 64 hexadecimal characters: copy the Public Key from the Developer Portal (General Information page)',
    )
    .optional(),
  PORT: positiveInt(8080, 65_535),
  HOST: listenHost('0.0.0.0, 127.0.0.1 or ::').default('0.0.0.0'),
  // GET /metrics and /healthz on a server of their own (src/ops/ops-server.ts). Unset: off for
  // `npm start`; `npm run serve` answers both on PORT anyway, and on this port too when it differs.
  METRICS_PORT: listenPort.optional(),
  // Only this machine by default: metrics describe the bot's traffic, and a scraper or a container's
  // health check is usually local. 0.0.0.0 for a scraper elsewhere (the Dockerfile sets it).
  METRICS_HOST: listenHost('127.0.0.1, 0.0.0.0 or ::').default('127.0.0.1'),
});

/**
 * DISCORD_SHARD_IDS only means something against a count every process agrees on, so it needs
 * DISCORD_SHARD_COUNT, and each id must be below it (ids run from 0 to count - 1).
 */
const checkedEnvSchema = envSchema.superRefine(
  (env, ctx) => {
    const ids = env.DISCORD_SHARD_IDS;
    // A field that failed its own check is reported already, and may hold anything here.
    if (!Array.isArray(ids)) return;
    const count = env.DISCORD_SHARD_COUNT;
    if (count === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['DISCORD_SHARD_IDS'],
        message:
          'needs DISCORD_SHARD_COUNT: set the total number of shards, the same in every process, to choose some of them',
      });
      return;
    }
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return;
    const outside = ids.filter((id) => id >= count);
    if (outside.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['DISCORD_SHARD_IDS'],
        message: `names shard ${outside.join(', ')}, but with DISCORD_SHARD_COUNT=${count} the shard ids are 0 to ${count - 1}`,
      });
    }
  },
  // Also when another variable is wrong, so every problem is reported in one go.
  { when: () => true },
);

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses configuration from an environment object. Empty values count as unset, so a
 * `.env` copied from `.env.example` with blanks behaves like one without those lines.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key]?.trim();
    if (value) present[key] = value;
  }
  const parsed = checkedEnvSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  // Issue messages never include the received value, so a malformed token is not echoed.
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`,
  );
  throw new ConfigError(problems);
}

export const README_TOKEN_SECTION = 'README.md, section "Run it on Discord"';

/** `npm start` needs a token; the console does not. */
export function requireToken(config: Config): string {
  if (config.DISCORD_TOKEN) return config.DISCORD_TOKEN;
  throw new ConfigError([
    `DISCORD_TOKEN is not set. Create a bot and copy its token as shown in ${README_TOKEN_SECTION}, ` +
      'then put it in .env. To try the bot without Discord, run `npm run console`.',
  ]);
}

/** `npm run serve` verifies every request with the application's public key; the gateway does not need it. */
export function requirePublicKey(config: Config): string {
  if (config.DISCORD_PUBLIC_KEY) return config.DISCORD_PUBLIC_KEY;
  throw new ConfigError([
    'DISCORD_PUBLIC_KEY is not set. `npm run serve` checks every request Discord sends with it: copy the ' +
      "Public Key from your application's General Information page in the Developer Portal into .env.",
  ]);
}
