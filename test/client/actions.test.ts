/**
 * The SDK's actions and what they stand on, without a network of validators:
 * - the indexer-or-chain lookup (client/lookup.ts): the indexer's answer is taken, its failures
 *   send the read to the chain, other errors are not swallowed, and a wait that finds the indexer
 *   down leaves the lookup on the chain;
 * - the actions over an in-process local chain (test/chain/support/local-harness.ts), connected
 *   through `DWalletClient.connect` with no indexer: presign requests sent one transaction at a
 *   time and reported, the chain's answers to the reads (sessions, pools, the network, dWallets
 *   pending and rejected), a read-only client, an aborted client;
 * - every parameter an action refuses (INVALID_ARGUMENT) before anything is sent;
 * - the small pieces: digests to sign, transaction results without the expected event or
 *   object, the chain a network description names, names of curves and hash schemes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { TransactionResult } from '../../chain/chain.ts';
import { DEFAULT_SESSION_TIMEOUT_MS, MAX_MESSAGE_LENGTH, RequestKind } from '../../chain/constants.ts';
import { SignCompleted } from '../../chain/schemas/events.ts';
import { SessionId } from '../../chain/session-id.ts';
import { signDigest } from '../../client/actions/signing.ts';
import { sessionIdArgument } from '../../client/arguments.ts';
import { algorithmOfChain, curveNameOf, curveOfChain } from '../../client/chain-values.ts';
import { type ConnectOptions, DWalletClient, type SentTransaction } from '../../client/dwallet-client.ts';
import { CancelRefusedError, ClientError, ClientErrorCodes } from '../../client/errors.ts';
import { hashSchemeName } from '../../client/hash-schemes.ts';
import { IndexerClient } from '../../client/indexer-client.ts';
import { Lookup } from '../../client/lookup.ts';
import { chainOfNetwork, type NetworkDescription, parseNetworkDescription } from '../../client/network.ts';
import { MemorySecretShareStore } from '../../client/secret-store.ts';
import { createdObjectId, eventOf, requestEventOf } from '../../client/transactions.ts';
import { ChainSessionFollower } from '../../client/wait.ts';
import { Flows, LocalHarness } from '../chain/support/local-harness.ts';
import { chainEvent, EVENTS_PACKAGE, eventsChain } from './support/event-chain.ts';

const SESSION = 'cd'.repeat(32);
/** Nothing listens on port 9. */
const NOWHERE = 'http://127.0.0.1:9';

function hasCode(code: string, pattern?: RegExp) {
  return (error: unknown) => error instanceof ClientError && error.code === code && (pattern === undefined || pattern.test(error.message));
}

const invalidArgument = (pattern?: RegExp) => hasCode(ClientErrorCodes.INVALID_ARGUMENT, pattern);

// === the lookup ===

