/**
 * Fixtures for the indexer tests: an in-process local chain (test/chain/support/local-harness.ts)
 * on which a scenario produces every event kind the coordinator emits, and an indexer over a
 * temporary SQLite file following it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Transaction } from '@mysten/sui/transactions';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Chain, EventPage, ListEventsQuery } from '../../chain/chain.ts';
import { HashScheme, RequestKind } from '../../chain/constants.ts';
import { randomSessionPreimage } from '../../chain/session-id.ts';
import { Indexer, type IndexerOptions } from '../../indexer/indexer.ts';
import { createLogger } from '../../runtime/log.ts';
import { Flows, fakeSignature, type LocalHarness } from '../chain/support/local-harness.ts';

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `dwallet-indexer-${label}-`));
}

export function hexOf(bytes: Uint8Array): string {
  return bytesToHex(new Uint8Array(bytes));
}

/** What the scenario made, by name, for the assertions. */
export interface Scenario {
  user: Ed25519Keypair;
  dkg: { dwalletId: string; capId: string; sessionId: string; output: Uint8Array };
  imported: { dwalletId: string; capId: string; sessionId: string; output: Uint8Array };
  rejectedDkg: { dwalletId: string; sessionId: string };
  pooled: { presignId: string; sessionId: string; output: Uint8Array };
  pendingPresign: { presignId: string; sessionId: string };
  claimed: { presignId: string; capId: string };
  sign: { signId: string; sessionId: string; message: Uint8Array; signature: Uint8Array };
  rejectedSign: { signId: string; sessionId: string };
  future: { partialId: string; sessionId: string; partialCapId: string };
  signWithPartial: { signId: string; sessionId: string };
}

export const MESSAGE = new TextEncoder().encode('transfer 1 ETH');

/** Every event kind on `h`: committee and key (from the harness), requests, results, rejections, batches. */
export async function runScenario(h: LocalHarness): Promise<Scenario> {
  const flows = new Flows(h);
  const user = await h.user();
  await h.setFee(RequestKind.PRESIGN, 0n);
  const dkgWallet = await flows.activeDWallet(user);
  const importedWallet = await flows.activeDWallet(user, { imported: true });
  const rejectedRequest = h.event(h.ok(await flows.requestDWallet(user)), 'DWalletDkgRequested');
  await h.submitResults([
    {
      Rejected: {
        session_id: rejectedRequest.session_id,
        reason_code: 1,
        reason: new TextEncoder().encode('ECDSA_INVALID_DKG_MESSAGE'),
        blamed: [],
      },
    },
  ]);
  const pooled = await flows.pooledPresign(user);
  const pending = h.event(h.ok(await flows.requestPresign(user)), 'PresignRequested');
  const claimedEvent = h.event(h.ok(await flows.claim(user)), 'PresignClaimed');

  const signRequested = h.event(
    h.ok(await flows.sign(user, { dwalletCapId: dkgWallet.capId, presignCapId: claimedEvent.presign_cap_id, message: MESSAGE })),
    'SignRequested',
  );
  const signature = fakeSignature(9, 0);
  await h.submitResults([{ Signature: { session_id: signRequested.session_id, signature } }]);

  const second = await flows.presignCap(user);
  const rejectedSign = h.event(
    h.ok(await flows.sign(user, { dwalletCapId: dkgWallet.capId, presignCapId: second.capId })),
    'SignRequested',
  );
  await h.submitResults([
    {
      Rejected: {
        session_id: rejectedSign.session_id,
        reason_code: 3,
        reason: new TextEncoder().encode('ECDSA_INVALID_SIGN_MESSAGE/proof'),
        blamed: [1],
      },
    },
  ]);

  const third = await flows.presignCap(user);
  const futureTx = new Transaction();
  const partialCap = h.client.requestFutureSign(futureTx, {
    dwalletId: dkgWallet.dwalletId,
    presignCap: await h.ref(third.capId),
    hashScheme: HashScheme.KECCAK256,
    message: MESSAGE,
    sessionPreimage: randomSessionPreimage(),
    userSignMessage: new Uint8Array([0xf5, 0x01]),
    payment: h.client.payFromGas(futureTx, 0n),
  });
  futureTx.transferObjects([partialCap], user.toSuiAddress());
  const futureResult = h.ok(await h.exec(futureTx, user));
  const futureRequested = h.event(futureResult, 'FutureSignRequested');
  await h.submitResults([{ FutureSignVerified: { session_id: futureRequested.session_id } }]);
  const partialCapId = h.created(futureResult, 'PartialSignatureCap')[0] as string;

  const completeTx = new Transaction();
  const approval = h.client.approveMessage(completeTx, {
    dwalletCap: await h.ref(dkgWallet.capId),
    hashScheme: HashScheme.KECCAK256,
    message: MESSAGE,
  });
  h.client.requestSignWithPartialSignature(completeTx, {
    partialSignatureCap: await h.ref(partialCapId),
    approval,
    sessionPreimage: randomSessionPreimage(),
    payment: h.client.payFromGas(completeTx, 0n),
  });
  const withPartial = h.event(h.ok(await h.exec(completeTx, user)), 'SignRequested');

  return {
    user,
    dkg: { ...dkgWallet, sessionId: hexOf(dkgWallet.sessionId) },
    imported: { ...importedWallet, sessionId: hexOf(importedWallet.sessionId) },
    rejectedDkg: { dwalletId: rejectedRequest.dwallet_id, sessionId: hexOf(rejectedRequest.session_id) },
    pooled: { presignId: pooled.presignId, sessionId: hexOf(pooled.sessionId), output: pooled.output },
    pendingPresign: { presignId: pending.presign_id, sessionId: hexOf(pending.session_id) },
    claimed: { presignId: claimedEvent.presign_id, capId: claimedEvent.presign_cap_id },
    sign: { signId: signRequested.sign_id, sessionId: hexOf(signRequested.session_id), message: MESSAGE, signature },
    rejectedSign: { signId: rejectedSign.sign_id, sessionId: hexOf(rejectedSign.session_id) },
    future: { partialId: futureRequested.partial_signature_id, sessionId: hexOf(futureRequested.session_id), partialCapId },
    signWithPartial: { signId: withPartial.sign_id, sessionId: hexOf(withPartial.session_id) },
  };
}

/** Log lines of a test logger. */
export function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger('indexer', { level: 'debug', sink: (line) => lines.push(line) }), lines };
}

export async function openIndexer(chain: Chain, database: IndexerOptions['database'], extra: Partial<IndexerOptions> = {}) {
  return Indexer.open({ chain, database, pageSize: 7, pollIntervalMs: 20, logger: capturingLogger().logger, ...extra });
}

/**
 * The chain as a follower sees it, with one event of the package whose bytes do not decode served
 * before the first real event (the real chain's events, unchanged, around it).
 */
export function withUndecodableEvent(chain: Chain, packageId: string): Chain {
  let injected = false;
  return Object.create(chain, {
    listEvents: {
      value: async (query?: ListEventsQuery): Promise<EventPage> => {
        const page = await chain.listEvents(query);
        if (injected || page.events.length === 0) return page;
        injected = true;
        const first = page.events[0] as EventPage['events'][number];
        const bogus = {
          ...first,
          id: { ...first.id, eventSeq: 999 },
          type: `${packageId}::events::SignRequested`,
          bcs: new Uint8Array([1, 2, 3]),
        };
        return { ...page, events: [bogus, ...page.events] };
      },
    },
  });
}

export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
