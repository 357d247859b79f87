import type { Caller } from "../context";

const LIMIT = 10000;

/**
 * Tokens whose signature has been checked, with the caller they prove, remembered until a time
 * (seconds since the epoch, at most the token's expiry): a token shown again is not checked again,
 * and one past its time is checked — and refused — as if new. Memory is bounded: when full, it
 * starts over. Used for users' bearer tokens at the gateway (reused for hours by design).
 */
export class VerifiedTokens {
  private readonly known = new Map<string, { caller: Caller; until: number }>();

  recall(token: string): Caller | undefined {
    const known = this.known.get(token);
    return known && known.until > Date.now() / 1000 ? known.caller : undefined;
  }

  remember(token: string, caller: Caller, until: number): void {
    if (this.known.size >= LIMIT) this.known.clear();
    this.known.set(token, { caller, until });
  }
}

/**
 * The ids (`jti`) of single-use tokens already accepted, each kept until its token expires: a
 * token shown a second time is refused. Expired ids are dropped as time passes, so memory holds
 * at most the tokens of one lifetime (30 s of traffic). Unlike a cache this never forgets early:
 * forgetting would re-open a replay window.
 */
export class SeenTokenIds {
  private readonly until = new Map<string, number>();
  private lastSweep = 0;

  /** True the first time `jti` is shown before `expiresAt` (seconds since the epoch); false after. */
  firstUse(jti: string, expiresAt: number): boolean {
    const now = Date.now() / 1000;
    if (now - this.lastSweep >= 5) {
      this.lastSweep = now;
      for (const [id, expiry] of this.until) if (expiry <= now) this.until.delete(id);
    }
    if (this.until.has(jti)) return false;
    this.until.set(jti, expiresAt);
    return true;
  }
}
