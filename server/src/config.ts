/**
 * Server configuration, read once from the environment (see README "Configuration"): every
 * variable the server reads is declared in ENV_SCHEMA (TypeBox) and checked at start; a bad value
 * stops the server with a French and English message naming the variable. Nothing else in the
 * server reads `process.env`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { DEFAULT_GUARD_LIMITS, type GuardLimits } from './collab/connection-guard.ts';

export interface AppConfig {
  /** TCP port; 3000 by default, 0 picks a free one (tests). */
  port: number;
  /** Interface to listen on; all interfaces by default so laptops in the room can join. */
  host: string;
  /** Where PGlite keeps its files when no DATABASE_URL is given. */
  dataDir: string;
  /** PostgreSQL connection string; when set, PGlite is not used. */
  databaseUrl?: string;
  /** Redis URL; when set, documents are synchronised across server instances through it. */
  redisUrl?: string;
  /** Directory of the built client, served at `/`. */
  clientDir: string;
  /** Largest WebSocket frame accepted; a bigger one closes that socket (default 2 MiB). */
  maxFrameBytes: number;
  /** Hocuspocus store debounce, ms: how long edits are batched before the state is compacted. */
  storeDebounceMs: number;
  /** Fastify log level ('silent' in tests). */
  logLevel: string;
  /** Mark cookies Secure (HTTPS deployments). Default: on when PUBLIC_URL is https. */
  cookieSecure: boolean;
  /** The address people use to reach Pilotis, for links in invitations and e-mails. */
  publicUrl?: string;
  /** Origins allowed to open the collaboration socket besides the server's own. */
  allowedOrigins: string[];
  /**
   * Addresses (or CIDR ranges) of the reverse proxies whose X-Forwarded-For is believed: behind
   * them, the per-address limits count each person's address, not the proxy's. Empty: none.
   */
  trustProxy?: string[];
  /** Wrong passwords accepted per address and minute before sign-in answers 429. */
  loginFailuresPerMinute: number;
  /** Accounts that may be created per address and hour. */
  signupsPerHour: number;
  /** How often open sockets are checked for sessions that expired meanwhile (ms, default 60 s). */
  sessionSweepMs: number;
  /** Collaboration connections one address may open per minute (0: no limit; default 600). */
  collabConnectionsPerMinute?: number;
  /** Open collaboration connections per document and instance (default 200). */
  collabConnectionsPerDocument?: number;
  /** Per-socket limits of the collaboration endpoint (messages, updates, unread bytes). */
  collabLimits: GuardLimits;
  /** SMTP server for password-reset e-mails (smtp://user:pass@host:port); none: links are shown to pilotes. */
  smtpUrl?: string;
  /** Sender of every e-mail (SMTP_FROM). Optional so test configurations may leave it out. */
  smtpFrom?: string;
}

/** The sender address when SMTP_FROM is not set. */
export const DEFAULT_SMTP_FROM = 'Pilotis <no-reply@pilotis.local>';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const wholeNumber = (options: { minimum?: number; maximum?: number } = {}) =>
  Type.Integer({ minimum: 0, ...options });
const url = (schemes: string) => Type.String({ pattern: `^(${schemes})://\\S+$` });

/**
 * Every environment variable the server reads, with what a good value looks like (French,
 * English) for the message at start. Whole numbers arrive as text and are converted first.
 */
