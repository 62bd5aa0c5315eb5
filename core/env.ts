import path from 'node:path';
import { z } from 'zod';
import { AppError } from './errors';

/**
 * Deployment settings and secrets from environment variables, parsed once into
 * a frozen object. Tests build their own with `parseEnv({...})` instead of
 * touching process.env.
 */
const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  /** Folder of the embedded PGlite database when DATABASE_URL is unset. */
  REPWATCH_DATA_DIR: z.string().default('./data'),
  REPWATCH_CONFIG: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Secret used to sign dashboard session cookies; generated per process when unset. */
  REPWATCH_SESSION_SECRET: z.string().min(16).optional(),
  /** When set, GET /metrics wants "Authorization: Bearer <token>" (Prometheus' bearer_token). */
  REPWATCH_METRICS_TOKEN: z.string().min(1).optional(),
  /** Memory for the API's cached analytics answers, MB; 0 turns the cache off (behind a transaction-mode pooler). */
  REPWATCH_RESPONSE_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
  /** Google Business Profile API credentials (only for the google-business connector). */
  GBP_CLIENT_ID: z.string().optional(),
  GBP_CLIENT_SECRET: z.string().optional(),
  GBP_REFRESH_TOKEN: z.string().optional(),
});

export type Env = Readonly<z.infer<typeof envSchema> & { dataDir: string }>;

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Empty strings mean "unset" (docker-compose passes VAR= for optional values).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new AppError('CONFIG_INVALID', `Environment variable ${name} is invalid: ${issue.message}.`, {
      param: name,
    });
  }
  return Object.freeze({ ...result.data, dataDir: path.resolve(result.data.REPWATCH_DATA_DIR) });
}

let cached: Env | undefined;
/** The process-wide environment, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
