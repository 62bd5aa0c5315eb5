/**
 * Number parsing for ratings and counts as sites print them. Counts and
 * ratings are parsed by different functions on purpose: "1.674" is a count of
 * 1674 on a German page but would be nonsense as a rating, and "4,5" is a
 * rating of 4.5 but never a count.
 */

/** A star value and the scale it is on. */
export interface RatingValue {
  value: number;
  scale: number;
}


/**
 * A decimal such as a rating: "4.9", "4,5", "  3 ", "Rated 4.8". The first number
 * in the text wins. Thousands separators are understood when both separators
 * appear ("1,234.5", "1.234,5").
 */
export function parseDecimal(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  // No spaces inside a decimal: "4 5" is two numbers, not 45.
  const token = /\d[\d.,]*/.exec(value)?.[0];
  if (!token) return null;
  let normalised = token;
  const lastComma = token.lastIndexOf(',');
  const lastDot = token.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    // The separator that comes last is the decimal one.
    normalised = lastComma > lastDot ? token.replace(/\./g, '').replace(',', '.') : token.replace(/,/g, '');
  } else if (lastComma >= 0) {
    // "4,5" is a decimal comma; "1,674" (groups of three) is a thousands separator.
    normalised = /^\d{1,3}(,\d{3})+$/.test(token) ? token.replace(/,/g, '') : token.replace(',', '.');
  }
  normalised = normalised.replace(/[.,]+$/, '');
  const n = Number(normalised);
  return Number.isFinite(n) ? n : null;
}

/**
 * A non-negative whole count: "1,674", "2.200", "2 200 reviews", "1.2k", "(99)".
 * Returns null for text without digits.
 */
export function parseCount(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
  if (typeof value !== 'string') return null;
  const short = /(\d+(?:[.,]\d+)?)\s*([kKmM])\b/.exec(value);
  if (short?.[1] && short[2]) {
    const base = Number(short[1].replace(',', '.'));
    return Math.round(base * (short[2].toLowerCase() === 'k' ? 1_000 : 1_000_000));
  }
  const token = /\d[\d.,\u00A0\u202F' ]*/.exec(value)?.[0]?.trim();
  if (!token) return null;
  // Separators inside a count are always grouping separators.
  const digits = token.replace(/[.,\u00A0\u202F' ]/g, '');
  const n = Number(digits);
  return Number.isFinite(n) ? n : null;
}

/**
 * "(4 of 5)", "4/5", "4.5 out of 5", "Rated 3 of 10" → value and scale.
 * A bare number ("4.5", "4.5 stars") is read on `defaultScale`.
 */
export function parseRatingText(value: unknown, defaultScale = 5): RatingValue | null {
  if (typeof value === 'number') return Number.isFinite(value) ? { value, scale: defaultScale } : null;
  if (typeof value !== 'string') return null;
  const ofMatch = /(\d+(?:[.,]\d+)?)\s*(?:\/|of|out of|sur|von|de|su)\s*(\d+(?:[.,]\d+)?)/i.exec(value);
  if (ofMatch?.[1] && ofMatch[2]) {
    const rating = parseDecimal(ofMatch[1]);
    const scale = parseDecimal(ofMatch[2]);
    if (rating !== null && scale !== null && scale > 0 && rating <= scale) return { value: rating, scale };
    return null;
  }
  const rating = parseDecimal(value);
  return rating === null ? null : { value: rating, scale: defaultScale };
}

/**
 * Star value from a CSS class such as DealerRater's "rating-50" (5.0) or
 * "rating-45" (4.5): the number after the prefix, divided by `divisor`.
 * Accepts a whole class attribute ("rating-static rating-50 pull-right").
 */
export function ratingFromClass(classAttr: string | null | undefined, prefix = 'rating-', divisor = 10): number | null {
  if (!classAttr) return null;
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?:^|\\s)${escaped}(\\d{1,3})(?:\\s|$)`).exec(classAttr);
  if (!match?.[1]) return null;
  return Number(match[1]) / divisor;
}

/** Star value from a fill width such as "width:80%" on `scale` stars (→ 4 of 5), rounded to 0.1. */
export function ratingFromWidth(style: string | null | undefined, scale = 5): number | null {
  if (!style) return null;
  const match = /width\s*:\s*(\d+(?:\.\d+)?)%/i.exec(style);
  if (!match?.[1]) return null;
  const pct = Number(match[1]);
  if (pct < 0 || pct > 100) return null;
  return Math.round((pct / 100) * scale * 10) / 10;
}

/** Counts filled star glyphs ("★★★★☆" → 4); null when there are none at all. */
export function ratingFromStarGlyphs(text: string | null | undefined): number | null {
  if (!text) return null;
  const filled = (text.match(/[★⭐]/gu) ?? []).length;
  const empty = (text.match(/[☆]/g) ?? []).length;
  return filled + empty === 0 ? null : filled;
}
