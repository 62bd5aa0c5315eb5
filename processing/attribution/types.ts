/** Public types of the attribution library. */

export interface RosterPerson {
  id: string;
  displayName: string;
  firstName?: string;
  lastName?: string;
  /** Nicknames and other names the person goes by, e.g. "AyyDee", or "Mike" for Michael. */
  aliases: string[];
  locationId: string | null;
  /** ISO dates (YYYY-MM-DD or full timestamps) of when the person worked here. */
  active?: { from?: string; to?: string };
}

/** How a mention matched, strongest first. */
export type MatchKind = 'full-name' | 'first-initial' | 'first-name' | 'alias' | 'nickname' | 'last-name';

export interface NameCandidate {
  personId: string;
  /** The text as written that matched, e.g. "Jennifer Lopez", "jen". */
  matched: string;
  /** normaliseName(matched): the key remembered rules use. */
  pattern: string;
  confidence: number;
  kind: MatchKind;
  /** Human-readable explanation, shown in the review queue. */
  reason: string;
}

export interface MatchContext {
  /** The review's location; null for company-level reviews. */
  locationId: string | null;
  /** When the review was published (ISO string or Date); omitted → activity not checked. */
  publishedAt?: string | Date | null;
}

export type AttributionMethod = 'profile' | 'tag' | 'text';

export interface Attribution {
  personId: string;
  method: AttributionMethod;
  confidence: number;
  /** What supports it, e.g. 'tag "Adrian \"AyyDee\" Cortes"' or 'text "ask for Mike": …'. */
  evidence: string;
  /** Normalised matched text (absent for profile attributions); remembered rules key on it. */
  pattern?: string;
  /** Below the review threshold: goes to the human review queue. */
  needsReview: boolean;
}

/**
 * A decision remembered from the review queue: at `locationId` (null = everywhere)
 * the matched text `pattern` means `personId`, or nobody (null = reject).
 */
export interface AttributionRule {
  pattern: string;
  locationId: string | null;
  personId: string | null;
}
