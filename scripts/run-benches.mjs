// `npm run bench`: runs every tests/bench/*.bench.ts (or those named on the
// command line, e.g. `npm run bench -- receipts`), one process each, in name
// order, and stops at the first that fails. Each prints its own JSON figures.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const filters = process.argv.slice(2);
const benches = readdirSync('tests/bench')
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();
if (benches.length === 0) {
  console.error(`No benchmark matches ${filters.join(', ')}; see tests/bench/.`);
  process.exit(2);
}
for (const name of benches) {
  console.log(`\n=== ${name}`);
  const run = spawnSync('node', ['--import', 'tsx', `tests/bench/${name}`], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
