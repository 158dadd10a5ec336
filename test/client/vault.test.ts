/**
 * The vault SDK without a network:
 *
 * - assembling the signed transactions from what the vault built and the network signed: the
 *   unsigned EIP-1559 transactions and BIP-143 preimages are made by the local chain's mirror of
 *   the Move code (chain/local/move/eip1559.ts, bip143.ts), signed with @noble/curves under a
 *   random key in the network's r ‖ s ‖ v format, and the SDK's result is checked with viem and
 *   @scure/btc-signer; a signed message that is not the transaction's, a signature by another key,
 *   a vault hash that is not the key's are refused;
 * - every kind of bad input of every vault action is refused with its code before the chain is
 *   touched (the context's chain throws on any use).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import { OutScript, p2wpkh, SigHash, Transaction } from '@scure/btc-signer';
import { getAddress, parseTransaction, recoverTransactionAddress } from 'viem';
import { publicKeyToAddress } from 'viem/accounts';
import type { Chain } from '../../chain/chain.ts';
import * as bip143 from '../../chain/local/move/bip143.ts';
import { unsigned_transaction } from '../../chain/local/move/eip1559.ts';
import { type ActionContext, createActionContext } from '../../client/actions/context.ts';
import { parseNetworkDescription } from '../../client/network.ts';
import { MemorySecretShareStore } from '../../client/secret-store.ts';
import {
  approveProposal,
  assembleBitcoinSpend,
  assembleEthereumTransfer,
  cancelProposal,
  changeVaultRules,
  createVault,
  executeBitcoinSpend,
  executeEthereumTransfer,
  getProposal,
  proposeBitcoinSpend,
  proposeEthereumTransfer,
  type VaultRuleChange,
} from '../../client/vault/index.ts';
import { internalTxid } from '../../client/vault/vault-scripts.ts';
import { randomBelow as uniformBelow } from '../../mpc/numbers/random.ts';
import { testRng } from '../support/random.ts';

const rng = testRng('client/vault');
const randomBytes = (n: number) => rng.bytes(n);
const randomBelow = (bound: bigint) => uniformBelow(rng, bound);

/** The network's signature format: r ‖ s ‖ recovery id, low s. */
function networkSign(digest: Uint8Array, secretKey: Uint8Array): Uint8Array {
  const recovered = secp256k1.sign(digest, secretKey, { prehash: false, lowS: true, format: 'recovered' });
  return concatBytes(recovered.subarray(1), recovered.subarray(0, 1));
}

function key() {
  const secretKey = secp256k1.utils.randomSecretKey(randomBytes(48));
  return { secretKey, publicKey: secp256k1.getPublicKey(secretKey, true) };
}

function hash160(bytes: Uint8Array): Uint8Array {
  return ripemd160(sha256(bytes));
}

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

// === Ethereum ===

function randomTransfer() {
  const maxFeePerGas = randomBelow(4n) === 0n ? 0n : randomBelow(1n << BigInt(8 + Number(randomBelow(120n))));
  return {
    chainId: [1n, 11_155_111n, 1n + randomBelow(BigInt(Number.MAX_SAFE_INTEGER))][Number(randomBelow(3n))] as bigint,
    nonce: randomBelow(2n) === 0n ? randomBelow(1000n) : randomBelow(BigInt(Number.MAX_SAFE_INTEGER)),
    to: getAddress(`0x${bytesToHex(randomBytes(20))}`),
    value: randomBelow(3n) === 0n ? 0n : randomBelow(1n << BigInt(1 + Number(randomBelow(255n)))),
    maxFeePerGas,
    maxPriorityFeePerGas: maxFeePerGas === 0n ? 0n : randomBelow(maxFeePerGas + 1n),
    gasLimit: 21_000n + randomBelow(10_000_000n),
  };
}

function vaultUnsigned(t: ReturnType<typeof randomTransfer>): Uint8Array {
  return unsigned_transaction(
    t.chainId,
    t.nonce,
    t.maxPriorityFeePerGas,
    t.maxFeePerGas,
    t.gasLimit,
    Buffer.from(t.to.slice(2), 'hex'),
    t.value,
    new Uint8Array(),
  );
}

