/**
 * The shape of a declarative site description (`sites:` in repwatch.yaml), on
 * its own so the config loader (core/config/schema.ts) can validate `sites`
 * without loading the adapter or the crawler. It needs only zod and cheerio's
 * selector engine (the slim build: no parse5, no HTTP client) to tell a bad
 * CSS selector at load time. The adapter itself is in ./declarative.ts.
 */
import { load } from 'cheerio/slim';
import { z } from 'zod';

function validRegex(value: string): boolean {
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}

let probe: ReturnType<typeof load> | undefined;
/** A selector is valid when cheerio (the same selector engine the adapter uses) can run it. */
function validSelector(value: string): boolean {
  probe ??= load('<div></div>');
  try {
    probe(value);
    return true;
  } catch {
    return false;
  }
}

const regexString = z.string().min(1).refine(validRegex, { message: 'not a valid regular expression' });
const selector = z.string().trim().min(1).refine(validSelector, { message: 'not a valid CSS selector' });
/** 'text' reads the element's text; anything else names the attribute to read (e.g. data-rating, content). */
const valueFrom = z
  .string()
  .trim()
  .regex(/^(text|[a-zA-Z_:][-a-zA-Z0-9_:.]*)$/, { message: "must be 'text' or an attribute name" });

export const declarativeSiteSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'lowercase letters, digits, "-" and "_"' }),
    label: z.string().trim().min(1),
    /** Which URLs this site description handles (a regular expression tested against the whole URL). */
    urlPattern: regexString.optional(),
    needsBrowser: z.boolean().default(false),
    selectors: z
      .object({
        /** One element per review; every other review selector is looked up inside it. */
        review: selector,
        rating: selector,
        ratingFrom: valueFrom.default('text'),
        ratingScale: z.number().positive().max(100).default(5),
        /** A regex whose first capture group (or whole match) is the number, e.g. "(\\d+(?:\\.\\d+)?) of 5". */
        ratingPattern: regexString.optional(),
        date: selector.optional(),
        /** date-fns format for numeric dates, e.g. "dd.MM.yyyy"; ISO, "June 3, 2024" and "3 weeks ago" need none. */
        dateFormat: z.string().min(1).optional(),
        author: selector.optional(),
        title: selector.optional(),
        text: selector.optional(),
        /** Where the review id is; omit it (or use ":scope") to read `reviewIdFrom` on the review element itself. */
        reviewId: selector.optional(),
        reviewIdFrom: valueFrom.default('text'),
        ownerResponse: selector.optional(),
        /** An <a> (or any element with href) pointing to the next, older page. */
        nextPage: selector.optional(),
        aggregateRating: selector.optional(),
        reviewCount: selector.optional(),
        businessName: selector.optional(),
      })
      .strict(),
  })
  .strict();

export type DeclarativeSite = z.infer<typeof declarativeSiteSchema>;
/** The config as written (defaults not yet applied). */
export type DeclarativeSiteInput = z.input<typeof declarativeSiteSchema>;
