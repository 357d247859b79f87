/**
 * At most `limit` tasks at once, and a fair share of them for everyone waiting: those over the
 * limit wait in one queue per key (the caller), and a freed place goes to the waiting key that
 * holds the fewest places (the longest waiting of those), not to whoever queued first. So a caller
 * who sends many slow operations at once cannot stand its backlog in front of anyone else: another
 * caller's operation starts as soon as any place is freed (issue 18: the gateway bounds what it
 * executes at once; a plain first-come queue would have let one caller's backlog hold everyone up).
 *
 * Our own code, not p-limit or p-queue: neither shares places out by key.
 */
export class FairShare {
  /** Places in use, all keys together. */
  private running = 0;
  /** Places in use, by key. */
  private readonly held = new Map<string, number>();
  /** Waiting tasks' starts, by key, keys in the order they began to wait (a Map keeps insertion order). */
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`FairShare needs a whole number limit of at least 1, got ${limit}`);
  }

  /** Tasks waiting for a place, all keys together. */
  get queued(): number {
    let count = 0;
    for (const starts of this.waiting.values()) count += starts.length;
    return count;
  }

  /** Runs `task` once `key` has a place; its outcome, whatever it is, frees the place. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    // Nobody waits while a place is free: release() hands a freed place straight to the next in turn.
    if (this.running < this.limit) this.take(key);
    else await new Promise<void>((start) => this.enqueue(key, start));
    try {
      return await task();
    } finally {
      this.release(key);
    }
  }

  private take(key: string): void {
    this.running += 1;
    this.held.set(key, (this.held.get(key) ?? 0) + 1);
  }

  private enqueue(key: string, start: () => void): void {
    const starts = this.waiting.get(key);
    if (starts) starts.push(start);
    else this.waiting.set(key, [start]);
  }

  private release(key: string): void {
    this.running -= 1;
    const holds = (this.held.get(key) ?? 1) - 1;
    if (holds > 0) this.held.set(key, holds);
    else this.held.delete(key);
    let next: string | undefined;
    for (const waiting of this.waiting.keys()) if (next === undefined || (this.held.get(waiting) ?? 0) < (this.held.get(next) ?? 0)) next = waiting;
    if (next === undefined) return;
    const starts = this.waiting.get(next)!;
    const start = starts.shift()!;
    // The key goes to the back of those waiting: among keys holding as many places, the others come first.
    this.waiting.delete(next);
    if (starts.length) this.waiting.set(next, starts);
    this.take(next);
    start();
  }
}