describe('vault: the signed Ethereum transaction', () => {
  test('60 random transfers built by the Move mirror, signed in the network format: viem recovers the dWallet address', async () => {
    for (let i = 0; i < 60; i++) {
      const { secretKey, publicKey } = key();
      const transfer = randomTransfer();
      const unsigned = vaultUnsigned(transfer);
      const signature = networkSign(keccak_256(unsigned), secretKey);
      const signed = await assembleEthereumTransfer({ transfer, publicKey, signedMessage: unsigned, signature });
      const expected = publicKeyToAddress(`0x${secp256k1.Point.fromBytes(publicKey).toHex(false)}`);
      assert.equal(await recoverTransactionAddress({ serializedTransaction: signed.serialized }), expected);
      assert.equal(signed.from, expected);
      const parsed = parseTransaction(signed.serialized);
      assert.equal(parsed.type, 'eip1559');
      assert.equal(BigInt(parsed.chainId as number), transfer.chainId);
      assert.equal(BigInt(parsed.nonce ?? 0), transfer.nonce);
      assert.equal(parsed.to?.toLowerCase(), transfer.to.toLowerCase());
      assert.equal(parsed.value ?? 0n, transfer.value);
      assert.equal(parsed.gas, transfer.gasLimit);
      assert.equal(parsed.maxFeePerGas ?? 0n, transfer.maxFeePerGas);
      assert.equal(parsed.maxPriorityFeePerGas ?? 0n, transfer.maxPriorityFeePerGas);
      assert.equal(parsed.data, undefined);
      assert.deepEqual(parsed.accessList ?? [], []);
    }
  });

  test('a nonce above 2^53 − 1 (EIP-2681 allows 2^64 − 1) is signed and checked on the RLP list', async () => {
    const { secretKey, publicKey } = key();
    const transfer = { ...randomTransfer(), nonce: (1n << 64n) - 1n };
    const unsigned = vaultUnsigned(transfer);
    const signed = await assembleEthereumTransfer({
      transfer,
      publicKey,
      signedMessage: unsigned,
      signature: networkSign(keccak_256(unsigned), secretKey),
    });
    assert.equal(signed.from, publicKeyToAddress(`0x${secp256k1.Point.fromBytes(publicKey).toHex(false)}`));
  });

  test('refused: a signed message that is not the transfer, a signature by another key, a high s, a malformed signature', async () => {
    const { secretKey, publicKey } = key();
    const transfer = randomTransfer();
    const unsigned = vaultUnsigned(transfer);
    const other = vaultUnsigned({ ...transfer, nonce: transfer.nonce + 1n });
    await assert.rejects(
      assembleEthereumTransfer({ transfer, publicKey, signedMessage: other, signature: networkSign(keccak_256(other), secretKey) }),
      (e) => codeOf(e) === 'CHAIN_DATA_INVALID',
    );
    await assert.rejects(
      assembleEthereumTransfer({
        transfer,
        publicKey,
        signedMessage: unsigned,
        signature: networkSign(keccak_256(unsigned), key().secretKey),
      }),
      (e) => codeOf(e) === 'ETH_SIGNER_MISMATCH',
    );
    const low = networkSign(keccak_256(unsigned), secretKey);
    const s = BigInt(`0x${bytesToHex(low.subarray(32, 64))}`);
    const high = concatBytes(
      low.subarray(0, 32),
      Buffer.from((secp256k1.Point.Fn.ORDER - s).toString(16).padStart(64, '0'), 'hex'),
      Uint8Array.of((low[64] as number) ^ 1),
    );
    await assert.rejects(
      assembleEthereumTransfer({ transfer, publicKey, signedMessage: unsigned, signature: high }),
      (e) => codeOf(e) === 'CLIENT_SIGNATURE_HIGH_S',
    );
    await assert.rejects(
      assembleEthereumTransfer({ transfer, publicKey, signedMessage: unsigned, signature: low.subarray(0, 64) }),
      (e) => codeOf(e) === 'CLIENT_SIGNATURE_MALFORMED',
    );
  });
});

// === Bitcoin ===

