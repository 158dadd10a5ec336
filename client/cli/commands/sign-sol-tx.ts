/**
 * `dwallet sign-sol-tx <dwallet id>`: a Solana SOL transfer (system program) from an EdDSA
 * dWallet's address, which pays the fee, signed by the network and ready for the RPC's
 * `sendTransaction`. The recipient, the amount and the recent blockhash are checked by the Solana
 * helper before anything is sent: a wrong one exits 2 with the helper's code.
 */
import { parseAmount, parseId, positionalArguments, requiredOption, stringOption } from '../args.ts';
import { defineCommand } from '../command.ts';

/** Lamports, or decimals with a unit: 1 SOL = 10^9 lamports. */
export const SOL_UNITS = { sol: 9, lamports: 0 } as const;

export const signSolTxCommand = defineCommand({
  name: 'sign-sol-tx',
  summary: "sign a Solana SOL transfer from an EdDSA dWallet's address",
  usage: `dwallet sign-sol-tx <dwallet id> --to <address> --amount <lamports|0.01sol> --blockhash <base58> [--balance <amount>]

  --to <address>        the recipient (base58)
  --amount <amount>     what to send: lamports, or a decimal with a unit (e.g. 0.01sol)
  --blockhash <base58>  a recent blockhash (the RPC's getLatestBlockhash): the transaction is valid about 150 blocks after it
  --balance <amount>    the dWallet's balance, when known: it must cover the amount and the fee (5000 lamports)
  the dWallet must be an EdDSA dWallet (dwallet create --curve ed25519); its address pays the fee.
  prints the signed transaction (wireTransaction, base64, for sendTransaction) and its signature (the transaction id)`,
  options: {
    to: { type: 'string' },
    amount: { type: 'string' },
    blockhash: { type: 'string' },
    balance: { type: 'string' },
  },
  async parse({ values, positionals }) {
    const [id] = positionalArguments(positionals, ['dwallet id']);
    const dwalletId = parseId('<dwallet id>', id as string);
    const to = requiredOption(values, 'to');
    const lamports = parseAmount('--amount', requiredOption(values, 'amount'), SOL_UNITS);
    const recentBlockhash = requiredOption(values, 'blockhash');
    const balanceOption = stringOption(values, 'balance');
    const balance = balanceOption === undefined ? undefined : parseAmount('--balance', balanceOption, SOL_UNITS);
    // The helper's own checks (address, lamports in [1, 2^64 − 1], a 32-byte blockhash, funds), before anything is sent.
    const { parseSolanaAddress } = await import('../../solana/address.ts');
    const { parseRecentBlockhash } = await import('../../solana/blockhash.ts');
    const { parseLamports, LAMPORTS_PER_SIGNATURE } = await import('../../solana/lamports.ts');
    const { ChainHelperError, ChainHelperErrorCodes } = await import('../../chains/errors.ts');
    const request = {
      to: parseSolanaAddress(to, 'to'),
      lamports: parseLamports(lamports, 'lamports'),
      recentBlockhash: parseRecentBlockhash(recentBlockhash),
      ...(balance === undefined ? {} : { balance }),
    };
    if (balance !== undefined && balance < request.lamports + LAMPORTS_PER_SIGNATURE) {
      throw new ChainHelperError(
        ChainHelperErrorCodes.SOL_INSUFFICIENT_FUNDS,
        `the balance (${balance} lamports) does not cover ${request.lamports} lamports and the fee (${LAMPORTS_PER_SIGNATURE})`,
        { balance: balance.toString(), lamports: request.lamports.toString() },
      );
    }
    return { dwalletId, request };
  },
  async run(plan, { globals, signal, sent }) {
    const { connect } = await import('../context.ts');
    const { client } = await connect(globals, { mode: 'send', signal, sent });
    const { signSolanaTransfer } = await import('../../sign-transactions.ts');
    const { dwalletSigner } = await import('../dwallet-signer.ts');
    globals.output.progress('signing the Solana transfer through the network');
    const signed = await signSolanaTransfer(dwalletSigner(client), plan.dwalletId, plan.request);
    globals.output.result({
      from: signed.from,
      to: plan.request.to,
      lamports: plan.request.lamports,
      signature: signed.signature,
      signId: signed.signId,
      wireTransaction: signed.wireTransaction,
    });
    return 0;
  },
});
