import type { Caller } from "../context";

const LIMIT = 10000;

/**
 * Tokens whose signature has been checked, with the caller they prove, remembered until a time
 * (seconds since the epoch, at most the token's expiry): a token shown again is not checked again,
 * and one past its time is checked — and refused — as if new. Memory is bounded: when full, it
 * starts over.
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