function randomScript(): Uint8Array {
  switch (Number(randomBelow(4n))) {
    case 0:
      return OutScript.encode({ type: 'wpkh', hash: randomBytes(20) });
    case 1:
      return OutScript.encode({ type: 'tr', pubkey: secp256k1.getPublicKey(key().secretKey, true).subarray(1) });
    case 2:
      return OutScript.encode({ type: 'sh', hash: randomBytes(20) });
    default:
      return OutScript.encode({ type: 'wsh', hash: randomBytes(32) });
  }
}

function randomSpend(pubkeyHash: Uint8Array) {
  const inputs = Array.from({ length: 1 + Number(randomBelow(4n)) }, () => ({
    txid: bytesToHex(randomBytes(32)),
    vout: Number(randomBelow(1000n)),
    value: 10_000n + randomBelow(10_000_000n),
    sequence: 0xfffffffd,
  }));
  const total = inputs.reduce((s, i) => s + i.value, 0n);
  const outputs = Array.from({ length: 1 + Number(randomBelow(4n)) }, () => ({
    value: 1_000n + randomBelow(total / 10n),
    scriptPubKey: randomBelow(4n) === 0n ? OutScript.encode({ type: 'wpkh', hash: pubkeyHash }) : randomScript(),
  }));
  return { inputs, outputs, lockTime: randomBelow(2n) === 0n ? 0 : Number(randomBelow(1n << 32n)) };
}

/** What the vault approves for each input: the Move mirror's BIP-143 preimage (txids in internal order). */
function vaultPreimages(spend: ReturnType<typeof randomSpend>, pubkeyHash: Uint8Array): Uint8Array[] {
  const inputs = spend.inputs.map((i) => bip143.new_input(internalTxid(i.txid), i.vout, i.value, i.sequence));
  const outputs = spend.outputs.map((o) => bip143.new_output(o.value, o.scriptPubKey));
  return inputs.map((_, index) => bip143.p2wpkh_sighash_preimage(2, inputs, BigInt(index), pubkeyHash, outputs, spend.lockTime));
}

describe('vault: the signed Bitcoin transaction', () => {
  test('40 random spends (1–4 inputs, 1–4 outputs of every script type) built by the Move mirror: @scure/btc-signer parses them and every witness verifies', () => {
    for (let n = 0; n < 40; n++) {
      const { secretKey, publicKey } = key();
      const pubkeyHash = hash160(publicKey);
      const spend = randomSpend(pubkeyHash);
      const preimages = vaultPreimages(spend, pubkeyHash);
      const signatures = preimages.map((p) => networkSign(bip143.sighash(p), secretKey));
      const signed = assembleBitcoinSpend({ spend, publicKey, network: 'regtest', signedMessages: preimages, signatures });

      const tx = Transaction.fromRaw(Buffer.from(signed.hex, 'hex'), { allowUnknownOutputs: true });
      assert.equal(tx.id, signed.txid);
      assert.equal(tx.version, 2);
      assert.equal(tx.lockTime, spend.lockTime);
      assert.equal(tx.inputsLength, spend.inputs.length);
      assert.equal(tx.outputsLength, spend.outputs.length);
      const own = p2wpkh(publicKey);
      spend.outputs.forEach((output, i) => {
        assert.equal(tx.getOutput(i).amount, output.value);
        assert.equal(bytesToHex(tx.getOutput(i).script as Uint8Array), bytesToHex(output.scriptPubKey));
      });
      spend.inputs.forEach((input, i) => {
        const parsed = tx.getInput(i);
        assert.equal(bytesToHex(parsed.txid as Uint8Array), input.txid);
        assert.equal(parsed.index, input.vout);
        assert.equal(parsed.sequence, 0xfffffffd);
        const [sig, witnessKey] = parsed.finalScriptWitness as Uint8Array[];
        assert.equal(bytesToHex(witnessKey as Uint8Array), bytesToHex(publicKey));
        const scriptCode = Uint8Array.of(0x76, 0xa9, 0x14, ...own.hash, 0x88, 0xac);
        const sighash = tx.preimageWitnessV0(i, scriptCode, SigHash.ALL, input.value);
        assert.equal(bytesToHex(sighash), bytesToHex(bip143.sighash(preimages[i] as Uint8Array)));
        assert.ok(secp256k1.verify((sig as Uint8Array).subarray(0, -1), sighash, publicKey, { prehash: false, format: 'der' }));
      });
    }
  });

  test('refused: a preimage the vault built for other outputs, a vault hash that is not the key’s, a missing or foreign signature', () => {
    const { secretKey, publicKey } = key();
    const pubkeyHash = hash160(publicKey);
    const spend = randomSpend(pubkeyHash);
    const preimages = vaultPreimages(spend, pubkeyHash);
    const signatures = preimages.map((p) => networkSign(bip143.sighash(p), secretKey));
    const otherOutputs = { ...spend, outputs: [...spend.outputs, { value: 5_000n, scriptPubKey: randomScript() }] };
    const foreign = vaultPreimages(otherOutputs, pubkeyHash);
    assert.throws(
      () => assembleBitcoinSpend({ spend, publicKey, network: 'regtest', signedMessages: foreign, signatures }),
      (e) => codeOf(e) === 'CHAIN_DATA_INVALID',
    );
    const wrongHash = vaultPreimages(spend, randomBytes(20));
    assert.throws(
      () =>
        assembleBitcoinSpend({
          spend,
          publicKey,
          network: 'regtest',
          signedMessages: wrongHash,
          signatures: wrongHash.map((p) => networkSign(bip143.sighash(p), secretKey)),
        }),
      (e) => codeOf(e) === 'CHAIN_DATA_INVALID',
    );
    assert.throws(
      () => assembleBitcoinSpend({ spend, publicKey, network: 'regtest', signedMessages: preimages, signatures: signatures.slice(1) }),
      (e) => codeOf(e) === 'BTC_SIGNATURE_COUNT',
    );
    const other = key().secretKey;
    assert.throws(
      () =>
        assembleBitcoinSpend({
          spend,
          publicKey,
          network: 'regtest',
          signedMessages: preimages,
          signatures: preimages.map((p) => networkSign(bip143.sighash(p), other)),
        }),
      (e) => codeOf(e) === 'BTC_SIGNATURE_INVALID',
    );
  });
});

