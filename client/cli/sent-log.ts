/**
 * What a command has sent on chain so far: the SDK reports each transaction as it leaves and what
 * the chain answered (`onTransaction`), and this log keeps them in order. On Ctrl-C the tool says
 * from it what is already on chain — each request with its session id and the id of the object it
 * is about — so the user can pick it up later (`dwallet wait <session id>`), or that nothing was
 * sent.
 * @module
 */
import { REQUEST_KINDS } from '../../chain/schemas/requests.ts';
import type { SentTransaction } from '../transactions.ts';
import type { RequestedSession } from '../wait.ts';
import { CliError, CliErrorCodes } from './errors.ts';

function describeRequest(request: RequestedSession): string {
  return `${request.kind} request (${REQUEST_KINDS[request.kind].objectName} ${request.objectId}, session ${request.sessionId})`;
}

export class SentLog {
  readonly #transactions: SentTransaction[] = [];
  #settle: (() => void) | undefined;

  /** Records what the SDK reports: a transaction leaving, then its outcome. */
  record(transaction: SentTransaction): void {
    const leaving = this.#transactions.findLastIndex((t) => t.status === 'sending' && t.what === transaction.what);
    if (transaction.status !== 'sending' && leaving !== -1) this.#transactions[leaving] = transaction;
    else this.#transactions.push(transaction);
    if (!this.inFlight) this.#settle?.();
  }

  get transactions(): readonly SentTransaction[] {
    return [...this.#transactions];
  }

  /** Whether a transaction has left and the chain has not answered yet. */
  get inFlight(): boolean {
    return this.#transactions.some((t) => t.status === 'sending');
  }

  /** Resolves once no transaction is in flight, or after `ms`. */
  async settled(ms: number): Promise<void> {
    if (!this.inFlight) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.#settle = resolve;
      timer = setTimeout(resolve, ms);
    });
    clearTimeout(timer);
    this.#settle = undefined;
  }

  /** The interrupt, as an error that says what is on chain (exit status 130); `waitingFor`: the session a wait was on. */
  interrupted(waitingFor?: string): CliError {
    const onChain = this.#transactions.filter((t) => t.status === 'executed');
    const unknown = this.#transactions.filter((t) => t.status === 'sending' || t.status === 'unknown');
    const requests = onChain.flatMap((t) => t.requests);
    const lines: string[] = [];
    if (onChain.length === 0 && unknown.length === 0) {
      lines.push('interrupted; nothing was sent');
      if (waitingFor !== undefined) lines.push(`session ${waitingFor} goes on: \`dwallet wait ${waitingFor}\` picks it up again`);
    } else {
      lines.push(onChain.length === 0 ? 'interrupted' : 'interrupted; already on chain:');
      for (const t of onChain) {
        const made = t.requests.length === 0 ? '' : `: ${t.requests.map(describeRequest).join('; ')}`;
        lines.push(`  ${t.what} (transaction ${t.digest})${made}`);
      }
      for (const t of unknown) {
        lines.push(`the ${t.what} transaction had left and the chain had not answered: it may have executed (see \`dwallet list\`)`);
      }
      const last = requests.at(-1);
      if (last !== undefined) {
        lines.push(
          `the network may still complete it: \`dwallet wait ${last.sessionId}\` picks it up, \`dwallet status ${last.sessionId}\` shows it`,
        );
      }
    }
    return new CliError(CliErrorCodes.CLI_INTERRUPTED, lines.join('\n'), {
      sent: this.#transactions.map((t) => ({ what: t.what, status: t.status, digest: t.digest, requests: t.requests })),
    });
  }
}
