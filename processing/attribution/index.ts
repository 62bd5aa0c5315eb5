export * from './types';
export { buildNameIndex, type NameIndex } from './name-index';
export { normaliseName, tokenize } from './normalise';
export { NICKNAME_GROUPS, nicknameForms } from './nicknames';
export { findNamesInText, matchTag, matchTagCandidates, type TagMatch } from './find-names';
export { attributeReview, applyRules, DEFAULT_REVIEW_THRESHOLD, type ReviewForAttribution, type AttributeOptions } from './attribute';