// === Bad input of the actions ===

/** A chain that fails the test if anything reads from it or sends to it. */
const untouchable = new Proxy(
  {},
  {
    get(_, property) {
      if (property === 'then') return undefined;
      return () => {
        throw new Error(`the chain was used (${String(property)}) although the input was bad`);
      };
    },
  },
) as Chain;

const ID = (byte: string) => `0x${byte.repeat(32)}`;

function offlineContext(): ActionContext {
  const network = parseNetworkDescription({
    version: 1,
    chain: { kind: 'sui', url: 'http://127.0.0.1:9' },
    indexer: 'http://127.0.0.1:9',
    packageId: ID('2a'),
    coordinatorId: ID('11'),
    networkKeyId: ID('22'),
    curves: ['secp256k1'],
  });
  return createActionContext({
    network,
    chain: untouchable,
    deployment: { packageId: network.packageId, coordinatorId: network.coordinatorId, coordinatorInitialSharedVersion: 1n },
    indexer: null,
    signer: Ed25519Keypair.generate(),
    secrets: new MemorySecretShareStore(),
    timeoutMs: 1000,
  });
}

const A = ID('a1');
const B = ID('b2');
const VAULT = ID('cc');
const ETH = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const REGTEST_ADDRESS = p2wpkh(secp256k1.getPublicKey(new Uint8Array(32).fill(9), true), {
  bech32: 'bcrt',
  pubKeyHash: 0x6f,
  scriptHash: 0xc4,
  wif: 0xef,
}).address as string;

async function refused(promise: Promise<unknown>, code: string, field?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.equal(codeOf(error), code, (error as Error).message);
    if (field !== undefined) assert.match((error as Error).message, field);
    return true;
  });
}

