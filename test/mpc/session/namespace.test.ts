/** Namespaces place a whole protocol in a larger session: round ranges, bound identities, refusals. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { uniformCommittee } from '../../../mpc/session/committee.ts';
import { SessionErrorCodes } from '../../../mpc/session/errors.ts';
import { inNamespace, localMessage, namespacedIdentity, namespacedRounds } from '../../../mpc/session/namespace.ts';

const identity = { protocol: 'outer', sessionId: new Uint8Array(32).fill(1), self: 1, committee: uniformCommittee(4, 3) };
const ns = { name: 'secp256k1/dkg', base: 10, span: 4 };

describe('session namespaces', () => {
  it('shifts rounds into base + 1 .. base + span − 1 and prefixes their names', () => {
    const rounds = namespacedRounds(
      [
        { round: 1, name: 'dealing', kinds: {} },
        { round: 3, name: 'qualified', kinds: {} },
      ],
      ns,
    );
    assert.deepEqual(
      rounds.map((r) => [r.round, r.name]),
      [
        [11, 'secp256k1/dkg/dealing'],
        [13, 'secp256k1/dkg/qualified'],
      ],
    );
    assert.deepEqual(
      [10, 11, 13, 14].map((round) => inNamespace(ns, round)),
      [false, true, true, false],
    );
    const message = {
      protocol: 'outer',
      sessionId: identity.sessionId,
      round: 13,
      attempt: 0,
      sender: 2,
      recipient: null,
      kind: 'x',
      payload: new Uint8Array(),
    };
    assert.equal(localMessage(ns, message).round, 3);
  });

  it('refuses a part round outside its span', () => {
    for (const round of [0, 4, 1.5]) {
      assert.throws(() => namespacedRounds([{ round, name: 'r', kinds: {} }], ns), { code: SessionErrorCodes.SESSION_INVALID_CONFIG });
    }
  });

  it('binds the part identity to the session and to the name (domain separation)', () => {
    const a = namespacedIdentity(identity, ns);
    const b = namespacedIdentity(identity, { ...ns, name: 'p256/dkg' });
    const c = namespacedIdentity({ ...identity, sessionId: new Uint8Array(32).fill(2) }, ns);
    assert.equal(a.protocol, 'outer#secp256k1/dkg');
    assert.equal(a.sessionId.length, 32);
    assert.notDeepEqual(a.sessionId, b.sessionId);
    assert.notDeepEqual(a.sessionId, c.sessionId);
    assert.notDeepEqual(a.sessionId, identity.sessionId);
    assert.deepEqual(namespacedIdentity(identity, ns).sessionId, a.sessionId);
  });
});
