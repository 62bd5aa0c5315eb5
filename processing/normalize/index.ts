export { normaliseRating } from './rating';
export { cleanReviewText, normaliseForMatch } from './text';
export { reviewFingerprint, stableDatePart, type FingerprintInput } from './fingerprint';
export { contentHash, changedFields, HASHED_FIELDS, type HashedContent, type HashedField } from './content-hash';
