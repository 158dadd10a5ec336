/**
 * Turning a verified future sign into a signature.
 * @module
 */
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { equalBytes } from '@noble/curves/utils.js';
import { RequestKind, SignatureAlgorithm } from '../../chain/constants.ts';
import type { HashScheme } from '../../mpc/ecdsa/hash-schemes.ts';
import { decodeDWalletOutput, digestMessage } from '../../mpc/ecdsa/index.ts';
import { addressArgument, bytesArgument } from '../arguments.ts';
import { algorithmOfChain, curveOfChain } from '../chain-values.ts';
import { ClientError, ClientErrorCodes, invalidArgument } from '../errors.ts';
import { type HashSchemeInput, parseHashScheme } from '../hash-schemes.ts';
import { requestEventOf } from '../transactions.ts';
import { type ActionContext, newSession, objectRefOf, requestFee } from './context.ts';
import { readDWalletObject } from './reads/dwallet-object.ts';
import { readPartialSignature } from './reads/partial-signature.ts';
import { awaitSignature } from './signing.ts';
import type { SignResult } from './submit-sign.ts';

export interface CompleteFutureSignParameters {
  readonly partialSignatureCapId: string;
  /** When given, must be the partial signature's message. */
  readonly message?: Uint8Array;
  /** When given, must be the partial signature's scheme. */
  readonly hashScheme?: HashSchemeInput;
}

/**
 * Completes a verified future sign: `approve_message` (with the dWallet cap) +
 * `request_sign_with_partial_signature`, then the signature, verified. The message and scheme are
 * read from the partial signature on chain. No secret share is needed: the user's part is already
 * on chain; the signer must hold both caps.
 *
 * Errors: INVALID_ARGUMENT (a bad cap id, or a message or scheme other than the partial
 * signature's), NOT_FOUND (no such cap or partial signature), UNKNOWN_DWALLET, NO_SIGNER, ABORTED,
 * TRANSACTION_FAILED, REQUEST_REJECTED, TIMEOUT, CHAIN_DATA_INVALID, SIGNATURE_INVALID.
 */
export async function completeFutureSign(context: ActionContext, parameters: CompleteFutureSignParameters): Promise<SignResult> {
  const { coordinator, network } = context;
  const capId = addressArgument(parameters.partialSignatureCapId, 'partialSignatureCapId');
  const { partial } = await readPartialSignature(context, capId);
  const message = new Uint8Array(partial.message);
  const scheme = partial.hash_scheme as HashScheme;
  if (parameters.message !== undefined && !equalBytes(bytesArgument(parameters.message, 'message'), message)) {
    throw invalidArgument('the message is not the one of the partial signature');
  }
  if (parameters.hashScheme !== undefined && parseHashScheme(parameters.hashScheme) !== scheme) {
    throw invalidArgument('the hash scheme is not the one of the partial signature');
  }
  const dwalletId = normalizeSuiAddress(partial.dwallet_id);
  const { value: dwallet } = await readDWalletObject(context, dwalletId);
  const curve = curveOfChain(dwallet.curve);
  // A partial signature exists for ECDSA dWallets only (request_future_sign refuses the others).
  if (algorithmOfChain(dwallet.algorithm) !== 'ecdsa') {
    throw new ClientError(ClientErrorCodes.CHAIN_DATA_INVALID, `dWallet ${dwalletId} of a partial signature is not an ECDSA dWallet`, {
      dwalletId,
    });
  }
  const key = await context.networkKeys.forCurve(curve);
  const output = decodeDWalletOutput(key.curve, key.encryptionKey.setup, new Uint8Array(dwallet.output));
  const publicKey = key.curve.encodePoint(output.publicKey);
  const digest = digestMessage(key.curve, scheme, message).bytes;
  const session = newSession(context);
  const fee = await requestFee(context, RequestKind.FUTURE_SIGN_COMPLETION, SignatureAlgorithm.ECDSA);
  context.onProgress('sending approve_message + request_sign_with_partial_signature');
  const result = await context.transactions.execute('complete future sign', async () => {
    const tx = new Transaction();
    const approval = coordinator.approveMessage(tx, {
      dwalletCap: await objectRefOf(context, normalizeSuiAddress(dwallet.cap_id), 'dWallet cap'),
      hashScheme: scheme,
      message,
    });
    coordinator.requestSignWithPartialSignature(tx, {
      partialSignatureCap: await objectRefOf(context, capId, 'partial signature cap'),
      approval,
      sessionPreimage: session.preimage,
      payment: coordinator.payFromGas(tx, fee),
    });
    return tx;
  });
  const signId = normalizeSuiAddress(requestEventOf(network.packageId, result, 'sign').sign_id);
  const signature = await awaitSignature(
    context,
    { signId, sessionId: session.prefixed },
    { curve, algorithm: 'ecdsa', publicKey },
    digest,
  );
  return { signId, sessionId: session.prefixed, dwalletId, signature, digest, hashScheme: scheme, message };
}
