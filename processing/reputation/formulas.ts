import { z } from 'zod';
import { reputationIndexWeightsSchema } from '../../core/config/schema';

/**
 * Versioned Reputation Index formulas. A stored index value always carries the
 * version that produced it, so a change of weights or curves is a new version
 * (never an edit of an old one) and history stays comparable within a version.
 */

/** The weights schema is the config file's own (settings.scoring.reputationIndex.weights): one definition, no drift. */
export const reputationWeightsSchema = reputationIndexWeightsSchema;
export type ReputationWeights = z.infer<typeof reputationIndexWeightsSchema>;

export type ComponentName = keyof ReputationWeights;
export const COMPONENT_NAMES: readonly ComponentName[] = ['rating', 'sentiment', 'volume', 'response'];

export interface ReputationIndexFormula {
  version: string;
  description: string;
  weights: ReputationWeights;
}

export const REPUTATION_INDEX_FORMULAS: Readonly<Record<string, ReputationIndexFormula>> = Object.freeze({
  '1': {
    version: '1',
    description:
      'rating 50 %: shrunk stars mapped linearly 1→0, 5→1; sentiment 20 %: mean text sentiment −1→0, +1→1; ' +
      'volume 15 %: 1 − e^(−reviews in 90 days / expected volume); response 15 %: share of reviews answered.',
    weights: { rating: 0.5, sentiment: 0.2, volume: 0.15, response: 0.15 },
  },
});

export const CURRENT_REPUTATION_INDEX_VERSION = '1';

/**
 * The formula to use given the config's `reputationIndex` setting. Custom
 * weights are validated (0–1 each, sum 1) and change the version label to
 * "<version>/custom:r…-s…-v…-p…", so values computed with other weights are
 * never mixed with the stock version's history.
 */
export function resolveFormula(setting: { version?: string; weights?: unknown } = {}): ReputationIndexFormula {
  const version = setting.version ?? CURRENT_REPUTATION_INDEX_VERSION;
  const base = REPUTATION_INDEX_FORMULAS[version];
  if (!base) {
    throw new RangeError(`unknown Reputation Index version "${version}" (known: ${Object.keys(REPUTATION_INDEX_FORMULAS).join(', ')})`);
  }
  if (setting.weights === undefined) return base;
  const weights = reputationWeightsSchema.parse(setting.weights);
  const label = `r${weights.rating}-s${weights.sentiment}-v${weights.volume}-p${weights.response}`;
  return { ...base, version: `${base.version}/custom:${label}`, weights };
}