describe('lookup: the indexer, else the chain', () => {
  const follower = () =>
    new ChainSessionFollower(
      eventsChain(() => []),
      EVENTS_PACKAGE,
    );

  test("the indexer's answer is taken, even that there is none; the chain is not asked", async () => {
    const lookup = new Lookup({ indexer: new IndexerClient(NOWHERE), follower: follower() });
    const chain = () => assert.fail('the chain was asked');
    assert.equal(await lookup.read(async () => 'indexer', chain), 'indexer');
    assert.equal(await lookup.read(async () => null, chain), null);
  });

  test('readFound: an indexer that knows none is checked on the chain (it may lag), once; what the indexer knows is taken', async () => {
    const lookup = new Lookup({ indexer: new IndexerClient(NOWHERE), follower: follower() });
    let chainReads = 0;
    const chain = async () => {
      chainReads += 1;
      return 'chain';
    };
    assert.equal(await lookup.readFound(async () => 'indexer', chain), 'indexer');
    assert.equal(chainReads, 0);
    assert.equal(await lookup.readFound(async () => null, chain), 'chain', 'a request the indexer has not reached yet is found on chain');
    assert.equal(chainReads, 1);
    assert.equal(
      await lookup.readFound(
        async () => null,
        async () => null,
      ),
      null,
    );
    const failing = async () => {
      throw new ClientError(ClientErrorCodes.INDEXER_UNAVAILABLE, 'down');
    };
    assert.equal(await lookup.readFound(failing, chain), 'chain');
    assert.equal(chainReads, 2, 'an indexer failure reads the chain once, not twice');
  });

  for (const code of [
    ClientErrorCodes.INDEXER_UNAVAILABLE,
    ClientErrorCodes.INDEXER_RESPONSE_INVALID,
    ClientErrorCodes.INDEXER_REQUEST_FAILED,
  ]) {
    test(`an indexer failing with ${code} sends the read to the chain, and says so`, async () => {
      const lines: string[] = [];
      const lookup = new Lookup({ indexer: new IndexerClient(NOWHERE), follower: follower(), onProgress: (line) => lines.push(line) });
      const answer = await lookup.read(
        () => Promise.reject(new ClientError(code, 'down')),
        async () => 'chain',
      );
      assert.equal(answer, 'chain');
      assert.deepEqual(lines, [`indexer failed (${code}); reading the chain`]);
      assert.notEqual(lookup.indexer, null, 'one failed read does not drop the indexer');
    });
  }

  test('other errors of the indexer are thrown, not answered from the chain', async () => {
    const lookup = new Lookup({ indexer: new IndexerClient(NOWHERE), follower: follower() });
    const chain = () => assert.fail('the chain was asked');
    await assert.rejects(
      lookup.read(() => Promise.reject(new ClientError(ClientErrorCodes.NOT_FOUND, 'gone')), chain),
      hasCode(ClientErrorCodes.NOT_FOUND),
    );
    await assert.rejects(
      lookup.read(() => Promise.reject(new TypeError('a bug')), chain),
      (e: unknown) => e instanceof TypeError,
    );
  });

  test('without an indexer every read goes to the chain', async () => {
    const lookup = new Lookup({ indexer: null, follower: follower() });
    assert.equal(
      await lookup.read(
        () => assert.fail('no indexer to ask'),
        async () => 'chain',
      ),
      'chain',
    );
  });

  test('a wait that finds the indexer down follows the chain, and the lookup stays on the chain afterwards', async () => {
    const completed = chainEvent(
      'SignCompleted',
      SignCompleted.bcs
        .serialize({
          session_id: SessionId.bytes(SessionId.parse(SESSION)),
          result_sequence: 1n,
          sign_id: `0x${'03'.repeat(32)}`,
          dwallet_id: `0x${'04'.repeat(32)}`,
          signature: new Uint8Array(65),
          partial_signature_id: null,
          fee: 0n,
        })
        .toBytes(),
      0,
    );
    const lines: string[] = [];
    const lookup = new Lookup({
      indexer: new IndexerClient(NOWHERE),
      follower: new ChainSessionFollower(
        eventsChain(() => [completed]),
        EVENTS_PACKAGE,
      ),
      onProgress: (line) => lines.push(line),
    });
    const outcome = await lookup.wait(SESSION, { timeoutMs: 5_000, pollIntervalMs: 10 });
    assert.equal(outcome.source, 'chain');
    assert.equal(outcome.record.status, 'completed');
    assert.ok(lines.some((line) => line.includes('following chain events')));
    assert.equal(lookup.indexer, null);
    assert.equal(
      await lookup.read(
        () => assert.fail('the indexer is down'),
        async () => 'chain',
      ),
      'chain',
    );
    assert.equal((await lookup.sessionOnChain(`0x${SESSION.toUpperCase()}`))?.status, 'completed');
    assert.equal(await lookup.rejectionOnChain(SESSION), null);
  });
});

// === actions on a local chain ===

