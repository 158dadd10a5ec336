#!/usr/bin/env node
// The `dwallet` command (package.json "bin"): runs the TypeScript tool through tsx's loader.
import { register } from 'tsx/esm/api';
import { requireNodeVersion } from '../scripts/node-version.mjs';

requireNodeVersion();
register();
await import('../client/cli/bin.ts');
