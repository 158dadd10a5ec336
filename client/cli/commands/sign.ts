/**
 * `dwallet sign <dwallet id>`: a signature of a message under a hash scheme, or of a 32-byte digest
 * computed elsewhere (the prehashed scheme), by the user and the network together.
 */
import { parseChoice, parseHexBytes, parseObjectId, positionalArguments, stringOption } from '../args.ts';
import type { Command } from '../command.ts';
import { connect } from '../context.ts';
import { usageError } from '../errors.ts';

export const HASH_NAMES = ['keccak256', 'sha256', 'double-sha256'] as const;

export const signCommand: Command = {
  name: 'sign',
  summary: 'sign a message (--message / --message-hex with --hash) or a 32-byte --digest',
  usage: `dwallet sign <dwallet id> (--message <text> | --message-hex <hex> | --digest <32-byte hex>) [--hash keccak256|sha256|double-sha256]

  --message <text>      the message, UTF-8
  --message-hex <hex>   the message, as hex bytes
  --hash <scheme>       how the network digests the message (default keccak256; P-256 dWallets: sha256)
  --digest <hex>        sign these 32 bytes as the digest (prehashed; no --hash)`,
  options: {
    message: { type: 'string' },
    'message-hex': { type: 'string' },
    digest: { type: 'string' },
    hash: { type: 'string' },
  },
  async run({ values, positionals }, globals) {
    const [id] = positionalArguments(positionals, ['dwallet id']);
    const dwalletId = parseObjectId('<dwallet id>', id as string);
    const text = stringOption(values, 'message');
    const hex = stringOption(values, 'message-hex');
    const digest = stringOption(values, 'digest');
    const given = [text, hex, digest].filter((v) => v !== undefined).length;
    if (given !== 1) throw usageError('give exactly one of --message, --message-hex and --digest');
    const hash = stringOption(values, 'hash');
    if (digest !== undefined && hash !== undefined) throw usageError('--hash does not apply to --digest (a digest is signed as is)');
    let message: Uint8Array;
    let hashScheme: (typeof HASH_NAMES)[number] | 'prehashed';
    if (digest !== undefined) {
      message = parseHexBytes('--digest', digest, 32);
      hashScheme = 'prehashed';
    } else {
      message = text !== undefined ? new TextEncoder().encode(text) : parseHexBytes('--message-hex', hex as string);
      if (message.length === 0) throw usageError('the message is empty (the chain refuses empty messages)');
      hashScheme = parseChoice('--hash', hash ?? 'keccak256', HASH_NAMES);
    }
    const { client, globals: g } = await connect(globals);
    g.output.progress('signing: claiming a presign, computing the user sign message, waiting for the network');
    const result = await client.sign({ dwalletId, message, hashScheme });
    g.output.result({
      signId: result.signId,
      sessionId: result.sessionId,
      hashScheme,
      digest: result.digest,
      signature: result.signature,
      r: result.signature.subarray(0, 32),
      s: result.signature.subarray(32, 64),
      recoveryId: result.signature[64] as number,
    });
    return 0;
  },
};