describe('actions on a local chain, without an indexer', () => {
  let h: LocalHarness;
  let flows: Flows;
  let user: Ed25519Keypair;
  let network: NetworkDescription;
  let client: DWalletClient;
  const sent: SentTransaction[] = [];

  const connect = (options: Partial<ConnectOptions> = {}) =>
    DWalletClient.connect({
      network,
      chain: h.chain,
      indexer: null,
      signer: user,
      secrets: new MemorySecretShareStore(),
      timeoutMs: 5_000,
      pollIntervalMs: 20,
      ...options,
    });

  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
    user = await h.user();
    network = parseNetworkDescription({
      version: 1,
      chain: { kind: 'sui', url: NOWHERE },
      indexer: NOWHERE,
      packageId: h.packageId,
      coordinatorId: h.client.deployment.coordinatorId,
      networkKeyId: h.networkKeyId,
      curves: ['secp256k1'],
    });
    client = await connect({ onTransaction: (transaction) => sent.push(transaction) });
  });

  after(() => h?.close());

  test('a chain other than the described one is NETWORK_MISMATCH', async () => {
    await assert.rejects(
      connect({ network: { ...network, coordinatorId: `0x${'0e'.repeat(32)}` } }),
      hasCode(ClientErrorCodes.NETWORK_MISMATCH, /not the described/),
    );
  });

  test('requestPresigns: one transaction, reported with its requests; the chain then knows each session', async () => {
    sent.length = 0;
    const ids = await client.requestPresigns(2);
    assert.equal(ids.length, 2);
    for (const id of ids) assert.match(id, /^0x[0-9a-f]{64}$/);
    assert.deepEqual(
      sent.map((t) => t.status),
      ['sending', 'executed'],
    );
    const requests = sent[1]?.requests ?? [];
    assert.deepEqual(
      requests.map((r) => [r.kind, r.sessionId, r.requester]),
      ids.map((id) => ['presign', id, client.address]),
    );
    const session = await client.getSession(ids[0] as string);
    assert.equal(session?.kind, 'presign');
    assert.equal(session?.status, 'pending');
    assert.equal(session?.objectId, requests[0]?.objectId);
    assert.deepEqual(
      await client.getSession(SessionId.bytes(SessionId.parse(ids[1] as string))),
      await client.getSession(ids[1] as string),
    );
    assert.equal(await client.getSession(SESSION), null);
    await assert.rejects(client.waitForSession(ids[0] as string, { timeoutMs: 100 }), hasCode(ClientErrorCodes.TIMEOUT));
  });

  test('concurrent actions send their transactions one after the other', async () => {
    sent.length = 0;
    const [first, second] = await Promise.all([client.requestPresigns(1), client.requestPresigns(1)]);
    assert.notDeepEqual(first, second);
    assert.deepEqual(
      sent.map((t) => t.status),
      ['sending', 'executed', 'sending', 'executed'],
    );
  });

  test('the reads answer from the chain: the pool, the network, pending and rejected dWallets, an unknown sign', async () => {
    const pools = await client.presignPool();
    assert.deepEqual(
      pools.map((p) => [p.networkKeyId, p.curve, p.algorithm, p.available, p.pending]),
      [[h.networkKeyId, 0, 'ecdsa', 0, 4]],
    );
    const info = await client.networkInfo();
    assert.equal(info.packageId, h.packageId);
    assert.equal(info.committee?.members.length, 4);
    assert.deepEqual(info.networkKeys, [{ id: h.networkKeyId, curves: [0, 1, 2], epoch: info.networkKeys[0]?.epoch }]);

    const pending = h.event(h.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
    const dwallet = await client.getDWallet(pending.dwallet_id);
    assert.equal(dwallet.state, 'pending');
    assert.equal(dwallet.owner, client.address);
    assert.equal(dwallet.publicKey, null);
    assert.equal(dwallet.hasSecretShare, false);
    assert.equal(dwallet.sessionId, SessionId.prefixed(SessionId.fromBytes(pending.session_id)));
    assert.deepEqual(
      (await client.listDWallets()).map((d) => d.id),
      [pending.dwallet_id],
    );

    const rejected = h.event(h.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
    await h.submitResults([
      { Rejected: { session_id: rejected.session_id, reason_code: 1, reason: new TextEncoder().encode('bad'), blamed: [] } },
    ]);
    const refused = await client.getDWallet(rejected.dwallet_id);
    assert.equal(refused.state, 'rejected');
    assert.deepEqual(refused.rejection, { reasonCode: 1, reasonName: 'ECDSA_INVALID_DKG_MESSAGE', reason: 'bad', blamed: [] });

    await assert.rejects(client.getDWallet(`0x${'ab'.repeat(32)}`), hasCode(ClientErrorCodes.UNKNOWN_DWALLET));
    await assert.rejects(
      client.sign({ dwalletId: `0x${'ab'.repeat(32)}`, message: new Uint8Array([1]), hashScheme: 'keccak256' }),
      hasCode(ClientErrorCodes.UNKNOWN_DWALLET),
    );
    await assert.rejects(
      client.sign({ dwalletId: pending.dwallet_id, message: new Uint8Array([1]), hashScheme: 'keccak256' }),
      hasCode(ClientErrorCodes.SECRET_SHARE_MISSING),
    );
    assert.equal(await client.getSignature(`0x${'ab'.repeat(32)}`), null);
    // `dwallet wait` tries an id as a sign id too: another object is no sign request (not CHAIN_DATA_INVALID).
    assert.equal(await client.getSignature(pending.dwallet_id), null);
  });

  test('a read-only client reads, and every request is NO_SIGNER', async () => {
    const reader = await connect({ signer: undefined });
    assert.equal((await reader.networkInfo()).committee?.members.length, 4);
    assert.throws(() => reader.address, hasCode(ClientErrorCodes.NO_SIGNER));
    await assert.rejects(reader.requestPresigns(1), hasCode(ClientErrorCodes.NO_SIGNER));
    await assert.rejects(reader.listDWallets(), hasCode(ClientErrorCodes.NO_SIGNER));
  });

  test('a client whose signal aborted sends nothing (ABORTED)', async () => {
    const transactions: SentTransaction[] = [];
    const stopped = await connect({ signal: AbortSignal.abort(), onTransaction: (t) => transactions.push(t) });
    await assert.rejects(stopped.requestPresigns(1), hasCode(ClientErrorCodes.ABORTED, /before sending the request presigns/));
    assert.deepEqual(transactions, []);
    await assert.rejects(stopped.waitForSession(SESSION), hasCode(ClientErrorCodes.ABORTED));
  });

  test('bad parameters are INVALID_ARGUMENT, before anything is sent', async () => {
    sent.length = 0;
    const refusals: [string, () => Promise<unknown>, RegExp][] = [
      ['no presigns', () => client.requestPresigns(0), /from 1 to 50/],
      ['too many presigns', () => client.requestPresigns(51), /from 1 to 50/],
      ['a fraction of a presign', () => client.requestPresigns(1.5), /from 1 to 50/],
      ['presigns on a curve the network does not offer', () => client.requestPresigns(1, { curve: 'p256' }), /offers secp256k1, not p256/],
      ['an unknown curve', () => client.createDWallet({ curve: 'ed448' as 'p256' }), /secp256k1, p256 or ed25519, not ed448/],
      ['an unknown algorithm', () => client.createDWallet({ algorithm: 'schnorr' as 'eddsa' }), /ecdsa, taproot or eddsa, not schnorr/],
      [
        'an algorithm the curve does not sign with',
        () => client.createDWallet({ curve: 'secp256k1', algorithm: 'eddsa' }),
        /secp256k1 dWallets sign with ecdsa or taproot, not eddsa/,
      ],
      [
        'ECDSA on ed25519',
        () => client.importKey({ secretKey: new Uint8Array(32).fill(1), curve: 'ed25519', algorithm: 'ecdsa' }),
        /ed25519 dWallets sign with eddsa/,
      ],
      ['presigns of an algorithm the curve does not offer', () => client.requestPresigns(1, { algorithm: 'eddsa' }), /not eddsa/],
      ['a curve the network does not offer, for EdDSA', () => client.createDWallet({ curve: 'ed25519' }), /offers secp256k1, not ed25519/],
      ['a curve the network does not offer', () => client.createDWallet({ curve: 'p256' }), /offers secp256k1, not p256/],
      ['a cap recipient that is no address', () => client.createDWallet({ capRecipient: 'alice' }), /capRecipient/],
      ['a key that is not bytes', () => client.importKey({ secretKey: 'key' as unknown as Uint8Array }), /secretKey must be a Uint8Array/],
      ['a key of 31 bytes', () => client.importKey({ secretKey: new Uint8Array(31).fill(1) }), /32 bytes/],
      ['a zero key', () => client.importKey({ secretKey: new Uint8Array(32) }), /\[1, q\)/],
      ['a key above the order', () => client.importKey({ secretKey: new Uint8Array(32).fill(0xff) }), /\[1, q\)/],
      ['a dWallet id that is no id', () => client.getDWallet('wallet'), /dwalletId/],
      ['an owner that is no address', () => client.listDWallets('bob'), /owner/],
      ['a sign id that is no id', () => client.getSignature('12'), /signId/],
      ['a session id that is no session id', () => client.getSession(`0x${'ab'.repeat(31)}`), /session id/],
      ['session id bytes of the wrong length', () => client.getSession(new Uint8Array(31)), /session id/],
      ['a wait on no session id', () => client.waitForSession('abc'), /session id/],
      ['a wait without time', () => client.waitForSession(SESSION, { timeoutMs: 0 }), /timeoutMs/],
      [
        'a sign of a dWallet id that is no id',
        () => client.sign({ dwalletId: 'x', message: new Uint8Array([1]), hashScheme: 'sha256' }),
        /dwalletId/,
      ],
      [
        'a future sign of a dWallet id that is no id',
        () => client.futureSign({ dwalletId: '0x', message: new Uint8Array([1]), hashScheme: 0 }),
        /dwalletId/,
      ],
      [
        'a partial signature cap id that is no id',
        () => client.completeFutureSign({ partialSignatureCapId: 'cap' }),
        /partialSignatureCapId/,
      ],
    ];
    for (const [name, call, pattern] of refusals) await assert.rejects(call(), invalidArgument(pattern), name);
    assert.deepEqual(sent, [], 'nothing was sent');
  });
});

