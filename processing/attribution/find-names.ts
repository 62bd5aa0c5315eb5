import type { NameIndex } from './name-index';
import { normaliseName, tokenize } from './normalise';
import { scanMentions, type ScanMode } from './scan';
import { MIN_CANDIDATE_CONFIDENCE, scoreMention, type Scored } from './score';
import type { MatchContext, MatchKind, NameCandidate } from './types';

const KIND_LABEL: Record<MatchKind, string> = {
  'full-name': 'full name',
  'first-initial': 'given name + surname initial',
  'first-name': 'given name',
  alias: 'roster alias',
  nickname: 'common nickname',
  'last-name': 'surname',
};

function publishedMs(at: MatchContext['publishedAt']): number | null {
  if (at == null) return null;
  const t = at instanceof Date ? at.getTime() : Date.parse(at);
  return Number.isNaN(t) ? null : t;
}

function run(index: NameIndex, text: string, ctx: MatchContext, mode: ScanMode): NameCandidate[] {
  const { tokens, casingInformative } = tokenize(text);
  if (tokens.length === 0) return [];
  const mentions = scanMentions(index, tokens, mode, casingInformative);
  if (mentions.length === 0) return [];
  const scoreCtx = { mode, casingInformative, locationId: ctx.locationId, publishedMs: publishedMs(ctx.publishedAt) };
  const perMention = mentions.map((m) => scoreMention(index, m, scoreCtx));

  // "Mike … Mike Reyes": an unambiguous full name or initial elsewhere in the text settles an
  // ambiguous given name, so the other Mikes are dropped rather than queued.
  const settled = new Set<number>();
  for (const list of perMention) {
    const [only] = list;
    if (list.length === 1 && only && (only.kind === 'full-name' || only.kind === 'first-initial')) settled.add(only.person.idx);
  }
  const best = new Map<number, { s: Scored; matched: string }>();
  for (const list of perMention) {
    const known = list.filter((s) => settled.has(s.person.idx));
    const use = list.length > 1 && known.length > 0 ? known : list;
    for (const s of use) {
      if (s.confidence < MIN_CANDIDATE_CONFIDENCE) continue;
      const first = tokens[s.mention.start]!;
      const last = tokens[s.mention.end - 1]!;
      const matched = text.slice(first.start, last.end);
      const prev = best.get(s.person.idx);
      if (!prev || s.confidence > prev.s.confidence) best.set(s.person.idx, { s, matched });
    }
  }
  return [...best.values()]
    .map(({ s, matched }) => ({
      personId: s.person.id,
      matched,
      pattern: normaliseName(matched),
      confidence: s.confidence,
      kind: s.kind,
      reason: [KIND_LABEL[s.kind], ...s.notes].join('; '),
    }))
    .sort((a, b) => b.confidence - a.confidence);
}

/**
 * Roster people named in a review's text, best first, one entry per person.
 * An ambiguous name yields every plausible person at a low confidence; a name
 * that matches nobody yields nothing.
 */
export function findNamesInText(index: NameIndex, text: string, ctx: MatchContext): NameCandidate[] {
  return run(index, text, ctx, 'text');
}

export interface TagMatch extends NameCandidate {
  /** Other people the tag could be, when it is ambiguous. */
  alternatives: { personId: string; confidence: number }[];
}

/** Candidates for a site's employee tag (e.g. DealerRater's 'Adrian "AyyDee" Cortes'), best first. */
export function matchTagCandidates(index: NameIndex, tagName: string, ctx: MatchContext): NameCandidate[] {
  return run(index, tagName, ctx, 'tag');
}

/** The roster person a site's employee tag names, or null when it names nobody we know. */
export function matchTag(index: NameIndex, tagName: string, ctx: MatchContext): TagMatch | null {
  const [top, ...rest] = matchTagCandidates(index, tagName, ctx);
  if (!top) return null;
  return { ...top, alternatives: rest.map((r) => ({ personId: r.personId, confidence: r.confidence })) };
}
