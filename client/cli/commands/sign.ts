/**
 * `dwallet sign <dwallet id>`: a signature of a message under a hash scheme, or of a 32-byte digest
 * computed elsewhere (the prehashed scheme), by the user and the network together — or, for a
 * shared dWallet, by the network alone on the cap's approval (`request_sign_shared`).
 */
import { parseChoice, parseHexBytes, parseId, positionalArguments, stringOption } from '../args.ts';
import { HASH_CHOICES } from '../choices.ts';
import { defineCommand } from '../command.ts';
import { usageError } from '../errors.ts';

export const signCommand = defineCommand({
  name: 'sign',
  summary: 'sign a message (--message / --message-hex with --hash) or a 32-byte --digest (a shared dWallet: by the network alone)',
  usage: `dwallet sign <dwallet id> (--message <text> | --message-hex <hex> | --digest <32-byte hex>)
                   [--hash keccak256|sha256|double-sha256|sha512]

  --message <text>      the message, UTF-8
  --message-hex <hex>   the message, as hex bytes
  --hash <scheme>       how the network digests the message (default: keccak256 for secp256k1 ECDSA, sha256 for
                        P-256 and Taproot (BIP-340 message SHA-256(message)), sha512 for EdDSA (the message itself
                        is signed; SHA-512 is the hash inside Ed25519))
  --digest <hex>        sign these 32 bytes as the digest (prehashed; no --hash): an ECDSA digest, or a Taproot
                        BIP-340 message such as a BIP-341 sighash`,
  options: {
    message: { type: 'string' },
    'message-hex': { type: 'string' },
    digest: { type: 'string' },
    hash: { type: 'string' },
  },
  parse({ values, positionals }) {
    const [id] = positionalArguments(positionals, ['dwallet id']);
    const dwalletId = parseId('<dwallet id>', id as string);
    const text = stringOption(values, 'message');
    const hex = stringOption(values, 'message-hex');
    const digest = stringOption(values, 'digest');
    const given = [text, hex, digest].filter((v) => v !== undefined).length;
    if (given !== 1) throw usageError('give exactly one of --message, --message-hex and --digest');
    const hash = stringOption(values, 'hash');
    if (digest !== undefined) {
      if (hash !== undefined) throw usageError('--hash does not apply to --digest (a digest is signed as is)');
      return { dwalletId, message: parseHexBytes('--digest', digest, 32), hashScheme: 'prehashed' as const };
    }
    const message = text !== undefined ? new TextEncoder().encode(text) : parseHexBytes('--message-hex', hex as string);
    if (message.length === 0) throw usageError('the message is empty (the chain refuses empty messages)');
    return { dwalletId, message, hashScheme: hash === undefined ? undefined : parseChoice('--hash', hash, HASH_CHOICES) };
  },
  async run(plan, { globals, signal, sent }) {
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: 'send', signal, sent });
    const { signatureRecord } = await import('./describe.ts');
    const { signWithDWallet } = await import('../dwallet-signer.ts');
    const dwallet = await client.getDWallet(plan.dwalletId);
    // Without --hash, the scheme the dWallet is used with: keccak256 (Ethereum) for secp256k1 ECDSA,
    // sha256 for P-256 and Taproot, sha512 (the message itself) for EdDSA.
    const hashScheme =
      plan.hashScheme ??
      (dwallet.algorithm === 'eddsa' ? 'sha512' : dwallet.curve === 'p256' || dwallet.algorithm === 'taproot' ? 'sha256' : 'keccak256');
    globals.output.progress(
      dwallet.publicUserShare === null
        ? 'signing: claiming a presign, computing the user sign message, waiting for the network'
        : 'signing a shared dWallet: approving the message and waiting for the network, which computes the user part (no share is read)',
    );
    const result = await signWithDWallet(client, { ...plan, hashScheme }, dwallet);
    globals.output.result({
      signId: result.signId,
      sessionId: result.sessionId,
      hashScheme,
      shared: result.shared,
      ...signatureRecord(result),
    });
    return 0;
  },
});