// === small pieces ===

describe('what is signed', () => {
  const message = new TextEncoder().encode('pay 1 BTC');
  const K1 = { curve: 'secp256k1', algorithm: 'ecdsa' } as const;
  const P256 = { curve: 'p256', algorithm: 'ecdsa' } as const;
  const TAPROOT = { curve: 'secp256k1', algorithm: 'taproot' } as const;
  const EDDSA = { curve: 'ed25519', algorithm: 'eddsa' } as const;

  test('each scheme the dWallet offers, by name or id', () => {
    assert.deepEqual(signDigest(K1, { message, hashScheme: 'keccak256' }), { scheme: 0, digest: keccak_256(message) });
    assert.equal(signDigest(P256, { message, hashScheme: 1 }).scheme, 1);
    const digest = keccak_256(message);
    assert.deepEqual(signDigest(K1, { message: digest, hashScheme: 'prehashed' }).digest, digest);
  });

  test('Taproot signs the BIP-340 message SHA-256(message), or a prehashed 32 bytes as is; EdDSA the message itself', () => {
    assert.deepEqual(signDigest(TAPROOT, { message, hashScheme: 'sha256' }), { scheme: 1, digest: sha256(message) });
    const sighash = sha256(message);
    assert.deepEqual(signDigest(TAPROOT, { message: sighash, hashScheme: 'prehashed' }), { scheme: 3, digest: sighash });
    assert.deepEqual(signDigest(EDDSA, { message, hashScheme: 'sha512' }), { scheme: 4, digest: message });
  });

  const refusals: [string, Parameters<typeof signDigest>, RegExp][] = [
    ['an unknown scheme', [K1, { message, hashScheme: 'md5' as 'sha256' }], /hash scheme must be/],
    [
      'a scheme the curve does not offer',
      [P256, { message, hashScheme: 'keccak256' }],
      /not offered for p256 ecdsa dWallets \(sha256, prehashed\)/,
    ],
    ['keccak256 for Taproot', [TAPROOT, { message, hashScheme: 'keccak256' }], /not offered for secp256k1 taproot/],
    ['double-sha256 for Taproot', [TAPROOT, { message, hashScheme: 'double-sha256' }], /not offered for secp256k1 taproot/],
    ['sha256 for EdDSA', [EDDSA, { message, hashScheme: 'sha256' }], /not offered for ed25519 eddsa dWallets \(sha512\)/],
    ['prehashed for EdDSA', [EDDSA, { message: sha256(message), hashScheme: 'prehashed' }], /not offered for ed25519 eddsa/],
    ['sha512 for ECDSA', [K1, { message, hashScheme: 'sha512' }], /not offered for secp256k1 ecdsa/],
    [
      'a curve and algorithm that do not go together',
      [
        { curve: 'p256', algorithm: 'taproot' },
        { message, hashScheme: 'sha256' },
      ],
      /no signature algorithm taproot on p256/,
    ],
    ['a message that is not bytes', [K1, { message: 'hi' as unknown as Uint8Array, hashScheme: 'sha256' }], /message must be a Uint8Array/],
    ['an empty message', [K1, { message: new Uint8Array(), hashScheme: 'sha256' }], /empty/],
    ['an empty EdDSA message', [EDDSA, { message: new Uint8Array(), hashScheme: 'sha512' }], /empty/],
    ['a message above the limit', [K1, { message: new Uint8Array(MAX_MESSAGE_LENGTH + 1), hashScheme: 'sha256' }], /at most/],
    ['a prehashed message of 31 bytes', [K1, { message: new Uint8Array(31), hashScheme: 'prehashed' }], /exactly 32 bytes/],
    ['a prehashed Taproot message of 33 bytes', [TAPROOT, { message: new Uint8Array(33), hashScheme: 'prehashed' }], /exactly 32 bytes/],
  ];
  for (const [name, args, pattern] of refusals) {
    test(`${name} is INVALID_ARGUMENT`, () => {
      assert.throws(() => signDigest(...args), invalidArgument(pattern));
    });
  }
});

