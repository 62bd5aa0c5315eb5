export { cleanReviewText, truncateForScoring, DEFAULT_SCORING_CHARS, type TruncatedText } from './clean';
export { repairMojibake } from './mojibake';
export { detectLanguage, ISO_639_3_TO_1, type LanguageGuess, type DetectLanguageOptions } from './language';
export { segment, tokenize, splitSentences, type Token, type TokenKind, type Segment } from './tokenize';
export { PatternIndex, expandPattern, type PatternMatch } from './patterns';
