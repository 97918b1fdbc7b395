/**
 * Rate limits through @fastify/rate-limit: counters in memory (bounded LRU) or, when REDIS_URL is
 * set, in Redis so that a limit holds across every instance. Features take their brakes from
 * `app.brake(...)`; nothing is limited globally (the collaboration socket has its own guard).
 */
import fp from 'fastify-plugin';
import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** What a brake answers for one key. */
export interface BrakeResult {
  allowed: boolean;
  /** Seconds until the window ends (for Retry-After). */
  retryAfter: number;
}

export interface Brake {
  /** Count one event for `key`; not allowed once more than `max` fell in the window. */
  take(request: FastifyRequest, key: string): Promise<BrakeResult>;
  /** Whether `key` is still allowed, without counting anything. */
  peek(request: FastifyRequest, key: string): Promise<BrakeResult>;
  /** Give back one counted event of `key` (it succeeded: only failures count). */
  giveBack(request: FastifyRequest, key: string): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** A named brake: at most `max` events per key in `windowMs`. */
    brake(name: string, max: number, windowMs: number): Brake;
  }
}

/**
 * A brake's count on this instance alone, used while Redis does not answer (issue 16): the limit is
 * then per instance (a little looser) instead of every sign-in, sign-up and comment failing with a
 * 500. Fixed windows, at most 10 000 keys (the oldest leave first).
 */
class LocalWindow {
  private readonly counts = new Map<string, { count: number; resetAt: number }>();
  private readonly max: number;
  private readonly windowMs: number;

  constructor(max: number, windowMs: number) {
    this.max = max;
    this.windowMs = windowMs;
  }

  private entry(key: string) {
    const now = Date.now();
    let entry = this.counts.get(key);
    if (!entry || entry.resetAt <= now) {
      this.counts.delete(key);
      entry = { count: 0, resetAt: now + this.windowMs };
      this.counts.set(key, entry);
      if (this.counts.size > 10_000) this.counts.delete(this.counts.keys().next().value!);
    }
    return entry;
  }

  private result(entry: { count: number; resetAt: number }, allowed: boolean): BrakeResult {
    return { allowed, retryAfter: Math.max(1, Math.ceil((entry.resetAt - Date.now()) / 1000)) };
  }

  take(key: string): BrakeResult {
    const entry = this.entry(key);
    entry.count += 1;
    return this.result(entry, entry.count <= this.max);
  }

  peek(key: string): BrakeResult {
    const entry = this.entry(key);
    return this.result(entry, entry.count < this.max);
  }

  giveBack(key: string): void {
    const entry = this.counts.get(key);
    if (entry && entry.count > 0) entry.count -= 1;
  }
}

/**
 * The limiter's key generator only sees the request; the key a brake is asked about is handed
 * over here, and read synchronously as the first step of the limiter call that follows the hand-over
 * (so concurrent questions about one request never see each other's key).
 */
const handedKey = new WeakMap<FastifyRequest, string>();
const handedBackKey = new WeakMap<FastifyRequest, string>();

async function rateLimitPlugin(app: FastifyInstance): Promise<void> {
  const redis = app.config.redisUrl
    ? new Redis(app.config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false })
    : null;
  if (redis) app.addHook('onClose', async () => void (await redis.quit()));
  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: 'pilotis:rate:' } : {}),
    // Bounded: the least recently seen keys leave first.
    cache: 10_000,
  });

  app.decorate('brake', (name: string, max: number, windowMs: number): Brake => {
    // Successes given back are counted apart; the allowance grows by as many.
    const givenBack = app.createRateLimit({
      max: Number.MAX_SAFE_INTEGER,
      timeWindow: windowMs,
      keyGenerator: (request) => handedBackKey.get(request) ?? '',
    });
    const countGivenBack = async (request: FastifyRequest, fullKey: string) => {
      handedBackKey.set(request, `${fullKey}:back`);
      const result = await givenBack(request, { increment: false });
      return result.isAllowed ? 0 : result.max - result.remaining;
    };
    const events = app.createRateLimit({
      timeWindow: windowMs,
      max: async (request, fullKey) => max + (await countGivenBack(request, fullKey)),
      keyGenerator: (request) => `${name}:${handedKey.get(request) ?? ''}`,
    });
    const local = new LocalWindow(max, windowMs);
    let warnedAt = 0;
    const unreachable = (error: unknown) => {
      if (Date.now() - warnedAt < 10_000) return;
      warnedAt = Date.now();
      app.log.warn({ err: error }, `brake ${name}: Redis unreachable, counting on this instance`);
    };
    const ask = async (
      request: FastifyRequest,
      key: string,
      increment: boolean,
    ): Promise<BrakeResult> => {
      handedKey.set(request, key);
      let result;
      try {
        result = await events(request, { increment });
      } catch (error) {
        unreachable(error);
        return increment ? local.take(key) : local.peek(key);
      }
      if (result.isAllowed) return { allowed: true, retryAfter: 0 };
      // A peek sees the events so far: one more would exceed at `max`.
      const over = increment ? result.isExceeded : result.remaining <= 0;
      return { allowed: !over, retryAfter: Math.max(1, result.ttlInSeconds) };
    };
    return {
      take: (request, key) => ask(request, key, true),
      peek: (request, key) => ask(request, key, false),
      async giveBack(request, key) {
        handedBackKey.set(request, `${name}:${key}:back`);
        try {
          await givenBack(request);
        } catch (error) {
          unreachable(error);
          local.giveBack(key);
        }
      },
    };
  });
}

/** Answer 429 with a French message and Retry-After. */
export function tooMany(
  reply: FastifyReply,
  result: BrakeResult,
  code = 'too_many_requests',
  message = 'Trop de tentatives : réessayez dans une minute.',
): never {
  reply.header('retry-after', String(result.retryAfter));
  throw new AppError(429, code, message);
}

export default fp(rateLimitPlugin, { name: 'rate-limit', dependencies: ['config'] });