describe('transaction results', () => {
  const result: TransactionResult = {
    digest: 'D9',
    status: { success: true },
    checkpoint: 1n,
    gasUsed: { computationCost: 1n, storageCost: 0n, storageRebate: 0n, nonRefundableStorageFee: 0n },
    changedObjects: [],
    events: [],
  };

  test('an event or created object the transaction lacks is CHAIN_DATA_INVALID naming the transaction', () => {
    assert.throws(
      () => eventOf(EVENTS_PACKAGE, result, 'PresignClaimed'),
      hasCode(ClientErrorCodes.CHAIN_DATA_INVALID, /D9 emitted no PresignClaimed/),
    );
    assert.throws(
      () => requestEventOf(EVENTS_PACKAGE, result, 'future-sign'),
      hasCode(ClientErrorCodes.CHAIN_DATA_INVALID, /no FutureSignRequested/),
    );
    assert.throws(
      () => createdObjectId(EVENTS_PACKAGE, result, 'PresignCap'),
      hasCode(ClientErrorCodes.CHAIN_DATA_INVALID, /D9 created no PresignCap/),
    );
  });
});

describe('names and ids', () => {
  test('the chain a network description names, with its ids for a Sui chain', () => {
    const base = {
      version: 1,
      indexer: NOWHERE,
      packageId: '0x2a',
      coordinatorId: `0x${'11'.repeat(32)}`,
      networkKeyId: `0x${'22'.repeat(32)}`,
      curves: ['secp256k1'],
    };
    assert.deepEqual(chainOfNetwork(parseNetworkDescription({ ...base, chain: { kind: 'sui', url: 'http://127.0.0.1:9000/' } })), {
      kind: 'sui',
      url: 'http://127.0.0.1:9000',
      packageId: `0x${'0'.repeat(62)}2a`,
      coordinatorId: `0x${'11'.repeat(32)}`,
    });
    assert.deepEqual(
      chainOfNetwork(
        parseNetworkDescription({ ...base, chain: { kind: 'sui', url: 'https://fullnode.testnet.sui.io', network: 'testnet' } }),
      ),
      {
        kind: 'sui',
        url: 'https://fullnode.testnet.sui.io',
        network: 'testnet',
        packageId: `0x${'0'.repeat(62)}2a`,
        coordinatorId: `0x${'11'.repeat(32)}`,
      },
    );
  });

  test('session ids as hex in any case or as bytes, in the 0x form', () => {
    const expected = `0x${SESSION}`;
    assert.equal(sessionIdArgument(SESSION.toUpperCase()), expected);
    assert.equal(sessionIdArgument(expected), expected);
    assert.equal(sessionIdArgument(SessionId.bytes(SessionId.parse(SESSION))), expected);
  });

  test('curve, algorithm and hash scheme ids by name; an unknown curve or algorithm on chain is CHAIN_DATA_INVALID', () => {
    assert.equal(curveNameOf(1), 'p256');
    assert.equal(curveNameOf(2), 'ed25519');
    assert.equal(curveNameOf(7), undefined);
    assert.equal(algorithmOfChain(1), 'taproot');
    assert.equal(algorithmOfChain(2), 'eddsa');
    assert.throws(() => algorithmOfChain(3), hasCode(ClientErrorCodes.CHAIN_DATA_INVALID, /unknown signature algorithm id 3/));
    assert.equal(curveOfChain(0), 'secp256k1');
    assert.throws(() => curveOfChain(7), hasCode(ClientErrorCodes.CHAIN_DATA_INVALID, /unknown curve id 7/));
    assert.deepEqual([0, 1, 2, 3, 4, 5].map(hashSchemeName), ['keccak256', 'sha256', 'double-sha256', 'prehashed', 'sha512', undefined]);
  });
});

