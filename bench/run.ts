/**
 * Runs the benchmarks: `npm run bench` (all) or `npm run bench -- <name> [options]`.
 * Each prints JSON lines while it runs and a table at the end.
 */
const benches: Record<string, () => Promise<{ run: (argv: string[]) => Promise<{ printTable(): void }> }>> = {
  batch: () => import('./batch.ts'),
  browser: () => import('./browser.ts'),
  classgroups: () => import('./classgroups.ts'),
  cli: () => import('./cli.ts'),
  ecdsa: () => import('./ecdsa.ts'),
  indexer: () => import('./indexer.ts'),
  schnorr: () => import('./schnorr.ts'),
  network: () => import('./network.ts'),
  'network-key': () => import('./network-key.ts'),
  proofs: () => import('./proofs.ts'),
  scale: () => import('./scale.ts'),
  threshold: () => import('./threshold.ts'),
};

const [name, ...rest] = process.argv.slice(2);
const selected = name && !name.startsWith('--') ? [name] : Object.keys(benches);
for (const bench of selected) {
  const load = benches[bench];
  if (!load) {
    console.error(`unknown benchmark ${JSON.stringify(bench)}; available: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  const module = await load();
  const report = await module.run(name && !name.startsWith('--') ? rest : process.argv.slice(2));
  report.printTable();
}
