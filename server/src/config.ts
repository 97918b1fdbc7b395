/**
 * Server configuration, read once from the environment (see README "Configuration").
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
  /** Wrong passwords accepted per address and minute before sign-in answers 429. */
  loginFailuresPerMinute: number;
  /** Accounts that may be created per address and hour. */
  signupsPerHour: number;
  /** How often open sockets are checked for sessions that expired meanwhile (ms, default 60 s). */
  sessionSweepMs: number;
  /** Per-socket limits of the collaboration endpoint (messages, updates, unread bytes). */
  collabLimits: GuardLimits;
  /** SMTP server for password-reset e-mails (smtp://user:pass@host:port); none: links are shown to pilotes. */
  smtpUrl?: string;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a whole number, got "${value}"`);
  return parsed;
}

/** The configuration from environment variables, with defaults that need nothing installed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // npm runs workspace scripts inside server/; "./data" in the README means the directory the
  // user ran npm from (INIT_CWD), i.e. the repository root.
  const baseDir = env.INIT_CWD ?? process.cwd();
  if (env.SMTP_URL && !env.PUBLIC_URL) {
    // E-mailed links must never be built from a request's Host header (it can be forged).
    throw new Error('SMTP_URL needs PUBLIC_URL: the address put in password-reset e-mails');
  }
  return {
    port: integer(env.PORT, 3000, 'PORT'),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(baseDir, env.DATA_DIR || 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    redisUrl: env.REDIS_URL || undefined,
    clientDir: env.CLIENT_DIR
      ? path.resolve(baseDir, env.CLIENT_DIR)
      : path.join(repoRoot, 'client', 'dist'),
    maxFrameBytes: integer(env.MAX_FRAME_BYTES, 2 * 1024 * 1024, 'MAX_FRAME_BYTES'),
    storeDebounceMs: integer(env.STORE_DEBOUNCE_MS, 2000, 'STORE_DEBOUNCE_MS'),
    // Warnings and errors by default: one line per request (info) drowns what matters.
    logLevel: env.LOG_LEVEL || 'warn',
    cookieSecure: env.COOKIE_SECURE
      ? env.COOKIE_SECURE === 'true'
      : (env.PUBLIC_URL ?? '').startsWith('https:'),
    publicUrl: env.PUBLIC_URL || undefined,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    loginFailuresPerMinute: integer(env.LOGIN_FAILURES_PER_MINUTE, 10, 'LOGIN_FAILURES_PER_MINUTE'),
    signupsPerHour: integer(env.SIGNUPS_PER_HOUR, 30, 'SIGNUPS_PER_HOUR'),
    smtpUrl: env.SMTP_URL || undefined,
    sessionSweepMs: 60_000,
    collabLimits: {
      messagesPerSecond: integer(
        env.COLLAB_MESSAGES_PER_SECOND,
        DEFAULT_GUARD_LIMITS.messagesPerSecond,
        'COLLAB_MESSAGES_PER_SECOND',
      ),
      messageBurst: DEFAULT_GUARD_LIMITS.messageBurst,
      updatesPerSecond: integer(
        env.COLLAB_UPDATES_PER_SECOND,
        DEFAULT_GUARD_LIMITS.updatesPerSecond,
        'COLLAB_UPDATES_PER_SECOND',
      ),
      updateBurst: DEFAULT_GUARD_LIMITS.updateBurst,
      maxBufferedBytes: integer(
        env.COLLAB_MAX_BUFFERED_BYTES,
        DEFAULT_GUARD_LIMITS.maxBufferedBytes,
        'COLLAB_MAX_BUFFERED_BYTES',
      ),
      // ── security and limits (issue 18) ──
      maxDocumentBytes: integer(
        env.MAX_DOCUMENT_BYTES,
        DEFAULT_GUARD_LIMITS.maxDocumentBytes,
        'MAX_DOCUMENT_BYTES',
      ),
      maxDepth: DEFAULT_GUARD_LIMITS.maxDepth,
    },
  };
}
