/** Helpers of the ECDSA tests: noble's curves by our curve names, and the code of a typed error. */
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { DWalletError } from '../../../mpc/errors.ts';

/** The independent implementation each curve's results are checked against. */
export const noble = { secp256k1, p256 } as const;

/** The code of the DWalletError `f` throws, or 'no error'; any other error is rethrown. */
export function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    if (error instanceof DWalletError) return error.code;
    throw error;
  }
  return 'no error';
}
