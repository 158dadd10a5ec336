/**
 * The process around the tool: Ctrl-C (or SIGTERM) aborts the running command, which stops
 * waiting and says what was already sent (exit 130), or stops what it started (a devnet stops its
 * processes, exit 0); a second Ctrl-C exits at once. After an interrupt the process exits as soon
 * as the report is printed, whatever the network calls still under way.
 * @module
 */
import { runCli } from './main.ts';

const controller = new AbortController();
let interrupted = false;
function stop(): void {
  if (interrupted) process.exit(130);
  interrupted = true;
  controller.abort();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
const status = await runCli(process.argv.slice(2), controller.signal);
if (status === 130) process.exit(status);
process.exitCode = status;
