/**
 * Decryption shares (PROTOCOL.md §4): d_{v,c} = c1⁽ᶜ⁾^{s_v} for each virtual id v of the party and
 * each ciphertext c of the session, sent unproven first.
 *
 * A party of weight w raises each c1 to w different shares. From three shares on, a fixed-base
 * table of c1 is cheaper than separate exponentiations (building a width-4 table costs about two
 * compositions per exponent bit, each exponentiation then a quarter; a plain one about 1.2).
 *
 * Side channels: the exponents are secret shares and the exponentiation is variable time
 * (classgroups/exponentiation.ts); the bases are public ciphertexts.
 * @module
 */
import type { Form } from '../classgroups/form.ts';
import { assertKeyShareShape } from './keys.ts';
import type { DecryptionShareMessage } from './messages.ts';
import type { PartyKeyShare } from './secret-share.ts';
import type { DecryptionSession } from './session.ts';

/** Fixed-base tables pay off from this many exponentiations of one base. */
const TABLE_MIN_EXPONENTS = 3;
const TABLE_WIDTH = 4;

/** d_{v,c} for every virtual share v of `keyShare` (rows) and every ciphertext c (columns). */
export function decryptionShares(session: DecryptionSession, keyShare: PartyKeyShare): Form[][] {
  assertKeyShareShape(session.key, keyShare);
  const { group } = session.key.setup;
  const columns = session.ciphertexts.map(({ c1 }) => {
    if (keyShare.shares.length < TABLE_MIN_EXPONENTS) return keyShare.shares.map((share) => group.pow(c1, share.expose()));
    const table = group.fixedBase(c1, TABLE_WIDTH);
    return keyShare.shares.map((share) => table.pow(share.expose()));
  });
  return keyShare.shares.map((_, i) => columns.map((column) => column[i] as Form));
}

/** The unproven share message of `keyShare`'s party. */
export function decryptionShareMessage(session: DecryptionSession, keyShare: PartyKeyShare): DecryptionShareMessage {
  return { party: keyShare.party, digest: session.digest, shares: decryptionShares(session, keyShare) };
}
