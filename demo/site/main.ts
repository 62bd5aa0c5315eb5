/**
 * Starts the demo review site on its own, for poking at it with a browser or
 * curl:  npx tsx demo/site/main.ts --port 4100 [--seed 42] [--scale 1] [--phase 0]
 */
import { parseArgs } from 'node:util';
import { buildDemoWorld } from '../world/build';
import { startDemoSite } from './server';
import { sitePaths } from './view';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string', default: '42' },
    scale: { type: 'string', default: '1' },
    months: { type: 'string', default: '18' },
    'as-of': { type: 'string' },
    'page-size': { type: 'string', default: '10' },
    'delay-ms': { type: 'string', default: '0' },
    phase: { type: 'string', default: '0' },
  },
});

const world = buildDemoWorld({ seed: Number(values.seed), scale: Number(values.scale), months: Number(values.months), asOf: values['as-of'] });
const site = await startDemoSite({
  world,
  port: Number(values.port),
  host: values.host,
  pageSize: Number(values['page-size']),
  delayMs: Number(values['delay-ms']),
  phase: Number(values.phase),
});

const lines = [
  `Demo review site for ${world.company.name}: ${world.reviews.length} reviews, seed ${world.seed}, as of ${world.asOf.slice(0, 10)}, phase ${site.phase()}`,
  `  index        ${site.url}/`,
  `  robots.txt   ${site.url}/robots.txt`,
  `  company      ${site.url}${sitePaths.company()}`,
  ...world.locations.map((l) => `  dealer       ${site.url}${sitePaths.dealer(l)}`),
  ...world.locations.map((l) => `  maps (JS)    ${site.url}${sitePaths.maps(l)}`),
  ...world.people.filter((p) => p.sells).map((p) => `  salesperson  ${site.url}${sitePaths.sales(p)}`),
  'Press Ctrl+C to stop.',
];
console.log(lines.join('\n'));

const stop = () => {
  void site.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
