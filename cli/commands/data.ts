import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError } from '../../core/errors';
import { env } from '../../core/env';
import { importCxRows } from '../../domain/cx/import-cx';
import { parseCxCsv, parseCxJson } from '../../domain/cx/cx-rows';
import { importRosterCsv } from '../../domain/roster/import-roster-csv';
import { loadConfig, openApp, type GlobalOptions } from '../bootstrap';
import { printJson } from '../output';

/** migrate, config check, import-roster, import-cx. */
export function registerDataCommands(program: Command): void {
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('migrate')
    .description('bring the database schema up to date (and sync the roster from the config file, if any)')
    .action(async () => {
      const app = await openApp(globals());
      process.stderr.write(`repwatch: database ready (${app.handle.description})\n`);
      await app.close();
    });

  program
    .command('check-config')
    .description('validate the config file without touching the database')
    .action(() => {
      const cfg = loadConfig(globals().config, env());
      if (!cfg) throw new AppError('CONFIG_INVALID', 'No config file: pass --config FILE or create ./repwatch.yaml (see config/repwatch.example.yaml).');
      const targets = cfg.company.targets.length + cfg.locations.reduce((n, l) => n + l.targets.length, 0) + cfg.people.reduce((n, p) => n + p.targets.length, 0);
      process.stdout.write(`ok: ${cfg.locations.length} locations, ${cfg.people.length} people, ${targets} targets\n`);
    });

  program
    .command('import-roster')
    .description('import locations, people and their review profiles from a CSV (per-row report)')
    .argument('<file>', 'CSV with columns type,key,name,location,aliases,team,manager,external_key,active_from,active_to,source,url')
    .action(async (file: string) => {
      const text = readInput(file);
      const app = await openApp(globals());
      try {
        const report = await importRosterCsv(app.ctx.db, text);
        printJson(report);
        if (report.rows.some((r) => r.status === 'rejected')) process.exitCode = 6;
      } finally {
        await app.close();
      }
    });

  program
    .command('import-cx')
    .description('import internal CX scores (NPS, CSAT, CES) from CSV or JSON; re-importing the same file changes nothing')
    .argument('<file>', 'CSV with columns entity_type,entity_id|external_key,period,metric,value,responses,transactions (or .json)')
    .action(async (file: string) => {
      const text = readInput(file);
      let rows;
      if (file.endsWith('.json')) {
        try {
          rows = parseCxJson(JSON.parse(text));
        } catch (error) {
          if (error instanceof AppError) throw error;
          throw new AppError('IMPORT_INVALID', `${file} is not valid JSON: ${(error as Error).message}. Nothing was imported.`);
        }
      } else rows = parseCxCsv(text);
      const app = await openApp(globals());
      try {
        const report = await importCxRows(app.ctx.db, rows, { batch: file });
        printJson(report);
        if (report.rejected.length) process.exitCode = 6;
      } finally {
        await app.close();
      }
    });
}

export function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new AppError('IMPORT_INVALID', `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
}
