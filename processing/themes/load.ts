/**
 * Loads theme lexicons from YAML: a bundled one by name ("restaurant",
 * "sales-service") or any file by path. Compiled lexicons are cached per file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { compileThemeLexicon, type CompiledThemeLexicon } from './compile';
import { themeLexiconSchema, type ThemeLexicon } from './schema';

export const LEXICON_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lexicons');
export const BUNDLED_LEXICONS = ['sales-service', 'restaurant'] as const;
export type BundledLexiconName = (typeof BUNDLED_LEXICONS)[number];

const cache = new Map<string, CompiledThemeLexicon>();

/** A bare name ("restaurant") means a bundled lexicon; anything with a slash or extension is a path. */
export function resolveLexiconPath(pathOrName: string): string {
  if (/^[a-z0-9][a-z0-9-]*$/.test(pathOrName)) return path.join(LEXICON_DIR, `${pathOrName}.yaml`);
  return path.resolve(pathOrName);
}

/** Parses and validates YAML text; errors name the source and every invalid field. */
export function parseThemeLexicon(yamlText: string, source = 'theme lexicon'): ThemeLexicon {
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch (err) {
    throw new Error(`${source}: not valid YAML: ${(err as Error).message}`);
  }
  const parsed = themeLexiconSchema.safeParse(data);
  if (!parsed.success) throw new Error(`${source}: invalid theme lexicon\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function loadThemeLexicon(pathOrName: string): CompiledThemeLexicon {
  const file = resolveLexiconPath(pathOrName);
  const hit = cache.get(file);
  if (hit) return hit;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const known = BUNDLED_LEXICONS.join(', ');
    throw new Error(`theme lexicon "${pathOrName}" not found (${file}); bundled: ${known}. ${(err as Error).message}`);
  }
  const compiled = compileThemeLexicon(parseThemeLexicon(text, file));
  cache.set(file, compiled);
  return compiled;
}
