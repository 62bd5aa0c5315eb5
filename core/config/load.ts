import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { AppError } from '../errors';
import { configSchema, type RepwatchConfig } from './schema';

/**
 * Reads and validates a config file. Every mistake is reported with the file,
 * the path inside it and what is wrong, e.g.
 *   config.yaml: people[3].location: unknown location "uptown"
 * Nothing is written anywhere before validation passes.
 */
export function formatPath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const part of p) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(top level)';
}

export function configIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

export function parseConfig(raw: unknown, fileLabel = 'config'): Readonly<RepwatchConfig> {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issues = configIssues(result.error);
    const first = issues[0]!;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    throw new AppError('CONFIG_INVALID', `${fileLabel}: ${first.path}: ${first.message}${more}`, { param: first.path, issues });
  }
  return deepFreeze(result.data);
}

export function loadConfigFile(file: string): Readonly<RepwatchConfig> {
  const label = path.basename(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `Cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text, { prettyErrors: true });
  } catch (error) {
    const msg = (error as Error).message.split('\n')[0];
    throw new AppError('CONFIG_INVALID', `${label}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${msg}`);
  }
  if (raw === null || raw === undefined) throw new AppError('CONFIG_INVALID', `${label}: the file is empty.`);
  return parseConfig(raw, label);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
