/**
 * Rough throughput check for attribution: 1,000 fictional people × 10,000
 * synthetic reviews. Run: npx tsx processing/attribution/perf-check.ts [people] [reviews]
 * Not a test: timings depend on the machine.
 */
import { attributeReview } from './attribute';
import { buildNameIndex } from './name-index';
import { NICKNAME_GROUPS } from './nicknames';
import type { RosterPerson } from './types';
import { seededRandom } from '../../core/rng';

const people = Number(process.argv[2] ?? 1000);
const reviews = Number(process.argv[3] ?? 10_000);

// Deterministic PRNG (mulberry32) so runs are comparable.
const rand = seededRandom(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const syllables = ['ka', 'lo', 'mir', 'ven', 'tal', 'dor', 'shi', 'ren', 'bo', 'quin', 'zel', 'fa', 'nor', 'ith', 'ul'];
const givenNames = [...Object.keys(NICKNAME_GROUPS), 'tristan', 'brandon', 'grant', 'hope', 'kira', 'priya', 'adrian', 'leona'];
const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);
const surname = (): string => cap(pick(syllables) + pick(syllables) + pick(syllables));

const roster: RosterPerson[] = Array.from({ length: people }, (_, i) => {
  const first = cap(pick(givenNames));
  return { id: `p${i}`, displayName: `${first} ${surname()}`, aliases: rand() < 0.1 ? [cap(pick(syllables) + pick(syllables))] : [], locationId: `loc${i % 40}` };
});

const filler =
  'We came in looking for a used truck and the whole process was smooth. The finance office explained every option and ' +
  'nobody pushed extras on us. Would recommend this dealership to friends and family, five stars for sure.';
const templates = [
  (n: string) => `Ask for ${n}! ${filler}`,
  (n: string) => `${filler} ${n} helped us find the right car.`,
  (n: string) => `${n} and the team were great. ${filler}`,
  (n: string) => `${filler} Thanks to ${n.toLowerCase()}!`,
  () => `${filler} The bank would not grant the loan at first but it worked out.`,
];
const texts = Array.from({ length: reviews }, () => {
  const p = pick(roster);
  const parts = p.displayName.split(' ');
  const name = rand() < 0.3 ? p.displayName : parts[0]!;
  return { text: pick(templates)(name), locationId: p.locationId, publishedAt: '2025-03-01' };
});

let t0 = performance.now();
const index = buildNameIndex(roster);
const buildMs = performance.now() - t0;

// Warm-up so the JIT is not measured; then five passes, since a shared machine makes single runs noisy.
for (const r of texts.slice(0, 500)) attributeReview(index, r);
const passes: number[] = [];
let found = 0;
for (let pass = 0; pass < 5; pass++) {
  found = 0;
  t0 = performance.now();
  for (const r of texts) found += attributeReview(index, r).length;
  passes.push(performance.now() - t0);
}
passes.sort((a, b) => a - b);
const rate = (ms: number): string => Math.round(reviews / (ms / 1000)).toLocaleString('en');
const words = texts.reduce((s, r) => s + r.text.split(/\s+/).length, 0) / texts.length;

console.log(
  `people=${people} reviews=${reviews} (~${words.toFixed(0)} words each): index built in ${buildMs.toFixed(0)} ms; ` +
    `attribution best ${passes[0]!.toFixed(0)} ms (${rate(passes[0]!)} reviews/s), median ${passes[2]!.toFixed(0)} ms ` +
    `(${rate(passes[2]!)} reviews/s) on one core; ${found} attributions per pass`,
);
