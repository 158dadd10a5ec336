/**
 * The whole network as separate processes on the local chain (devnet/): 4 validators with
 * threshold 3 and a relayer. A user's DKG, presign and sign requests are completed on chain, the
 * validators keep the presign pool filled, a sign request with a broken user message is rejected
 * on chain with its reason, and the validators' peer endpoints refuse unsigned and malformed
 * envelopes. The devnet's indexer answers for the dWallet, the sessions, the signature, the
 * rejection and the pool, and `network.json` describes the network for clients. Faults and
 * restarts are in faults.heavy.test.ts.
 *
 * The same devnet then serves the `dwallet` tool's end-to-end suite (test/client/cli-e2e.ts): a
 * devnet's start costs about as much as either suite, so the file starts one, with what both
 * need — a network key on secp256k1 and P-256, a pool of one secp256k1 ECDSA presign. This suite
 * runs first and counts the validators' sign metrics from before its own requests.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { Curve, feeOf, RequestKind, SignatureAlgorithm } from '../../chain/constants.ts';
import { availablePresignCount, readCoordinator, readObject } from '../../chain/object-reader.ts';
import { DWallet, Presign } from '../../chain/schemas/objects.ts';
import { ReasonCodes } from '../../chain/schemas/rejection-reasons.ts';
import { DEVNET_FEES } from '../../devnet/chain-setup.ts';
import { type Devnet, startDevnet } from '../../devnet/devnet.ts';
import { assertValidSignature, healthOf, metricsOf, metricValue } from '../../devnet/load/checks.ts';
import { DevnetUser, type EventOf, type DevnetUser as User } from '../../devnet/load/user.ts';
import { encodeDWalletOutput } from '../../mpc/ecdsa/messages.ts';
import { encodeRoundMessage } from '../../mpc/session/message.ts';
import { dwalletCommandsSuite } from '../client/cli-e2e.ts';
import { sharedByFile } from '../support/shared-by-file.ts';
import { tempDir } from '../validator/support.ts';

const shared = sharedByFile('the devnet', async () => {
  const dataDir = tempDir('network');
  const remove = () => rmSync(dataDir, { recursive: true, force: true });
  const started = await startDevnet({
    dataDir,
    logLevel: 'warn',
    // ECDSA is all the suites sign with; P-256 is the tool's (`create --curve p256`). Each more
    // curve is a DKG more at start, each pooled algorithm a pool more.
    curves: ['secp256k1', 'p256'],
    // Pending sign requests are verified together (the signing worker's batch path, engine/sign-verification.ts).
    validatorConfig: () => ({
      presignPoolTarget: 1,
      presignPoolCurves: ['secp256k1'],
      presignPoolAlgorithms: ['ecdsa'],
      presignPoolIntervalMs: 500,
      pollIntervalMs: 100,
      signVerifyTogether: 4,
    }),
  }).catch((error: unknown) => {
    remove();
    throw error;
  });
  return {
    devnet: started,
    stop: async () => {
      await started.stop();
      remove();
    },
  };
});

let devnet: Devnet;
let dataDir: string;
let user: User;

describe('devnet: 4 validators (threshold 3), a relayer, the local chain', () => {
  before(async () => {
    devnet = shared().devnet;
    dataDir = devnet.options.dataDir;
    user = await DevnetUser.create(devnet.localChain(), devnet.networkKeyId);
  });

  test('every process is healthy and knows the committee', async () => {
    const endpoints = devnet.endpoints();
    const parties = await Promise.all(endpoints.validators.map(async (url) => (await healthOf(url)).party));
    assert.deepEqual(parties, [1, 2, 3, 4]);
    assert.equal((await healthOf(endpoints.relayers[0] as string)).ok, true);
    assert.equal((await healthOf(endpoints.indexer)).ok, true);
    // Every session worker loaded the bundle built for it (runtime/typescript-worker.ts), not the
    // slower fallback through tsx inside the worker, which logs a warning.
    for (const validator of ['validator-0', 'validator-1', 'validator-2', 'validator-3']) {
      const log = readFileSync(join(dataDir, 'logs', `${validator}.log`), 'utf8');
      assert.ok(!log.includes('loaded without a bundle'), `${validator} fell back to tsx in a worker:\n${log}`);
    }
  });

  test("the services talk to the local chain through Sui's gRPC API, configured as for a Sui full node", async () => {
    const { packageId, coordinatorId } = await devnet.chain().deployment();
    for (const config of [
      join(dataDir, 'validators', '0', 'config.json'),
      join(dataDir, 'relayers', '0', 'config.json'),
      join(dataDir, 'indexer', 'config.json'),
    ]) {
      const fields = JSON.parse(readFileSync(config, 'utf8'));
      assert.deepEqual(
        [fields.chainKind, fields.chainUrl, fields.packageId, fields.coordinatorId],
        ['sui', devnet.chainUrl, packageId, coordinatorId],
        config,
      );
    }
    assert.equal(devnet.manifest.chainApi, 'grpc');
  });

  test('network.json describes the network for clients, without secrets', async () => {
    const description = JSON.parse(readFileSync(join(dataDir, 'network.json'), 'utf8'));
    const deployment = await devnet.chain().deployment();
    assert.deepEqual(description, {
      version: 1,
      chain: { kind: 'sui', url: devnet.endpoints().chain, network: 'localnet' },
      faucet: devnet.endpoints().chain,
      indexer: devnet.endpoints().indexer,
      packageId: deployment.packageId,
      coordinatorId: deployment.coordinatorId,
      networkKeyId: devnet.networkKeyId,
      curves: ['secp256k1', 'p256'],
      relayers: [...devnet.endpoints().relayers],
    });
  });

  test('DKG, presign and sign requests are completed on chain; the validators keep the pool filled', async () => {
    const dwallet = await user.createDWallet();
    const onChain = await readObject(devnet.chain(), dwallet.dwalletId, DWallet);
    assert.deepEqual(new Uint8Array(onChain.value.output), encodeDWalletOutput(dwallet.output, user.key.encryptionKey.setup));

    const [presignSession] = await user.requestPresigns(1);
    const completed = (await user.watch.waitFor(presignSession as string, ['PresignCompleted', 'SessionRejected']))
      .value as EventOf<'PresignCompleted'>;
    assert.ok(completed.output.length > 0, 'a presign output');
    const presignObject = await readObject(devnet.chain(), completed.presign_id, Presign);
    assert.deepEqual(new Uint8Array(presignObject.value.output), new Uint8Array(completed.output));

    // The pool target is 1: the validators requested one presign themselves; with the user's, two are pooled.
    const deadline = Date.now() + 90_000;
    for (;;) {
      const pool = (await readCoordinator(devnet.chain())).presign_pools.find(ecdsaPool);
      if (pool !== undefined && availablePresignCount(pool) >= 2) break;
      assert.ok(Date.now() < deadline, 'the pool did not fill');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const requestedByValidators = (await Promise.all(devnet.endpoints().validators.map(metricsOf))).reduce(
      (n, text) => n + metricValue(text, 'dwallet_validator_presign_requests_total'),
      0,
    );
    assert.ok(requestedByValidators >= 1, 'the validators requested presigns for the pool');

    // A valid sign request and, right behind it, one whose sign message does not match what it
    // claims: the validators verify the pending messages together; the valid one is signed, the
    // broken one is rejected on chain with the reason its own session's check gives.
    const message = new TextEncoder().encode('send 1 ETH to 0x00000000000000000000000000000000000000aa');
    const prepared = user.prepareSign(dwallet, await user.claimPresign(), message);
    const broken = user.prepareSign(dwallet, await user.claimPresign(), new TextEncoder().encode('another message'));
    const tampered = broken.userSignMessage.slice();
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] as number) ^ 1;
    // The validators' sign metrics count from here: these two requests are the devnet's only signs so far.
    const beforeSigns = await Promise.all(devnet.endpoints().validators.map(metricsOf));
    await user.submitSign(prepared);
    await user.submitSign({ ...broken, userSignMessage: tampered });
    const { signature } = await user.signature(prepared.sessionId);
    assertValidSignature(signature, dwallet, message);
    await assertIndexed(dwallet.dwalletId, prepared.sessionId, signature);

    const rejected = (await user.watch.waitFor(broken.sessionId, ['SignCompleted', 'SessionRejected'])).value as EventOf<'SessionRejected'>;
    assert.ok(
      ([ReasonCodes.ECDSA_INVALID_SIGN_MESSAGE, ReasonCodes.ECDSA_MALFORMED] as number[]).includes(rejected.reason_code),
      `reason code ${rejected.reason_code}: ${new TextDecoder().decode(new Uint8Array(rejected.reason))}`,
    );
    assert.deepEqual(rejected.blamed, []);
    const rejectedSession = await indexed(`/v1/sessions/${broken.sessionId}`, (s) => s.status === 'rejected');
    assert.equal(rejectedSession.rejection.reasonCode, rejected.reason_code);
    assert.equal(rejectedSession.rejection.reason, new TextDecoder().decode(new Uint8Array(rejected.reason)));

    const metrics = await metricsOf(devnet.endpoints().validators[0] as string);
    assert.ok(metricValue(metrics, 'dwallet_validator_batches_decided_total') >= 3);
    assert.ok(metricValue(metrics, 'dwallet_validator_cpu_seconds') > 0);
    // Each message is verified before its session starts by the validators that sign it, weight
    // t = 3; the fourth stands by (mpc/ecdsa/protocols/sign.ts, "Standbys"). The standby of the
    // valid request outputs the signers' signature; the standby of the broken one may not end
    // its session at all: the others' rejection can land, closing it, before it confirms it.
    const everyone = await Promise.all(devnet.endpoints().validators.map(metricsOf));
    const sum = (texts: string[], name: string, labels: Record<string, string>) =>
      texts.reduce((n, text) => n + metricValue(text, name, labels), 0);
    const total = (name: string, labels: Record<string, string>) => sum(everyone, name, labels) - sum(beforeSigns, name, labels);
    assert.equal(total('dwallet_validator_sign_verified_together_total', { verdict: 'valid' }), 3);
    assert.equal(total('dwallet_validator_sign_verified_together_total', { verdict: 'invalid' }), 3);
    assert.equal(total('dwallet_validator_sign_roles_total', { role: 'signer' }), 3, 'the drawn signers signed the valid request');
    const standing =
      total('dwallet_validator_sign_roles_total', { role: 'standby' }) +
      total('dwallet_validator_sign_roles_total', { role: 'stepped-in' });
    assert.equal(standing, 1, 'the fourth validator output the signature too');
    const signEnded = total('dwallet_validator_sessions_total', { kind: 'sign' });
    assert.ok(signEnded >= 7, `sign sessions ended: ${signEnded} (4 for the valid request, at least the 3 signers' for the broken one)`);
    const relayerMetrics = await metricsOf(devnet.endpoints().relayers[0] as string);
    assert.ok(metricValue(relayerMetrics, 'dwallet_relayer_submissions_total', { outcome: 'landed' }) >= 3);

    // The devnet charges every request kind (devnet/chain-setup.ts DEVNET_FEES); the fees escrowed
    // with the sessions were paid to the relayer that landed their results.
    const fees = (await readCoordinator(devnet.chain())).fees;
    for (const [kind, amount] of Object.entries(DEVNET_FEES)) {
      for (const algorithm of Object.values(SignatureAlgorithm))
        assert.equal(feeOf(fees, Number(kind), algorithm), amount, `fee of request kind ${kind}, algorithm ${algorithm}`);
    }
    const paid = user.watch.all('ResultBatchProcessed').reduce((n, e) => n + (e.value as EventOf<'ResultBatchProcessed'>).fees_paid, 0n);
    assert.ok(
      paid >= DEVNET_FEES[RequestKind.DWALLET_DKG] + DEVNET_FEES[RequestKind.PRESIGN] + DEVNET_FEES[RequestKind.SIGN],
      `fees paid: ${paid}`,
    );
  });

  test('a validator refuses unsigned and malformed envelopes over HTTP with a 4xx and a reason', async () => {
    const url = `${devnet.endpoints().validators[1]}/v1/peer/envelopes`;
    const bare = encodeRoundMessage({
      protocol: '2pc-mpc/ecdsa/sign-session',
      sessionId: new Uint8Array(32).fill(5),
      round: 1,
      attempt: 0,
      sender: 1,
      recipient: null,
      kind: 'share',
      payload: new Uint8Array([1]),
    });
    for (const [body, status, code] of [
      [bare, 401, 'PEER_UNSIGNED'],
      [new Uint8Array([0xde, 0xad]), 400, 'PEER_MALFORMED'],
    ] as const) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body });
      assert.equal(response.status, status);
      const json = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(json.error.code, code);
      assert.ok(json.error.message.length > 0);
    }
    const metrics = await metricsOf(devnet.endpoints().validators[1] as string);
    assert.ok(metricValue(metrics, 'dwallet_validator_peer_errors_total', { code: 'PEER_UNSIGNED' }) >= 1);
  });
});

// Then the tool's suite, on the same devnet.
dwalletCommandsSuite(() => shared().devnet);

/** The pool the validators fill: the network key's secp256k1 ECDSA presigns (the key's other schemes have pools too). */
function ecdsaPool(pool: { network_key_id: string; curve: number; algorithm: number }): boolean {
  return pool.network_key_id === devnet.networkKeyId && pool.curve === Curve.SECP256K1 && pool.algorithm === SignatureAlgorithm.ECDSA;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of the indexer
type Json = any;

/** GET from the devnet's indexer until `ready` holds (it follows the chain a moment behind). */
async function indexed(path: string, ready: (body: Json) => boolean = () => true): Promise<Json> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(`${devnet.endpoints().indexer}${path}`);
    const body = (await response.json()) as Json;
    if (response.ok && ready(body)) return body;
    assert.ok(Date.now() < deadline, `the indexer did not answer ${path} as expected: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The indexer knows the dWallet, its DKG session, the sign session and signature, and the pool. */
async function assertIndexed(dwalletId: string, signSessionId: string, signature: Uint8Array): Promise<void> {
  const wallet = await indexed(`/v1/dwallets/${dwalletId}`, (d) => d.state === 'active');
  assert.equal(wallet.owner, user.address);
  assert.match(wallet.publicKey, /^0x0[23][0-9a-f]{64}$/, 'the public key read from the real DKG output');
  const dkgSession = await indexed(`/v1/sessions/${wallet.sessionId}`);
  assert.equal(dkgSession.kind, 'dkg');
  assert.equal(dkgSession.status, 'completed');
  const signSession = await indexed(`/v1/sessions/${signSessionId}`, (s) => s.status === 'completed');
  assert.equal(signSession.kind, 'sign');
  const signed = await indexed(`/v1/signatures/${signSession.objectId}`, (s) => s.status === 'completed');
  assert.equal(signed.signature, `0x${Buffer.from(signature).toString('hex')}`);
  assert.equal(signed.dwalletId, dwalletId);
  // The pool the indexer reports is the chain's (the validators keep topping it up, so compare until both agree).
  const deadline = Date.now() + 30_000;
  for (;;) {
    const onChain = (await readCoordinator(devnet.chain())).presign_pools.find(ecdsaPool);
    const { pools } = await indexed('/v1/presigns/pool');
    const pool = pools.find((p: Json) => p.networkKeyId === devnet.networkKeyId && p.curve === Curve.SECP256K1 && p.algorithm === 'ecdsa');
    if (pool !== undefined && pool.available === (onChain === undefined ? 0 : availablePresignCount(onChain))) break;
    assert.ok(Date.now() < deadline, `the indexer's pool ${JSON.stringify(pool)} does not match the chain's`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const network = await indexed('/v1/network');
  assert.equal(network.committee.members.length, 4);
}
