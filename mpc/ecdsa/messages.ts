/**
 * BCS encodings of what ECDSA puts on chain and sends (PROTOCOL.md §2): the user's DKG and
 * imported-key messages, the dWallet output, presigns and the user's sign message. (The 65-byte
 * signature is signature.ts; the network key material network-key/encoding.ts; the validators'
 * round messages are the sessions' round tables.)
 *
 *     UserDkgMessage     { user_public_share: Point, proof: Fischlin<DL>, public_user_share: Option<Scalar> }
 *     ImportedKeyMessage { user_public_share: Point, network_public_share: Point,
 *                          encrypted_network_share: ClCiphertext, user_proof: Fischlin<DL>,
 *                          encryption_proof: Maurer<EncDL>, public_user_share: Option<Scalar> }
 *     DWalletOutput      { curve: u32, key_commitment: [u8; 32], session_id: [u8; 32],
 *                          user_public_share, network_public_share, public_key: Point,
 *                          encrypted_network_share: ClCiphertext,
 *                          kind: enum { Universal { mu0, mu1, mu_g: Scalar }, Imported },
 *                          public_user_share: Option<Scalar> }
 *     Presign            { curve: u32, key_commitment: [u8; 32], session_id: [u8; 32],
 *                          encrypted_mask: ClCiphertext, encrypted_masked_nonce_parts: [ClCiphertext; 2],
 *                          nonce_public_parts: [Point; 2],
 *                          kind: enum { Universal { encrypted_masked_key_parts: [ClCiphertext; 2] },
 *                                       Targeted { dwallet_public_key: Point, target: [u8; 32],
 *                                                  encrypted_masked_key_share: ClCiphertext } } }
 *     UserSignMessage    { nonce, displaced_network_nonce, nonce_commitment, alpha_commitment,
 *                          beta_commitment, nonce_key_commitment: Point,
 *                          encrypted_partial_signature, encrypted_displaced_mask: ClCiphertext,
 *                          proofs: { nonce_non_zero: Maurer<DCom>, alpha_non_zero: Maurer<DCom>,
 *                                    beta: Fischlin<DCom>, nonce_key: Maurer<DComEq>,
 *                                    nonce: Maurer<DComDL>, displacement: Maurer<VecDComDL>,
 *                                    displaced_mask: Maurer<DComEval>,
 *                                    partial_signature: Maurer<DComEval> } }
 *
 * Each codec lives beside its protocol (dkg/encoding.ts, presign/encoding.ts, sign/encoding.ts);
 * this module gathers them for the services, which read and write all of them.
 *
 * Points are compressed SEC1 (never the identity), scalars 32 bytes below q, forms and ciphertexts
 * elements of the key's class group, proof responses within their honest bounds. Decoding is
 * strict (encoding/decode.ts) and then checks what the bytes claim about themselves: the curve id,
 * X = X_A + X_B, a published x_A against X_A. Errors are EncodingErrors (ENCODING_*).
 * @module
 */
export {
  decodeDWalletOutput,
  decodeImportedKeyMessage,
  decodeUserDkgMessage,
  dwalletOutputPublicKey,
  encodeDkgUserProof,
  encodeDWalletOutput,
  encodeImportedKeyMessage,
  encodeUserDkgMessage,
} from './dkg/encoding.ts';
export { decodePresign, encodePresign } from './presign/encoding.ts';
export { decodeUserSignMessage, encodeBetaProof, encodeNonZeroProof, encodeUserSignMessage } from './sign/encoding.ts';
