/**
 * What binds a targeted presign to the dWallet it was made for (PROTOCOL.md §7–8): a digest of the
 * dWallet's output as recorded on chain — its curve, key commitment, creating session, X_A, X_B, X
 * and its own ct_key = Enc(x_B). The digest enters the batch's MPC session id (presign/batch.ts),
 * so every proof of the presign session is bound to it, and the presign itself (presign.ts), so the
 * sign message's transcript binds it and a presign is refused for any other dWallet — by the
 * library, not only by the chain's bookkeeping.
 * @module
 */
import type { ClassGroupSetup } from '../../classgroups/setup.ts';
import { Transcript } from '../../transcript.ts';
import { encodeDWalletOutput } from '../dkg/encoding.ts';
import type { DWalletOutput } from '../dkg/output.ts';

export const PRESIGN_TARGET_LABEL = 'dwallet/ecdsa/presign-target/v1';

export const PRESIGN_TARGET_BYTES = 32;

/** The binding of a dWallet from its output's canonical bytes (as the chain's events carry them). */
export function presignTargetOfOutputBytes(outputBytes: Uint8Array): Uint8Array {
  const transcript = new Transcript(PRESIGN_TARGET_LABEL);
  transcript.append('dwallet-output', outputBytes);
  return transcript.challengeBytes('target', PRESIGN_TARGET_BYTES);
}

/** The binding of a dWallet (its output encoded canonically under the key's setup). */
export function presignTarget(dwallet: DWalletOutput, setup: ClassGroupSetup): Uint8Array {
  return presignTargetOfOutputBytes(encodeDWalletOutput(dwallet, setup));
}
