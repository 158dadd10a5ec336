// Loaded with `node --import`: appends the URL of every module the process loads to the file named
// by $DWALLET_MODULE_LOG, so a test can tell which modules a command loaded.
import { register } from 'node:module';

register('./module-log-hooks.mjs', import.meta.url, { data: { log: process.env.DWALLET_MODULE_LOG } });