const VARIABLES = {
  PORT: [
    wholeNumber({ maximum: 65535 }),
    'un numéro de port de 0 à 65535',
    'a port number from 0 to 65535',
  ],
  HOST: [Type.String({ minLength: 1 }), 'une adresse d’écoute', 'an address to listen on'],
  DATA_DIR: [Type.String({ minLength: 1 }), 'un dossier', 'a directory'],
  DATABASE_URL: [url('postgres|postgresql'), 'une adresse postgres://…', 'a postgres://… URL'],
  REDIS_URL: [url('redis|rediss'), 'une adresse redis://…', 'a redis://… URL'],
  CLIENT_DIR: [Type.String({ minLength: 1 }), 'un dossier', 'a directory'],
  PUBLIC_URL: [url('https?'), 'une adresse http(s)://…', 'an http(s)://… URL'],
  COOKIE_SECURE: [Type.Enum(['true', 'false']), '« true » ou « false »', '"true" or "false"'],
  ALLOWED_ORIGINS: [
    Type.String({ pattern: '^\\s*(https?://[^,\\s]+\\s*(,\\s*|$))*$' }),
    'des origines http(s)://… séparées par des virgules',
    'comma-separated http(s)://… origins',
  ],
  SMTP_URL: [url('smtps?'), 'une adresse smtp://…', 'an smtp://… URL'],
  TRUST_PROXY: [
    Type.String({
      pattern:
        '^\\s*([0-9A-Fa-f:.]+(/\\d{1,3})?|loopback|linklocal|uniquelocal)\\s*(,\\s*([0-9A-Fa-f:.]+(/\\d{1,3})?|loopback|linklocal|uniquelocal)\\s*)*$',
    }),
    'des adresses IP ou plages (10.0.0.0/8) de proxys, séparées par des virgules',
    'comma-separated proxy IP addresses or ranges (10.0.0.0/8)',
  ],
  SMTP_FROM: [
    Type.String({ minLength: 3, pattern: '@' }),
    'une adresse e-mail d’expéditeur',
    'a sender e-mail address',
  ],
  LOGIN_FAILURES_PER_MINUTE: [
    wholeNumber({ minimum: 1 }),
    'un nombre entier d’au moins 1',
    'a whole number of at least 1',
  ],
  SIGNUPS_PER_HOUR: [
    wholeNumber({ minimum: 1 }),
    'un nombre entier d’au moins 1',
    'a whole number of at least 1',
  ],
  MAX_FRAME_BYTES: [
    wholeNumber({ minimum: 1024 }),
    'un nombre d’octets d’au moins 1024',
    'a number of bytes of at least 1024',
  ],
  COLLAB_MESSAGES_PER_SECOND: [
    wholeNumber({ minimum: 1 }),
    'un nombre entier d’au moins 1',
    'a whole number of at least 1',
  ],
  COLLAB_UPDATES_PER_SECOND: [
    wholeNumber({ minimum: 1 }),
    'un nombre entier d’au moins 1',
    'a whole number of at least 1',
  ],
  COLLAB_MAX_BUFFERED_BYTES: [
    wholeNumber({ minimum: 1024 }),
    'un nombre d’octets d’au moins 1024',
    'a number of bytes of at least 1024',
  ],
  MAX_DOCUMENT_BYTES: [
    wholeNumber({ minimum: 16384 }),
    'un nombre d’octets d’au moins 16384',
    'a number of bytes of at least 16384',
  ],
  COLLAB_CONNECTIONS_PER_MINUTE: [
    wholeNumber(),
    'un nombre entier (0 : sans limite)',
    'a whole number (0: no limit)',
  ],
  COLLAB_CONNECTIONS_PER_DOCUMENT: [
    wholeNumber({ minimum: 1 }),
    'un nombre entier d’au moins 1',
    'a whole number of at least 1',
  ],
  STORE_DEBOUNCE_MS: [
    wholeNumber(),
    'un nombre entier de millisecondes (0 ou plus)',
    'a whole number of milliseconds (0 or more)',
  ],
  LOG_LEVEL: [
    Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    'fatal, error, warn, info, debug, trace ou silent',
    'fatal, error, warn, info, debug, trace or silent',
  ],
} as const satisfies Record<string, readonly [TSchema, string, string]>;

type Variable = keyof typeof VARIABLES;

/** The schema of the environment: every variable optional, each with its own rule. */
export const ENV_SCHEMA = Type.Object(
  Object.fromEntries(
    Object.entries(VARIABLES).map(([name, [schema]]) => [name, Type.Optional(schema)]),
  ) as { [K in Variable]: ReturnType<typeof Type.Optional<(typeof VARIABLES)[K][0]>> },
);
type Env = Static<typeof ENV_SCHEMA>;

/** Values that must not be printed back (they may hold passwords). */
const SECRET = new Set<Variable>(['DATABASE_URL', 'REDIS_URL', 'SMTP_URL']);

