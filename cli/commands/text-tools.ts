import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { AppError } from '../../core/errors';
import { env } from '../../core/env';
import { loadConfig, type GlobalOptions } from '../bootstrap';
import { readInput } from './data';

/**
 * Tools for tuning, reading stdin and writing one JSON object per line:
 * `repwatch sentiment` (score, label, themes with polarity) and
 * `repwatch attribute --roster FILE` (who would a review be attributed to).
 */
export function registerTextTools(program: Command): void {
  program
    .command('sentiment')
    .description('read lines of text on stdin and print one JSON object per line: score [-1,1], label, sentences, themes with polarity')
    .option('--themes <lexicon>', 'theme lexicon: sales-service, restaurant or a YAML file (default: the config\'s, else sales-service)')
    .action(async (opts: { themes?: string }) => {
      const name = opts.themes ?? loadConfig(program.opts<GlobalOptions>().config, env())?.settings.scoring.themes ?? 'sales-service';
      const { scoreLine } = await import('../../processing/sentiment');
      const { loadThemeLexicon } = await import('../../processing/themes');
      let lexicon;
      try {
        lexicon = loadThemeLexicon(name);
      } catch (error) {
        throw new AppError('CONFIG_INVALID', `Theme lexicon "${name}": ${(error as Error).message}`, { param: 'themes' });
      }
      const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const line of lines) {
        if (line.trim() === '') continue;
        process.stdout.write(`${JSON.stringify(scoreLine(line, lexicon))}\n`);
      }
    });

  program
    .command('attribute')
    .description('read reviews as JSON lines on stdin ({"text", "employees"?, "location"?}) and print who each would be attributed to')
    .requiredOption('--roster <file>', 'the repwatch config (YAML/JSON) or a roster CSV (key,name,aliases,location)')
    .option('--threshold <n>', 'confidence below which a match waits for a person to confirm it', parseFloat)
    .action(async (opts: { roster: string; threshold?: number }) => {
      const roster = readInput(opts.roster);
      const { attributeLines } = await import('../../jobs/processing/attribute-cli');
      const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const out of attributeLines(roster, lines, { reviewThreshold: opts.threshold })) {
        process.stdout.write(`${JSON.stringify(out)}\n`);
      }
    });
}
