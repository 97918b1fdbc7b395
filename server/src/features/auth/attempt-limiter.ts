/**
 * Counts events per key (an IP address) over a sliding window: the sign-in brute-force brake and
 * the sign-up flood brake. In memory: each server instance brakes on its own.
 */
export class AttemptLimiter {
  private readonly events = new Map<string, number[]>();
  private readonly max: number;
  private readonly windowMs: number;

  constructor(max: number, windowMs: number) {
    this.max = max;
    this.windowMs = windowMs;
  }

  private recent(key: string): number[] {
    const since = Date.now() - this.windowMs;
    const list = (this.events.get(key) ?? []).filter((at) => at > since);
    if (list.length === 0) this.events.delete(key);
    else this.events.set(key, list);
    return list;
  }

  /** True when `key` already used up its allowance in the window. */
  isBlocked(key: string): boolean {
    return this.recent(key).length >= this.max;
  }

  record(key: string): void {
    this.events.set(key, [...this.recent(key), Date.now()]);
  }

  /** Forget the latest attempt of `key` (it succeeded: only failures count). */
  release(key: string): void {
    const list = this.recent(key);
    list.pop();
    if (list.length === 0) this.events.delete(key);
  }

  /** Seconds until the oldest event leaves the window (for Retry-After). */
  retryAfterSeconds(key: string): number {
    const oldest = this.recent(key)[0];
    return oldest ? Math.max(1, Math.ceil((oldest + this.windowMs - Date.now()) / 1000)) : 1;
  }
}