/** A configuration that cannot start the server; `message` names every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The variables that are set (empty means unset), whole numbers converted from text. */
function readEnv(env: NodeJS.ProcessEnv): Env {
  const values: Record<string, unknown> = {};
  for (const [name, [schema]] of Object.entries(VARIABLES)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const integer = (schema as TSchema & { type?: string }).type === 'integer';
    values[name] = integer && /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  }
  const problems = [...Value.Errors(ENV_SCHEMA, values)].map((error) => {
    const name = error.instancePath.replace(/^\//, '') as Variable;
    const [, french, english] = VARIABLES[name];
    const shown = SECRET.has(name) ? '' : ` = « ${env[name]} »`;
    return {
      name,
      french: `${name}${shown} : attendu ${french}`,
      english: `${name}: expected ${english}`,
    };
  });
  if (problems.length > 0) {
    const unique = problems.filter((p, i) => problems.findIndex((q) => q.name === p.name) === i);
    throw new ConfigError(
      [
        'Configuration invalide — Pilotis ne démarre pas :',
        ...unique.map((p) => `  ${p.french}`),
        'Invalid configuration — Pilotis does not start:',
        ...unique.map((p) => `  ${p.english}`),
      ].join('\n'),
    );
  }
  return values as Env;
}

/** The configuration from environment variables, with defaults that need nothing installed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const vars = readEnv(env);
  // npm runs workspace scripts inside server/; "./data" in the README means the directory the
  // user ran npm from (INIT_CWD), i.e. the repository root.
  const baseDir = env.INIT_CWD ?? process.cwd();
  if (vars.SMTP_URL && !vars.PUBLIC_URL) {
    // E-mailed links must never be built from a request's Host header (it can be forged).
    throw new ConfigError(
      'SMTP_URL demande PUBLIC_URL : l’adresse mise dans les liens envoyés par e-mail.\n' +
        'SMTP_URL needs PUBLIC_URL: the address put in e-mailed links.',
    );
  }
  return {
    port: vars.PORT ?? 3000,
    host: vars.HOST ?? '0.0.0.0',
    dataDir: path.resolve(baseDir, vars.DATA_DIR ?? 'data'),
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    clientDir: vars.CLIENT_DIR
      ? path.resolve(baseDir, vars.CLIENT_DIR)
      : path.join(repoRoot, 'client', 'dist'),
    maxFrameBytes: vars.MAX_FRAME_BYTES ?? 2 * 1024 * 1024,
    storeDebounceMs: vars.STORE_DEBOUNCE_MS ?? 2000,
    // Warnings and errors by default: one line per request (info) drowns what matters.
    logLevel: vars.LOG_LEVEL ?? 'warn',
    cookieSecure: vars.COOKIE_SECURE
      ? vars.COOKIE_SECURE === 'true'
      : (vars.PUBLIC_URL ?? '').startsWith('https:'),
    publicUrl: vars.PUBLIC_URL,
    allowedOrigins: (vars.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    trustProxy: (vars.TRUST_PROXY ?? '')
      .split(',')
      .map((address) => address.trim())
      .filter(Boolean),
    loginFailuresPerMinute: vars.LOGIN_FAILURES_PER_MINUTE ?? 10,
    signupsPerHour: vars.SIGNUPS_PER_HOUR ?? 30,
    smtpUrl: vars.SMTP_URL,
    smtpFrom: vars.SMTP_FROM ?? DEFAULT_SMTP_FROM,
    sessionSweepMs: 60_000,
    collabConnectionsPerMinute: vars.COLLAB_CONNECTIONS_PER_MINUTE,
    collabConnectionsPerDocument: vars.COLLAB_CONNECTIONS_PER_DOCUMENT,
    collabLimits: {
      messagesPerSecond: vars.COLLAB_MESSAGES_PER_SECOND ?? DEFAULT_GUARD_LIMITS.messagesPerSecond,
      messageBurst: DEFAULT_GUARD_LIMITS.messageBurst,
      updatesPerSecond: vars.COLLAB_UPDATES_PER_SECOND ?? DEFAULT_GUARD_LIMITS.updatesPerSecond,
      updateBurst: DEFAULT_GUARD_LIMITS.updateBurst,
      maxBufferedBytes: vars.COLLAB_MAX_BUFFERED_BYTES ?? DEFAULT_GUARD_LIMITS.maxBufferedBytes,
      // ── security and limits (issue 18) ──
      maxDocumentBytes: vars.MAX_DOCUMENT_BYTES ?? DEFAULT_GUARD_LIMITS.maxDocumentBytes,
      maxDepth: DEFAULT_GUARD_LIMITS.maxDepth,
    },
  };
}
