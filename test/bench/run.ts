import { cpus } from 'node:os';
import { benchEventStore } from './event-store.bench';
import { benchHealthUnderLoad } from './health.bench';
import { benchReadModels } from './read-models.bench';
import { benchReplay } from './replay.bench';
import { benchSubscription } from './subscription.bench';
import { benchLiveLag } from './live-lag.bench';
import { benchQueries } from './queries.bench';
import { benchAreaSnapshot } from './area-snapshot.bench';
import { printVerdicts } from './report';

/** npm run bench: speed and memory figures with their targets. Sections can be picked: npm run bench -- event-store */
const SECTIONS: Record<string, () => Promise<void>> = {
  'event-store': benchEventStore,
  'read-models': benchReadModels,
  queries: benchQueries,
  'area-snapshot': benchAreaSnapshot,
  subscription: benchSubscription,
  'live-lag': benchLiveLag,
  health: benchHealthUnderLoad,
  replay: benchReplay,
};

// Benchmarks measure throughput, not the rate limit (the apis they start inherit this).
process.env.WIJKZORG_RATE_LIMIT ??= 'off';

async function main() {
  const wanted = process.argv.slice(2);
  console.log(`wijkzorg benchmarks — node ${process.version}, ${cpus().length} cores`);
  for (const [name, run] of Object.entries(SECTIONS)) if (wanted.length === 0 || wanted.includes(name)) await run();
  printVerdicts();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
