import { ErrorCode } from "./errors";
import { HttpRefusal } from "./graphql-http";

/**
 * How many bytes of request bodies a service holds at once: each request reserves its body's size
 * (its declared length, or the body limit when it declares none) before a byte is read, and gives
 * it back when its answer has gone. Over the caller's share the request is refused with 429
 * RATE_LIMITED, over the whole budget with 503 OVERLOADED, both with `Retry-After`, the body
 * unread. Red team (issue 18): 600 bodies of just under 1 MiB from one user, sent at once within
 * the rate limit, waited for the gateway's execution places (shared/fair-share.ts) and ran the
 * gateway out of memory; 300 heavy ones did too. The contract's operations are under 4 KB: no
 * front-end comes near either share.
 */
export class BodyBudget {
  private total = 0;
  private readonly byKey = new Map<string, number>();

  /**
   * @param totalBytes bytes of bodies held at once, all callers together
   * @param perKeyBytes bytes of bodies one caller (key) may hold at once
   */
  constructor(
    readonly totalBytes: number,
    readonly perKeyBytes: number,
  ) {}

  /**
   * Reserves `bytes` for `key`, or throws the refusal (an HttpRefusal) without reserving anything.
   * @returns the function that gives the bytes back (call it once)
   */
  reserve(key: string, bytes: number): () => void {
    const held = this.byKey.get(key) ?? 0;
    if (held + bytes > this.perKeyBytes) {
      throw new HttpRefusal(429, ErrorCode.RATE_LIMITED, `Too many request bytes at once from this user: at most ${this.perKeyBytes} bytes of bodies being read or waiting; try again in 1 s`, { "retry-after": "1" });
    }
    if (this.total + bytes > this.totalBytes) {
      throw new HttpRefusal(503, ErrorCode.OVERLOADED, "The service is holding as many requests as it may; try again in 1 s", { "retry-after": "1" });
    }
    this.total += bytes;
    this.byKey.set(key, held + bytes);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.total -= bytes;
      const left = (this.byKey.get(key) ?? bytes) - bytes;
      if (left > 0) this.byKey.set(key, left);
      else this.byKey.delete(key);
    };
  }
}
