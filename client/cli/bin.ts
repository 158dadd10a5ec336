/**
 * The process around the tool: Ctrl-C (or SIGTERM) aborts the running command, which then stops
 * what it started (a devnet stops its processes); a second Ctrl-C exits at once.
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
process.exitCode = await runCli(process.argv.slice(2), controller.signal);
