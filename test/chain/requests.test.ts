/** The request-kind table, session ids, and the chain switch (description, config, wait). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Chain } from '../../chain/chain.ts';
import { chainConfigSpec, chainDescriptionOf } from '../../chain/config.ts';
import { openChain, suiNetworkOfUrl, waitForChain } from '../../chain/connect.ts';
import { RequestKind } from '../../chain/constants.ts';
import { ChainError, ChainErrorCodes, ChainRequestError, ChainTransportError } from '../../chain/errors.ts';
import { EventStructs } from '../../chain/schemas/events.ts';
import { OTHER_REASON, ReasonCodes, reasonCode, reasonName } from '../../chain/schemas/rejection-reasons.ts';
import {
  isRequestEvent,
  isResultEvent,
  kindOfCompletionEvent,
  kindOfRequestCode,
  kindOfRequestEvent,
  objectIdOfRequest,
  REQUEST_KINDS,
  SESSION_KINDS,
} from '../../chain/schemas/requests.ts';
import { SESSION_RESULT_VARIANTS } from '../../chain/schemas/result-batch.ts';
import { SessionId } from '../../chain/session-id.ts';
import { SuiChain } from '../../chain/sui/sui-chain.ts';
import { ConfigError, loadConfig } from '../../runtime/config.ts';

const coordinatorMove = readFileSync(new URL('../../move/sources/coordinator.move', import.meta.url), 'utf8');

describe('request-kind table', () => {
  it('names events, fields and result variants the schemas define', () => {
    for (const kind of SESSION_KINDS) {
      const spec = REQUEST_KINDS[kind];
      const request = EventStructs[spec.requestEvent];
      assert.ok(request, `${kind}: request event ${spec.requestEvent}`);
      assert.ok(EventStructs[spec.completionEvent], `${kind}: completion event ${spec.completionEvent}`);
      assert.ok(
        request.fields.some(([name]) => name === spec.objectField),
        `${kind}: ${spec.requestEvent} has no field ${spec.objectField}`,
      );
      assert.ok(
        EventStructs[spec.completionEvent].fields.some(([name]) => name === 'result_sequence'),
        `${kind}: a completion carries its result sequence`,
      );
      assert.ok(SESSION_RESULT_VARIANTS.includes(spec.result), `${kind}: result variant ${spec.result}`);
    }
    assert.equal(new Set(SESSION_KINDS.map((k) => REQUEST_KINDS[k].code)).size, SESSION_KINDS.length, 'codes are distinct');
    assert.equal(new Set(SESSION_KINDS.map((k) => REQUEST_KINDS[k].result)).size, SESSION_KINDS.length, 'result variants are distinct');
  });

  it('matches the codes and result variants of coordinator.move (result_matches_request)', () => {
    const constant = (name: string) => {
      const match = new RegExp(`const ${name}: u8 = (\\d+);`).exec(coordinatorMove);
      assert.ok(match, `coordinator.move declares ${name}`);
      return Number(match[1]);
    };
    assert.equal(REQUEST_KINDS.dkg.code, constant('REQUEST_DWALLET_DKG'));
    assert.equal(REQUEST_KINDS['imported-key'].code, constant('REQUEST_IMPORTED_KEY'));
    assert.equal(REQUEST_KINDS.presign.code, constant('REQUEST_PRESIGN'));
    assert.equal(REQUEST_KINDS.sign.code, constant('REQUEST_SIGN'));
    assert.equal(REQUEST_KINDS['future-sign'].code, constant('REQUEST_FUTURE_SIGN'));
    assert.equal(RequestKind.FUTURE_SIGN_COMPLETION, constant('REQUEST_FUTURE_SIGN_COMPLETION'));
    assert.equal(REQUEST_KINDS['make-shared'].code, constant('REQUEST_MAKE_DWALLET_SHARED'));
    assert.equal(REQUEST_KINDS['register-encryption-key'].code, constant('REQUEST_REGISTER_ENCRYPTION_KEY'));
    assert.equal(REQUEST_KINDS['share-backup'].code, constant('REQUEST_SHARE_BACKUP'));
    assert.equal(REQUEST_KINDS['share-transfer'].code, constant('REQUEST_SHARE_TRANSFER'));
    // Each request and completion event is emitted by the coordinator (`events::<snake_case>(…)`).
    for (const kind of SESSION_KINDS) {
      for (const event of [REQUEST_KINDS[kind].requestEvent, REQUEST_KINDS[kind].completionEvent]) {
        assert.match(coordinatorMove, new RegExp(`events::${snake(event)}\\(`), `coordinator.move emits ${event}`);
      }
    }
  });

  it('maps events and numeric codes to kinds, and nothing else', () => {
    for (const kind of SESSION_KINDS) {
      assert.equal(kindOfRequestEvent(REQUEST_KINDS[kind].requestEvent), kind);
      assert.equal(kindOfCompletionEvent(REQUEST_KINDS[kind].completionEvent), kind);
      assert.equal(kindOfRequestCode(REQUEST_KINDS[kind].code), kind);
      assert.ok(isResultEvent(REQUEST_KINDS[kind].completionEvent));
    }
    assert.equal(kindOfRequestCode(RequestKind.FUTURE_SIGN_COMPLETION), 'sign');
    assert.equal(kindOfRequestCode(RequestKind.MAKE_DWALLET_SHARED), 'make-shared');
    assert.equal(kindOfRequestCode(RequestKind.REGISTER_ENCRYPTION_KEY), 'register-encryption-key');
    assert.equal(kindOfRequestCode(RequestKind.SHARE_BACKUP), 'share-backup');
    assert.equal(kindOfRequestCode(RequestKind.SHARE_TRANSFER), 'share-transfer');
    assert.equal(kindOfRequestCode(12), undefined);
    assert.equal(kindOfRequestCode(-1), undefined);
    assert.ok(isResultEvent('SessionRejected'));
    assert.ok(!isResultEvent('PresignClaimed'));
    assert.ok(!isRequestEvent('PresignClaimed'));
    assert.ok(!isRequestEvent('toString'), 'no prototype key is an event');
    assert.equal(kindOfRequestEvent('constructor'), undefined);
    assert.equal(objectIdOfRequest('future-sign', { partial_signature_id: '0xab', dwallet_id: '0xcd' }), '0xab');
    assert.equal(objectIdOfRequest('imported-key', { dwallet_id: '0xcd' }), '0xcd');
    assert.equal(objectIdOfRequest('register-encryption-key', { encryption_key_id: '0xee', owner: '0x01' }), '0xee');
    assert.equal(objectIdOfRequest('share-transfer', { encrypted_share_id: '0xef', dwallet_id: '0xcd' }), '0xef');
  });
});

function snake(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

describe('rejection reasons', () => {
  it('name each code once, both ways, and keep the numbers on record', () => {
    const codes = Object.values(ReasonCodes);
    assert.equal(new Set(codes).size, codes.length, 'no code is used twice');
    for (const [name, code] of Object.entries(ReasonCodes)) {
      assert.equal(reasonName(code), name);
      assert.equal(reasonCode(name), code);
    }
    // Codes are on chain: these never change.
    assert.equal(reasonCode('ECDSA_INVALID_SIGN_MESSAGE'), 3);
    assert.equal(reasonCode('REQUEST_MALFORMED'), 100);
    assert.equal(reasonCode('SESSION_ABORTED'), 101);
    assert.equal(reasonCode('ECDSA_INVALID_PUBLIC_USER_SHARE'), 14);
    assert.equal(reasonCode('NO_SUCH_REASON'), OTHER_REASON);
    assert.equal(reasonCode('toString'), OTHER_REASON);
    assert.equal(reasonName(OTHER_REASON), 'OTHER');
    assert.equal(reasonName(99), null);
  });
});

describe('SessionId', () => {
  const bytes = Uint8Array.from({ length: 32 }, (_, i) => i + 0xa0);
  const hex = Buffer.from(bytes).toString('hex');

  it('has one canonical form for bytes, hex and 0x-hex in any case', () => {
    const id = SessionId.fromBytes(bytes);
    assert.equal(id, hex);
    assert.equal(SessionId.fromBytes([...bytes]), id);
    assert.equal(SessionId.parse(`0x${hex.toUpperCase()}`), id);
    assert.equal(SessionId.parse(hex), id);
    assert.equal(SessionId.prefixed(id), `0x${hex}`);
    assert.deepEqual(SessionId.bytes(id), bytes);
  });

  it('refuses anything that is not 32 bytes of hex, with a typed error', () => {
    for (const bad of [hex.slice(2), `${hex}00`, `0x${hex.slice(1)}g`, `0X${hex}`, ` ${hex}`, '', 42, null, undefined, { hex }]) {
      assert.equal(SessionId.tryParse(bad), undefined, String(bad));
      assert.throws(
        () => SessionId.parse(bad),
        (e: unknown) => e instanceof ChainRequestError && e.code === ChainErrorCodes.INVALID_REQUEST,
      );
    }
    assert.throws(() => SessionId.fromBytes(new Uint8Array(31)), ChainRequestError);
  });
});

describe('chain switch', () => {
  const spec = chainConfigSpec('DWALLET_TEST_');
  const load = (env: Record<string, string>) => chainDescriptionOf(loadConfig(spec, { env }));
  const ids = { DWALLET_TEST_PACKAGE_ID: '0x2a', DWALLET_TEST_COORDINATOR_ID: `0x${'b'.repeat(64)}` };

  it('describes a Sui chain (a full node, or the local chain) by URL and ids; sui is the default kind', () => {
    assert.deepEqual(load({ DWALLET_TEST_CHAIN_URL: 'http://127.0.0.1:9000', ...ids }), {
      kind: 'sui',
      url: 'http://127.0.0.1:9000',
      packageId: `0x${'0'.repeat(62)}2a`,
      coordinatorId: `0x${'b'.repeat(64)}`,
    });
    const sui = load({ DWALLET_TEST_CHAIN_KIND: 'sui', DWALLET_TEST_CHAIN_URL: 'https://fullnode.testnet.sui.io:443', ...ids });
    assert.deepEqual(sui, {
      kind: 'sui',
      url: 'https://fullnode.testnet.sui.io:443',
      packageId: `0x${'0'.repeat(62)}2a`,
      coordinatorId: `0x${'b'.repeat(64)}`,
    });
    assert.ok(openChain(sui) instanceof SuiChain);
    assert.equal(suiNetworkOfUrl('https://fullnode.mainnet.sui.io:443'), 'mainnet');
    assert.equal(suiNetworkOfUrl('http://127.0.0.1:9000'), 'localnet');
  });

  it('refuses a chain without ids, the removed local kind, and unknown kinds', () => {
    const problems = (env: Record<string, string>) => {
      try {
        load(env);
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.problems.join('\n');
      }
      assert.fail('accepted');
    };
    assert.match(problems({ DWALLET_TEST_CHAIN_KIND: 'sui', DWALLET_TEST_CHAIN_URL: 'https://x.io' }), /packageId.*\n.*coordinatorId/);
    assert.match(
      problems({ DWALLET_TEST_CHAIN_KIND: 'sui', DWALLET_TEST_CHAIN_URL: 'https://x.io', ...ids, DWALLET_TEST_PACKAGE_ID: 'zz' }),
      /packageId/,
    );
    assert.match(
      problems({ DWALLET_TEST_CHAIN_KIND: 'local', DWALLET_TEST_CHAIN_URL: 'http://127.0.0.1:9000' }),
      /chainKind: local is gone.*chainKind sui.*\/v1\/deployment/,
    );
    assert.match(problems({ DWALLET_TEST_CHAIN_KIND: 'aptos', DWALLET_TEST_CHAIN_URL: 'http://x' }), /chainKind.*one of local, sui/);
    assert.throws(() => openChain({ kind: 'aptos' } as never), ChainRequestError);
  });

  it('waits while the chain is unreachable, and no longer than told', async () => {
    let calls = 0;
    const deployment = { packageId: '0x1', coordinatorId: '0x2', coordinatorInitialSharedVersion: 1n };
    const flaky = {
      deployment: async () => {
        calls += 1;
        if (calls < 3) throw new ChainTransportError(ChainErrorCodes.TRANSPORT_FAILED, 'connection refused');
        return deployment;
      },
    } as unknown as Chain;
    let warned = 0;
    assert.equal(await waitForChain(flaky, { intervalMs: 1, onWaiting: () => warned++ }), deployment);
    assert.equal(calls, 3);
    assert.equal(warned, 1);

    const down = {
      deployment: async () => {
        throw new ChainTransportError(ChainErrorCodes.TRANSPORT_FAILED, 'connection refused');
      },
    } as unknown as Chain;
    const started = Date.now();
    await assert.rejects(waitForChain(down, { timeoutMs: 30, intervalMs: 5 }), ChainTransportError);
    assert.ok(Date.now() - started < 5_000);
  });

  it('does not wait on a chain that answers with an error', async () => {
    let calls = 0;
    const wrong = {
      deployment: async () => {
        calls += 1;
        throw new ChainError(ChainErrorCodes.DATA_INVALID, 'coordinator is not a shared object');
      },
    } as unknown as Chain;
    await assert.rejects(
      waitForChain(wrong, { intervalMs: 1 }),
      (e: unknown) => e instanceof ChainError && e.code === 'CHAIN_DATA_INVALID',
    );
    assert.equal(calls, 1);
  });
});
