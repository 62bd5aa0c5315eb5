export { scoreSentiment, labelFor, LABEL_RULES, type SentimentResult, type SentimentLabel, type SentenceScore, type ScoreOptions } from './score';
export { combineRatingAndText, DEFAULT_BLEND_WEIGHTS, type BlendWeights, type RatingTextBlend, type BlendPart, type BlendOptions } from './combine';
export { scoreLine, type ScoredLine } from './score-line';
export { analyseText, analyseSentence, normalise, type TextAnalysis, type SentenceAnalysis, type Hit } from './analyse';
export { RULES } from './rules';
export { buildSentimentLexicon, defaultSentimentLexicon, type SentimentLexicon } from './lexicon';