// === cancelling a session ===

describe('cancelSession on a local chain: refund, and the reason of each refusal', () => {
  let h: LocalHarness;
  let flows: Flows;
  let user: Ed25519Keypair;
  let client: DWalletClient;
  let now = 1_700_000_000_000;

  const connect = (signer: Ed25519Keypair) =>
    DWalletClient.connect({
      network: parseNetworkDescription({
        version: 1,
        chain: { kind: 'sui', url: NOWHERE },
        indexer: NOWHERE,
        packageId: h.packageId,
        coordinatorId: h.client.deployment.coordinatorId,
        networkKeyId: h.networkKeyId,
        curves: ['secp256k1'],
      }),
      chain: h.chain,
      indexer: null,
      signer,
      secrets: new MemorySecretShareStore(),
      timeoutMs: 5_000,
      pollIntervalMs: 20,
    });
  const refused = (refusal: string, pattern: RegExp) => (error: unknown) =>
    error instanceof CancelRefusedError &&
    error.code === ClientErrorCodes.CANCEL_REFUSED &&
    error.refusal === refusal &&
    pattern.test(error.message);

  before(async () => {
    h = await LocalHarness.create({ now: () => now });
    flows = new Flows(h);
    user = await h.user();
    client = await connect(user);
  });
  after(() => h?.close());

  test('too early, not yours, unknown, and a malformed id are refused with a clear reason; after the timeout the fee comes back', async () => {
    await h.setFee(RequestKind.DWALLET_DKG, 777n);
    const requested = h.event(h.ok(await flows.requestDWallet(user, { fee: 777n })), 'DWalletDkgRequested');
    const sessionId = `0x${bytesToHex(requested.session_id)}`;
    await assert.rejects(
      client.cancelSession(sessionId),
      refused('too-early', /too early: a session can be cancelled 3600 s after its request/),
    );
    now += Number(DEFAULT_SESSION_TIMEOUT_MS);
    const other = await connect(await h.user());
    await assert.rejects(other.cancelSession(sessionId), refused('not-requester', /not yours/));
    await assert.rejects(client.cancelSession(`0x${'ee'.repeat(32)}`), refused('unknown-session', /no session has this id/));
    await assert.rejects(client.cancelSession('0x1234'), invalidArgument());
    const cancelled = await client.cancelSession(requested.session_id);
    assert.deepEqual({ sessionId: cancelled.sessionId, refund: cancelled.refund }, { sessionId, refund: 777n });
    await assert.rejects(client.cancelSession(sessionId), refused('not-pending', /no longer pending/));
    assert.equal((await client.waitForSession(sessionId)).record.status, 'cancelled');
  });
});
