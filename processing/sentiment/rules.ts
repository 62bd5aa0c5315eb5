/** Scoring constants, in one place so docs/quality.md and tests can refer to them. */
export const RULES = {
  /** Tokens after a negator that it still negates (stops early at , ; : and contrasts). */
  negationWindow: 4,
  /** A negated positive is worth this fraction of its value, with the sign flipped ("not good"). */
  negatedPositive: 0.75,
  /** A negated negative keeps only this fraction, flipped ("not terrible" is faint praise). */
  negatedNegative: 0.4,
  /** Tokens after a degree word that it can still modify. */
  modifierWindow: 2,
  /** Cap on stacked degree words ("really really very"). */
  maxModifier: 2.25,
  /** A word in capitals in otherwise normal text. */
  capsFactor: 1.5,
  /** Weight of the clause before "but"/"however", and of the one after. */
  beforeContrast: 0.5,
  afterContrast: 1.5,
  /** Weight of a concession clause ("although …"). */
  concession: 0.5,
  /** Added per "!" in the sentence's direction, up to `maxExclamations`. */
  exclamation: 0.3,
  maxExclamations: 3,
  /** α in x / √(x² + α): maps an unbounded sum onto (−1, 1); 15 puts one "great" (3) at 0.61. */
  alpha: 15,
} as const;

