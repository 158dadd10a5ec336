/**
 * Secret key shares of threshold decryption, typed so that they are hard to print by accident:
 * the integer lives in a private field, and `String()`, template literals, `JSON.stringify` and
 * Node's `util.inspect` (hence `console.log`) all show a redacted placeholder, and arithmetic or
 * concatenation on the object itself (`share + 1n`, `'' + share`) throws a TypeError. The value is
 * read only by {@link SecretShare.expose}, at the two places it is used as an exponent: making
 * decryption shares and proving them.
 *
 * Side channels: the exposed value goes into BigInt arithmetic and class-group exponentiation,
 * both variable time in JavaScript (see classgroups/exponentiation.ts and PROTOCOL.md §3); the
 * dealer's polynomial evaluation is variable time in the coefficients too.
 * @module
 */

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** The share s_v = P(v) of one virtual party v. */
export class SecretShare {
  readonly virtualId: number;
  readonly #value: bigint;

  constructor(virtualId: number, value: bigint) {
    this.virtualId = virtualId;
    this.#value = value;
  }

  /** The integer s_v. Only for use as an exponent or proof witness; never log or serialise it. */
  expose(): bigint {
    return this.#value;
  }

  /** String conversion gives the placeholder; numeric and default conversion (arithmetic, `+`) throw. */
  [Symbol.toPrimitive](hint: string): string {
    if (hint === 'string') return this.toString();
    throw new TypeError('a SecretShare is not a number: use expose() where the share is used as an exponent');
  }

  toString(): string {
    return `SecretShare(${this.virtualId}, redacted)`;
  }

  toJSON(): { virtualId: number; value: string } {
    return { virtualId: this.virtualId, value: 'redacted' };
  }

  [INSPECT](): string {
    return this.toString();
  }
}

/** Everything a tangible party holds: one secret share per unit of its weight. */
export interface PartyKeyShare {
  readonly party: number;
  /** In increasing virtual id, one per virtual id of the party. */
  readonly shares: readonly SecretShare[];
}
