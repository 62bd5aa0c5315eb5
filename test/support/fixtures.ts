import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

/** Repository root (this file lives in test/support). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Third-party fixtures live in ../shared/fixtures beside the clone and are never
 * copied into the repository. REPWATCH_SHARED_FIXTURES overrides the location.
 */
export const sharedFixturesDir = process.env.REPWATCH_SHARED_FIXTURES ?? path.resolve(repoRoot, '../shared/fixtures');

export const hasSharedFixtures = existsSync(path.join(sharedFixturesDir, 'real-pages'));

export function sharedFixturePath(relative: string): string {
  return path.join(sharedFixturesDir, relative);
}

export function readSharedFixture(relative: string): string {
  return readFileSync(sharedFixturePath(relative), 'utf8');
}

/**
 * `describe` that is skipped, with a reason in its title, when ../shared/fixtures is absent
 * (a user's fresh clone without the shared folder).
 */
export function describeWithSharedFixtures(name: string, fn: () => void): void {
  if (hasSharedFixtures) describe(name, fn);
  else describe.skip(`${name} (skipped: ../shared/fixtures not found at ${sharedFixturesDir})`, fn);
}
