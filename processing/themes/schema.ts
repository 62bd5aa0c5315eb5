/**
 * Theme lexicons are data (YAML under ./lexicons or a user's own file), so an
 * operator can add "loan officer" vocabulary without touching code. This schema
 * is the contract for those files.
 */
import { z } from 'zod';
import { expandPattern } from '../text/patterns';

function checkPatterns(patterns: readonly string[], ctx: z.RefinementCtx, field: string): void {
  patterns.forEach((p, i) => {
    try {
      expandPattern(p);
    } catch (err) {
      ctx.addIssue({ code: 'custom', path: [field, i], message: (err as Error).message });
    }
  });
}

export const themeSchema = z
  .object({
    /** Stable identifier stored with each review ("price", "follow_up"). */
    key: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'lowercase letters, digits, _ and -'),
    /** What a dashboard shows. */
    label: z.string().min(1),
    description: z.string().optional(),
    /**
     * Words or phrases that mention the theme. "word*" matches any word starting
     * with "word"; a plain word also matches its plural. Full syntax: processing/text/patterns.ts.
     */
    patterns: z.array(z.string().min(1)).min(1),
    /** Phrases that contain a pattern but do not mention the theme ("worth the wait" is not about price). */
    exclude: z.array(z.string().min(1)).default([]),
  })
  .superRefine((theme, ctx) => {
    checkPatterns(theme.patterns, ctx, 'patterns');
    checkPatterns(theme.exclude, ctx, 'exclude');
  });

export const themeLexiconSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** ISO 639-1 language of the patterns. */
    language: z.string().length(2).default('en'),
    themes: z.array(themeSchema).min(1),
  })
  .superRefine((lexicon, ctx) => {
    const seen = new Set<string>();
    lexicon.themes.forEach((t, i) => {
      if (seen.has(t.key)) ctx.addIssue({ code: 'custom', path: ['themes', i, 'key'], message: `duplicate theme key "${t.key}"` });
      seen.add(t.key);
    });
  });

export type ThemeDefinition = z.output<typeof themeSchema>;
/** A validated lexicon (defaults applied). */
export type ThemeLexicon = z.output<typeof themeLexiconSchema>;
/** What a YAML file or caller may write (defaults optional). */
export type ThemeLexiconInput = z.input<typeof themeLexiconSchema>;
