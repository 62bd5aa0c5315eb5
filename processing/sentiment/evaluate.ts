/**
 * Prints the quality figures recorded in docs/quality.md:
 *   npx tsx processing/sentiment/evaluate.ts [--json] [--no-timing]
 * Reads the labelled sets from ../shared/fixtures (or REPWATCH_SHARED_FIXTURES).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadThemeLexicon } from '../themes/load';
import {
  evaluateBinary, evaluateThemes, parseLabelledLines, parseSemevalCategories, semevalSentencePolarity, SEMEVAL_CATEGORIES,
} from './evaluation';
import { scoreLine } from './score-line';
import { scoreSentiment } from './score';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = process.env.REPWATCH_SHARED_FIXTURES ?? path.resolve(repoRoot, '../shared/fixtures');
const YELP = path.join(fixtures, 'sentiment/yelp_labelled.txt');
const SEMEVAL = path.join(fixtures, 'sentiment/semeval2014-restaurants-train.xml');

const pct = (x: number): string => (x * 100).toFixed(1) + '%';

/**
 * Median CPU time per call in microseconds. CPU time (user + system), not wall
 * time, so other processes on a busy machine do not inflate the figure.
 */
function time(inputs: readonly string[], f: (s: string) => unknown, rounds = 21): number {
  for (let w = 0; w < 3; w++) for (const s of inputs) f(s); // warm-up, let the JIT settle
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const before = process.cpuUsage();
    for (let k = 0; k < 4; k++) for (const s of inputs) f(s);
    const used = process.cpuUsage(before);
    perCall.push((used.user + used.system) / (4 * inputs.length));
  }
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(rounds / 2)]!;
}

function main(): void {
  const args = new Set(process.argv.slice(2));
  if (!existsSync(YELP) || !existsSync(SEMEVAL)) {
    console.error(`labelled fixtures not found under ${fixtures} (set REPWATCH_SHARED_FIXTURES)`);
    process.exitCode = 1;
    return;
  }
  const yelp = parseLabelledLines(readFileSync(YELP, 'utf8'));
  const semeval = parseSemevalCategories(readFileSync(SEMEVAL, 'utf8'));
  const binary = evaluateBinary(yelp);
  const dev = evaluateBinary(semevalSentencePolarity(semeval));
  const themes = evaluateThemes(semeval, loadThemeLexicon('restaurant'));

  let timing: Record<string, number> | undefined;
  if (!args.has('--no-timing')) {
    // ~60-word reviews assembled at run time from the labelled sentences (nothing stored).
    const reviews: string[] = [];
    let current: string[] = [];
    let words = 0;
    for (const row of yelp) {
      current.push(row.text);
      words += row.text.split(/\s+/).length;
      if (words >= 60) {
        reviews.push(current.join(' '));
        current = [];
        words = 0;
      }
    }
    const sales = loadThemeLexicon('sales-service');
    timing = {
      reviews: reviews.length,
      avgWords: reviews.reduce((a, r) => a + r.split(/\s+/).length, 0) / reviews.length,
      // Calibration: the cheapest possible pass over the same text, to compare machines.
      baselineSplitLowerUs: time(reviews, (r) => r.split(/\s+/).map((w) => w.toLowerCase())),
      scoreSentimentUs: time(reviews, (r) => scoreSentiment(r)),
      scoreLineUs: time(reviews, (r) => scoreLine(r, sales)),
    };
  }

  if (args.has('--json')) {
    console.log(JSON.stringify({ binary, dev, themes, timing }, null, 2));
    return;
  }
  console.log(`repwatch text scoring — ${new Date().toISOString().slice(0, 10)}`);
  console.log(`\nSentence sentiment, yelp_labelled.txt (n=${binary.n}; score > 0 → positive, score ≤ 0 → negative)`);
  console.log(`  accuracy            ${pct(binary.accuracy)}`);
  console.log(`  scored exactly 0    ${binary.zero} (${pct(binary.zero / binary.n)}), counted as negative`);
  console.log(`  accuracy, non-zero  ${pct(binary.accuracyNonZero)} (n=${binary.n - binary.zero})`);
  console.log(`  TP ${binary.truePositive}  TN ${binary.trueNegative}  FP ${binary.falsePositive}  FN ${binary.falseNegative}`);
  console.log(`\nSentence sentiment, SemEval-2014 sentences with one polarity (n=${dev.n}, development set)`);
  console.log(`  accuracy ${pct(dev.accuracy)}; zero ${dev.zero}; non-zero accuracy ${pct(dev.accuracyNonZero)}`);
  console.log(`\nThemes, SemEval-2014 restaurants (n=${semeval.length} sentences, restaurant lexicon)`);
  console.log('  theme       P       R       F1      support  polarity acc (n, of which 0)');
  for (const cat of SEMEVAL_CATEGORIES) {
    const t = themes.perTheme[cat]!;
    console.log(
      `  ${cat.padEnd(10)}  ${pct(t.precision).padEnd(6)}  ${pct(t.recall).padEnd(6)}  ${pct(t.f1).padEnd(6)}  ` +
        `${String(t.support).padEnd(7)}  ${pct(t.polarityAccuracy)} (${t.polarityN}, ${t.polarityZero})`,
    );
  }
  console.log(`  macro F1 ${pct(themes.macroF1)}; polarity accuracy, all detected ${pct(themes.polarityAccuracy)} (n=${themes.polarityN})`);
  if (timing) {
    console.log(`\nSpeed, CPU time (${timing.reviews} reviews, ${timing.avgWords!.toFixed(1)} words on average; median of 21 rounds)`);
    console.log(`  baseline split+lowercase  ${timing.baselineSplitLowerUs!.toFixed(1)} µs/review`);
    console.log(`  scoreSentiment            ${timing.scoreSentimentUs!.toFixed(1)} µs/review`);
    console.log(`  scoreLine (clean, score, sales-service themes)  ${timing.scoreLineUs!.toFixed(1)} µs/review`);
  }
}

main();
