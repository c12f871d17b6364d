/**
 * `npm run bench`: every benchmark, each on fresh temp data files, figures printed as they come.
 * Not part of `npm test`: figures depend on the machine; nothing here asserts a time.
 */
import { runEventStoreBench } from './eventstore.bench';
import { runHttpLoadBench } from './http-load.bench';
import { runProjectionBench } from './projection.bench';
import { runReadStoreBench } from './readstore.bench';
import { runScoringBench } from './scoring.bench';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const benches: [string, () => Promise<Record<string, string | number>>][] = [
    ['eventstore', runEventStoreBench],
    ['readstore', runReadStoreBench],
    ['projection', runProjectionBench],
    ['http-load', runHttpLoadBench],
    ['scoring', runScoringBench],
  ];
  const results: Record<string, string | number> = {};
  for (const [name, run] of benches) {
    if (only.length > 0 && !only.includes(name)) continue;
    console.log(`\n== ${name}`);
    Object.assign(results, await run());
  }
  console.log('\n== summary');
  console.table(results);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
