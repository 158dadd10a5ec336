/**
 * Sending a prepared signature and receiving the network's.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { type HashScheme, RequestKind } from '../../chain/constants.ts';
import { chainAlgorithm } from '../chain-values.ts';
import { normalizeSessionId } from '../indexer-client.ts';
import { requestEventOf } from '../transactions.ts';
import { type ActionContext, dwalletCapRef, objectRefOf, requestFee } from './context.ts';
import { releasePresign } from './obtain-presign.ts';
import type { PreparedSign } from './prepare-sign.ts';
import { awaitSignature } from './signing.ts';

export interface SignResult {
  readonly signId: string;
  /** The sign session's id (0x-hex). */
  readonly sessionId: string;
  readonly dwalletId: string;
  /**
   * Verified under the dWallet's public key: r ‖ s ‖ recovery id, low s (ECDSA, 65 bytes);
   * x(R) ‖ s under the BIP-86 output key (Taproot, 64); R ‖ S (EdDSA, 64).
   */
  readonly signature: Uint8Array;
  /** What was signed: the 32-byte digest (ECDSA), the 32-byte BIP-340 message (Taproot), the message (EdDSA). */
  readonly digest: Uint8Array;
  readonly hashScheme: HashScheme;
  readonly message: Uint8Array;
}

/**
 * `approve_message` + `request_sign` for a prepared signature in one transaction; waits for the
 * signature and verifies it. The prepared presign cap is free for another operation afterwards
 * (if the request did not consume it).
 *
 * Errors: INVALID_ARGUMENT (a prepared session id that is not one), NOT_FOUND (the dWallet cap or
 * presign cap is gone), NO_SIGNER, ABORTED, TRANSACTION_FAILED, REQUEST_REJECTED, TIMEOUT,
 * CHAIN_DATA_INVALID, SIGNATURE_INVALID.
 */
export async function submitSign(context: ActionContext, prepared: PreparedSign): Promise<SignResult> {
  try {
    return await send(context, prepared);
  } finally {
    releasePresign(context, prepared.presignCapId);
  }
}

async function send(context: ActionContext, prepared: PreparedSign): Promise<SignResult> {
  const { coordinator } = context;
  const fee = await requestFee(context, RequestKind.SIGN, chainAlgorithm(prepared.algorithm));
  context.onProgress('sending approve_message + request_sign');
  const result = await context.transactions.execute('sign', async () => {
    const tx = new Transaction();
    const approval = coordinator.approveMessage(tx, {
      dwalletCap: await dwalletCapRef(context, prepared.capId, prepared.dwalletId),
      hashScheme: prepared.hashScheme,
      message: prepared.message,
    });
    coordinator.requestSign(tx, {
      approval,
      presignCap: await objectRefOf(context, prepared.presignCapId, 'presign cap'),
      sessionPreimage: prepared.sessionPreimage,
      userSignMessage: prepared.userSignMessage,
      payment: coordinator.payFromGas(tx, fee),
    });
    return tx;
  });
  const signId = normalizeSuiAddress(requestEventOf(context.network.packageId, result, 'sign').sign_id);
  const sessionId = normalizeSessionId(prepared.sessionId);
  const signature = await awaitSignature(context, { signId, sessionId }, prepared, prepared.digest);
  return {
    signId,
    sessionId,
    dwalletId: prepared.dwalletId,
    signature,
    digest: prepared.digest.slice(),
    hashScheme: prepared.hashScheme,
    message: prepared.message.slice(),
  };
}
