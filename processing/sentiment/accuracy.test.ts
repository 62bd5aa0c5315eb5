/**
 * Measured quality on the shared labelled sets (docs/quality.md), asserted with
 * a small margin so a regression fails while harmless noise does not. Skipped,
 * with the reason in the title, when ../shared/fixtures is absent.
 */
import { expect, it } from 'vitest';
import { describeWithSharedFixtures, readSharedFixture } from '../../test/support/fixtures';
import { loadThemeLexicon } from '../themes/load';
import {
  evaluateBinary, evaluateThemes, parseLabelledLines, parseSemevalCategories, semevalSentencePolarity,
} from './evaluation';

/** Figures measured on 2026-11-22 with `npx tsx processing/sentiment/evaluate.ts`. */
const MEASURED = {
  yelpAccuracy: 0.886,
  semevalSentenceAccuracy: 0.804,
  themeF1: { food: 0.857, service: 0.817, price: 0.826, ambience: 0.7 },
  themePolarity: 0.786,
} as const;
const MARGIN = 0.02;

describeWithSharedFixtures('text scoring quality on labelled data', () => {
  it('yelp_labelled.txt: binary accuracy (score > 0 → positive)', () => {
    const rows = parseLabelledLines(readSharedFixture('sentiment/yelp_labelled.txt'));
    expect(rows).toHaveLength(1000);
    const r = evaluateBinary(rows);
    expect(r.accuracy).toBeGreaterThanOrEqual(MEASURED.yelpAccuracy - MARGIN);
  });

  const semeval = () => parseSemevalCategories(readSharedFixture('sentiment/semeval2014-restaurants-train.xml'));

  it('SemEval-2014 single-polarity sentences: binary accuracy', () => {
    const rows = semevalSentencePolarity(semeval());
    expect(evaluateBinary(rows).accuracy).toBeGreaterThanOrEqual(MEASURED.semevalSentenceAccuracy - MARGIN);
  });

  it('SemEval-2014 aspect categories: theme F1 and polarity accuracy with the restaurant lexicon', () => {
    const rows = semeval();
    expect(rows).toHaveLength(3044);
    const r = evaluateThemes(rows, loadThemeLexicon('restaurant'));
    for (const [theme, f1] of Object.entries(MEASURED.themeF1)) {
      expect(r.perTheme[theme]!.f1, theme).toBeGreaterThanOrEqual(f1 - 0.03);
    }
    expect(r.polarityAccuracy).toBeGreaterThanOrEqual(MEASURED.themePolarity - 0.03);
  });
});