describe('vault actions refuse bad input before touching the chain', () => {
  const context = offlineContext();
  const create = (extra: Record<string, unknown>) =>
    createVault(context, { dwalletId: ID('dd'), approvers: [A, B], requiredApprovals: 2, ethereumChainId: 1, ...extra } as never);

  const creation: [string, Record<string, unknown>, RegExp][] = [
    ['a dWallet id that is not one', { dwalletId: 'dwallet' }, /dwalletId/],
    ['no approvers', { approvers: [] }, /approvers must be a non-empty array/],
    ['approvers that are not an array', { approvers: A }, /approvers must be a non-empty array/],
    ['65 approvers', { approvers: Array.from({ length: 65 }, (_, i) => ID((i + 16).toString(16).padStart(2, '0'))) }, /at most 64/],
    ['an approver that is not an address', { approvers: [A, 'bob'] }, /approvers\[1\]/],
    ['an approver named twice', { approvers: [A, B, A.toUpperCase().replace('0X', '0x')] }, /named twice/],
    ['k of 0', { requiredApprovals: 0 }, /requiredApprovals must be from 1 to 2/],
    ['k above the approvers', { requiredApprovals: 3 }, /requiredApprovals must be from 1 to 2/],
    ['a fractional k', { requiredApprovals: 1.5 }, /requiredApprovals must be a whole number/],
    ['k as a string', { requiredApprovals: '2' }, /requiredApprovals must be a number or a bigint/],
    ['chain id 0', { ethereumChainId: 0 }, /ethereumChainId/],
    ['a chain id above u64', { ethereumChainId: 1n << 64n }, /ethereumChainId/],
    ['a timelock above 365 days', { timelockMs: 31_536_000_001n }, /timelockMs/],
    ['a negative timelock', { timelockMs: -1 }, /timelockMs/],
    ['a cap recipient that is not an address', { adminCapRecipient: 'me' }, /adminCapRecipient/],
  ];
  for (const [name, extra, message] of creation) {
    test(`create: ${name}`, () => refused(create(extra), 'INVALID_ARGUMENT', message));
  }

  const rules: [string, VaultRuleChange | unknown, string, RegExp][] = [
    ['an unknown rule', { rule: 'freeze' }, 'INVALID_ARGUMENT', /rule must be one of/],
    ['an approver that is not an address', { rule: 'add-approver', approver: '0xzz' }, 'INVALID_ARGUMENT', /approver/],
    ['removing a non-address', { rule: 'remove-approver', approver: 7 }, 'INVALID_ARGUMENT', /approver/],
    ['k of 0', { rule: 'required-approvals', requiredApprovals: 0 }, 'INVALID_ARGUMENT', /requiredApprovals/],
    [
      'a short Ethereum address',
      { rule: 'allow-recipient', recipient: { chain: 'ethereum', address: '0x1234' } },
      'ETH_INVALID_ADDRESS',
      /address/,
    ],
    [
      'a wrong EIP-55 checksum',
      { rule: 'allow-recipient', recipient: { chain: 'ethereum', address: ETH.replace('C51', 'c51') } },
      'ETH_INVALID_ADDRESS',
      /checksum/,
    ],
    ['an unknown chain', { rule: 'allow-recipient', recipient: { chain: 'solana', address: ETH } }, 'INVALID_ARGUMENT', /chain must be/],
    [
      'a Bitcoin address of another network',
      { rule: 'allow-recipient', recipient: { chain: 'bitcoin', address: REGTEST_ADDRESS, network: 'mainnet' } },
      'BTC_INVALID_ADDRESS',
      /not a valid mainnet address/,
    ],
    [
      'a Bitcoin address that does not decode',
      { rule: 'disallow-recipient', recipient: { chain: 'bitcoin', address: 'bcrt1qnothing', network: 'regtest' } },
      'BTC_INVALID_ADDRESS',
      /recipient.address/,
    ],
    [
      'an unknown Bitcoin network',
      { rule: 'allow-recipient', recipient: { chain: 'bitcoin', address: REGTEST_ADDRESS, network: 'signet' } },
      'BTC_INVALID_NETWORK',
      /signet/,
    ],
    [
      'an empty scriptPubKey',
      { rule: 'allow-recipient', recipient: { chain: 'bitcoin', scriptPubKey: new Uint8Array() } },
      'INVALID_ARGUMENT',
      /scriptPubKey must be 1 to 83 bytes/,
    ],
    [
      'an 84-byte scriptPubKey',
      { rule: 'allow-recipient', recipient: { chain: 'bitcoin', scriptPubKey: new Uint8Array(84) } },
      'INVALID_ARGUMENT',
      /scriptPubKey must be 1 to 83 bytes/,
    ],
    ['a recipient that is not an object', { rule: 'allow-recipient', recipient: ETH }, 'INVALID_ARGUMENT', /recipient must be/],
    [
      'a period of 0',
      { rule: 'spending-limit', chain: 'ethereum', periodMs: 0, limitPerPeriod: 1n, largeAmount: 1n },
      'INVALID_ARGUMENT',
      /periodMs/,
    ],
    [
      'a period above 365 days',
      { rule: 'spending-limit', chain: 'bitcoin', periodMs: 31_536_000_001n, limitPerPeriod: 1n, largeAmount: 1n },
      'INVALID_ARGUMENT',
      /periodMs/,
    ],
    [
      'a negative limit',
      { rule: 'spending-limit', chain: 'ethereum', periodMs: 1000, limitPerPeriod: -1n, largeAmount: 1n },
      'INVALID_ARGUMENT',
      /limitPerPeriod/,
    ],
    [
      'a limit as a number',
      { rule: 'spending-limit', chain: 'ethereum', periodMs: 1000, limitPerPeriod: 5, largeAmount: 1n },
      'INVALID_ARGUMENT',
      /limitPerPeriod must be a bigint/,
    ],
    [
      'a large amount above u256',
      { rule: 'spending-limit', chain: 'ethereum', periodMs: 1000, limitPerPeriod: 1n, largeAmount: 1n << 256n },
      'INVALID_ARGUMENT',
      /largeAmount/,
    ],
    [
      'a limit on an unknown chain',
      { rule: 'spending-limit', chain: 'dogecoin', periodMs: 1000, limitPerPeriod: 1n, largeAmount: 1n },
      'INVALID_ARGUMENT',
      /chain must be/,
    ],
    ['a timelock above 365 days', { rule: 'timelock', timelockMs: 31_536_000_001n }, 'INVALID_ARGUMENT', /timelockMs/],
    ['a negative nonce', { rule: 'ethereum-nonce', nonce: -1 }, 'INVALID_ARGUMENT', /nonce/],
    ['a nonce above 2^64 − 1', { rule: 'ethereum-nonce', nonce: 1n << 64n }, 'INVALID_ARGUMENT', /nonce/],
  ];
  for (const [name, change, code, message] of rules) {
    test(`rules: ${name}`, () => refused(changeVaultRules(context, VAULT, [change as VaultRuleChange]), code, message));
  }
  test('rules: no change at all', () => refused(changeVaultRules(context, VAULT, []), 'INVALID_ARGUMENT', /non-empty/));
  test('rules: a vault id that is not one', () =>
    refused(changeVaultRules(context, 'vault', [{ rule: 'timelock', timelockMs: 0 }]), 'INVALID_ARGUMENT', /vaultId/));

  const transfer = { to: ETH, value: 1n, maxFeePerGas: 2n, maxPriorityFeePerGas: 1n };
  const transfers: [string, Record<string, unknown>, string][] = [
    ['a short recipient', { to: '0x12' }, 'ETH_INVALID_ADDRESS'],
    ['a wrong checksum', { to: ETH.replace('C51', 'c51') }, 'ETH_INVALID_ADDRESS'],
    ['a negative value', { value: -1n }, 'ETH_INVALID_FIELD'],
    ['a value as a number', { value: 1 }, 'ETH_INVALID_FIELD'],
    ['a value of 2^256', { value: 1n << 256n }, 'ETH_INVALID_FIELD'],
    ['a gas limit below 21,000', { gasLimit: 20_999n }, 'ETH_INVALID_FIELD'],
    ['a tip above the fee cap', { maxPriorityFeePerGas: 3n }, 'ETH_INVALID_FIELD'],
    ['no fee cap', { maxFeePerGas: undefined }, 'ETH_MISSING_FIELD'],
  ];
  for (const [name, extra, code] of transfers) {
    test(`propose Ethereum: ${name}`, () => refused(proposeEthereumTransfer(context, VAULT, { ...transfer, ...extra } as never), code));
  }

  const TXID = 'ab'.repeat(32);
  const spend = {
    network: 'regtest',
    inputs: [{ txid: TXID, vout: 0, amount: 100_000n }],
    outputs: [{ address: REGTEST_ADDRESS, amount: 40_000n }],
    fee: 1_000n,
  };
  const spends: [string, Record<string, unknown>, string][] = [
    ['a recipient of another network', { network: 'mainnet' }, 'BTC_INVALID_ADDRESS'],
    ['an unknown network', { network: 'signet' }, 'BTC_INVALID_NETWORK'],
    ['a txid that is not 64 hex digits', { inputs: [{ txid: 'abcd', vout: 0, amount: 100_000n }] }, 'BTC_INVALID_OUTPOINT'],
    ['a vout above u32', { inputs: [{ txid: TXID, vout: 2 ** 32, amount: 100_000n }] }, 'BTC_INVALID_OUTPOINT'],
    ['the same outpoint twice', { inputs: [spend.inputs[0], spend.inputs[0]] }, 'BTC_DUPLICATE_INPUT'],
    ['an amount above 21M BTC', { outputs: [{ address: REGTEST_ADDRESS, amount: 2_100_000_000_000_001n }] }, 'BTC_INVALID_AMOUNT'],
    ['a dust output', { outputs: [{ address: REGTEST_ADDRESS, amount: 100n }] }, 'BTC_DUST_OUTPUT'],
    ['change below dust', { fee: 59_900n }, 'BTC_DUST_OUTPUT'],
    ['outputs above the inputs', { outputs: [{ address: REGTEST_ADDRESS, amount: 200_000n }] }, 'BTC_INSUFFICIENT_FUNDS'],
    ['a fee below 1 sat/vB', { fee: 10n }, 'BTC_FEE_TOO_LOW'],
    ['no inputs', { inputs: [] }, 'BTC_INVALID_TRANSACTION'],
    ['no outputs', { outputs: [] }, 'BTC_INVALID_TRANSACTION'],
  ];
  for (const [name, extra, code] of spends) {
    test(`propose Bitcoin: ${name}`, () => refused(proposeBitcoinSpend(context, VAULT, { ...spend, ...extra } as never), code));
  }

  for (const [name, id] of [
    ['a negative proposal id', -1],
    ['a fractional proposal id', 1.5],
    ['a proposal id above u64', 1n << 64n],
    ['a proposal id as a string', '3'],
  ] as const) {
    test(`approve, cancel, execute, read: ${name}`, async () => {
      await refused(approveProposal(context, VAULT, id as never), 'INVALID_ARGUMENT', /proposalId/);
      await refused(cancelProposal(context, VAULT, id as never), 'INVALID_ARGUMENT', /proposalId/);
      await refused(executeEthereumTransfer(context, VAULT, id as never), 'INVALID_ARGUMENT', /proposalId/);
      await refused(executeBitcoinSpend(context, VAULT, id as never), 'INVALID_ARGUMENT', /proposalId/);
      await refused(getProposal(context, VAULT, id as never), 'INVALID_ARGUMENT', /proposalId/);
    });
  }
  for (const [name, gasBudget] of [
    ['a gas budget of 0', 0n],
    ['a negative gas budget', -5n],
    ['a gas budget above Sui’s maximum', 50_000_000_000_001n],
    ['a fractional gas budget', 1.5],
  ] as const) {
    test(`execute: ${name}`, async () => {
      await refused(executeEthereumTransfer(context, VAULT, 0, { gasBudget: gasBudget as bigint }), 'INVALID_ARGUMENT', /gasBudget/);
      await refused(executeBitcoinSpend(context, VAULT, 0, { gasBudget: gasBudget as bigint }), 'INVALID_ARGUMENT', /gasBudget/);
    });
  }
  test('execute Bitcoin: an unknown network', () =>
    refused(executeBitcoinSpend(context, VAULT, 0, { network: 'signet' as never }), 'BTC_INVALID_NETWORK'));
  test('execute and read: a vault id that is not one', async () => {
    await refused(executeEthereumTransfer(context, '0xvault', 0), 'INVALID_ARGUMENT', /vaultId/);
    await refused(getProposal(context, VAULT, 0, { bitcoinNetwork: 'signet' as never }), 'BTC_INVALID_NETWORK');
  });
});
