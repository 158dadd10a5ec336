/**
 * Robustness: signed transactions whose commands and arguments are scrambled at random never
 * crash the local chain. Each is either refused with a typed error or executed (successfully or
 * with a failed status), and the chain keeps working afterwards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bcs } from '@mysten/sui/bcs';
import { Transaction } from '@mysten/sui/transactions';
import { HashScheme } from '../../../chain/constants.ts';
import { ChainError } from '../../../chain/errors.ts';
import { randomSessionPreimage } from '../../../chain/session-id.ts';
import { signTransaction } from '../../../chain/transaction-signer.ts';
import { Flows, LocalHarness } from '../support/local-harness.ts';

/** A small deterministic generator, so a failure can be replayed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  return { int: (n: number) => next() % n, bytes: (n: number) => Uint8Array.from({ length: n }, () => next() & 0xff) };
}

type Arg = { GasCoin: true } | { Input: number } | { Result: number } | { NestedResult: [number, number] };

describe('local chain: scrambled transactions', () => {
  let h: LocalHarness;
  let flows: Flows;
  before(async () => {
    h = await LocalHarness.create();
    flows = new Flows(h);
  });
  after(() => h.close());

  it('refuses or fails 80 scrambled transactions with typed outcomes and keeps working', async () => {
    const user = await h.user();
    const wallet = await flows.activeDWallet(user);
    const random = generator(20261123);
    const outcomes = { refused: 0, failed: 0, succeeded: 0 };
    let presign = await flows.presignCap(user);
    for (let round = 0; round < 80; round++) {
      if (!(await h.chain.getObject(presign.capId))) presign = await flows.presignCap(user);
      const tx = new Transaction();
      const approval = h.client.approveMessage(tx, {
        dwalletCap: await h.ref(wallet.capId),
        hashScheme: HashScheme.SHA256,
        message: new Uint8Array([round]),
      });
      h.client.requestSign(tx, {
        approval,
        presignCap: await h.ref(presign.capId),
        sessionPreimage: randomSessionPreimage(),
        userSignMessage: new Uint8Array([1]),
        payment: h.client.payFromGas(tx, 0n),
      });
      const signed = await signTransaction(h.chain, tx, user);
      const data = bcs.TransactionData.parse(signed.bytes);
      const ptb = data.V1?.kind.ProgrammableTransaction;
      assert.ok(ptb);
      const randomArg = (): Arg => {
        switch (random.int(4)) {
          case 0:
            return { GasCoin: true };
          case 1:
            return { Input: random.int(ptb.inputs.length + 2) };
          case 2:
            return { Result: random.int(ptb.commands.length + 1) };
          default:
            return { NestedResult: [random.int(ptb.commands.length + 1), random.int(3)] };
        }
      };
      for (let m = 0; m <= random.int(3); m++) {
        const command = ptb.commands[random.int(ptb.commands.length)] as unknown as Record<string, { arguments?: Arg[]; amounts?: Arg[] }>;
        const body = Object.values(command).find((v) => typeof v === 'object' && v !== null) as
          | { arguments?: Arg[]; amounts?: Arg[] }
          | undefined;
        const list = body?.arguments ?? body?.amounts;
        const choice = random.int(4);
        if (choice === 0 && list && list.length > 0) list[random.int(list.length)] = randomArg();
        else if (choice === 1 && list && list.length > 0) list.splice(random.int(list.length), 1);
        else if (choice === 2) {
          const input = ptb.inputs[random.int(ptb.inputs.length)];
          if (input?.Pure) input.Pure.bytes = Buffer.from(random.bytes(random.int(40))).toString('base64');
        } else if (list) list.push(randomArg());
      }
      const bytes = bcs.TransactionData.serialize(data).toBytes();
      const { signature } = await user.signTransaction(bytes);
      try {
        const result = await h.chain.executeTransaction({ bytes, signatures: [signature] });
        if (result.status.success) outcomes.succeeded += 1;
        else outcomes.failed += 1;
      } catch (error) {
        assert.ok(error instanceof ChainError, `round ${round}: an untyped error escaped: ${String(error)}`);
        outcomes.refused += 1;
      }
    }
    assert.ok(outcomes.failed > 0, JSON.stringify(outcomes));
    if (!(await h.chain.getObject(presign.capId))) presign = await flows.presignCap(user);
    h.ok(await flows.sign(user, { dwalletCapId: wallet.capId, presignCapId: presign.capId }), 'the chain still works');
  });
});
