import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readCoordinator } from '../../chain/object-reader.ts';
import { createLogger } from '../../runtime/log.ts';
import { CommitteeView } from '../../validator/committee-view.ts';
import { ValidatorMetrics } from '../../validator/metrics.ts';
import { PresignPoolFiller, poolShare } from '../../validator/presign-pool.ts';
import { ValidatorStore } from '../../validator/store/database.ts';
import { keypair, LocalHarness } from '../chain/support/local-harness.ts';
import { tempDir, testCommittee } from './support.ts';

/** A share-encryption key for committees of these tests (the secp256k1 generator, compressed). */
const SHARE_ENCRYPTION_KEY = Uint8Array.from(Buffer.from('0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798', 'hex'));

describe('presign pool', () => {
  test('the validators’ shares add up to the deficit exactly, whatever the rotation and weights', () => {
    const { view } = testCommittee(4, 3);
    const weighted = new CommitteeView(1n, {
      members: view.members.map((m, i) => ({
        public_key: m.blsPublicKey,
        weight: BigInt([1, 3, 2, 5][i] as number),
        sui_address: m.suiAddress,
        network_address: 'http://127.0.0.1:1',
        share_encryption_key: SHARE_ENCRYPTION_KEY,
      })),
      total_weight: 11n,
      threshold: 8n,
    });
    for (const committee of [view, weighted]) {
      for (let deficit = 0; deficit <= 13; deficit++) {
        for (let round = 0; round < 8; round++) {
          const shares = committee.members.map((m) => poolShare(committee, m.party, deficit, round));
          assert.equal(
            shares.reduce((a, b) => a + b, 0),
            deficit,
          );
          assert.ok(shares.every((s) => s >= 0));
        }
      }
    }
    // With one unit missing, the validator that takes it changes with the round.
    const takers = new Set([0, 1, 2, 3].map((round) => view.members.find((m) => poolShare(view, m.party, 1, round) === 1)?.party));
    assert.equal(takers.size, 4);
  });

  test('a tick requests this validator’s share of the deficit on chain, and nothing once the pool is full', async () => {
    const harness = await LocalHarness.create();
    const dir = tempDir('pool');
    const store = ValidatorStore.open(join(dir, 'v.sqlite'));
    try {
      const coordinator = await readCoordinator(harness.chain);
      const view = new CommitteeView(coordinator.epoch, coordinator.committee);
      store.setNetworkKey(0, harness.networkKeyId);
      const payer = keypair(77);
      await harness.ledger.faucet(payer.toSuiAddress());
      const fillers = view.members.map(
        (m) =>
          new PresignPoolFiller({
            chain: harness.chain,
            client: harness.client,
            store,
            keypair: payer,
            view: () => view,
            self: m.party,
            target: 6,
            curves: ['secp256k1'],
            perTransaction: 16,
            intervalMs: 1000,
            metrics: new ValidatorMetrics(),
            logger: createLogger('validator', { level: 'error' }),
          }),
      );
      await (fillers[0] as PresignPoolFiller).tick();
      const pending = async () => (await readCoordinator(harness.chain)).presign_pools[0]?.pending ?? 0n;
      const first = await pending();
      assert.ok(first >= 1n && first <= 2n, `one validator asks for its share (${first})`);
      // Each reading splits what is still missing; a few rounds of readings fill the pool, never above the target.
      for (let round = 0; round < 4; round++) {
        for (const filler of fillers) {
          await filler.tick();
          assert.ok((await pending()) <= 6n);
        }
      }
      assert.equal(await pending(), 6n);
    } finally {
      store.close();
      harness.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
