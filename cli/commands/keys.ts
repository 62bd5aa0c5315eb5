import type { Command } from 'commander';
import { AppError } from '../../core/errors';
import { createApiKey, listApiKeys, revokeApiKey, ROLES } from '../../domain/api-keys';
import type { ApiKeyScope, Role } from '../../db/types';
import { openApp, type GlobalOptions } from '../bootstrap';
import { table } from '../output';

export function registerKeysCommand(program: Command): void {
  const globals = () => program.opts<GlobalOptions>();
  const keys = program.command('keys').description('manage API keys (admin, leadership, marketing, manager)');

  keys
    .command('create')
    .description('create a key; it is printed once and stored only as a hash')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <name>', 'a label for the key', 'api key')
    .option('--scope <scope...>', 'manager scope: location:<key> and/or team:<name> (repeatable)')
    .action(async (opts: { role: string; name: string; scope?: string[] }) => {
      if (!ROLES.includes(opts.role as Role)) throw new AppError('BAD_REQUEST', `--role must be one of ${ROLES.join(', ')}, not "${opts.role}".`);
      const app = await openApp(globals());
      try {
        const scope: ApiKeyScope = {};
        for (const s of opts.scope ?? []) {
          const [kind, value] = s.split(':', 2);
          if (kind === 'location' && value) {
            const loc = await app.ctx.db.selectFrom('locations').select('id').where('key', '=', value).executeTakeFirst();
            if (!loc) throw new AppError('NOT_FOUND', `--scope: no location with key "${value}".`);
            (scope.locationIds ??= []).push(loc.id);
          } else if (kind === 'team' && value) (scope.teams ??= []).push(value);
          else throw new AppError('BAD_REQUEST', `--scope "${s}" must look like location:<key> or team:<name>.`);
        }
        if (opts.role === 'manager' && !scope.locationIds && !scope.teams)
          throw new AppError('BAD_REQUEST', 'A manager key needs a --scope (location:<key> or team:<name>): managers see only their own people.');
        const created = await createApiKey(app.ctx.db, { name: opts.name, role: opts.role as Role, scope });
        process.stdout.write(`${created.key}\n`);
        process.stderr.write(`repwatch: created ${opts.role} key #${created.id} (${created.prefix}…). Store it now: it is not shown again.\n`);
      } finally {
        await app.close();
      }
    });

  keys
    .command('list')
    .description('list keys (never the keys themselves)')
    .action(async () => {
      const app = await openApp(globals());
      try {
        const rows = await listApiKeys(app.ctx.db);
        process.stdout.write(`${table(rows.map((r) => ({ ...r, scope: JSON.stringify(r.scope) })))}\n`);
      } finally {
        await app.close();
      }
    });

  keys
    .command('revoke')
    .argument('<id>', 'key id from `repwatch keys list`')
    .action(async (id: string) => {
      const app = await openApp(globals());
      try {
        if (!(await revokeApiKey(app.ctx.db, Number(id)))) throw new AppError('NOT_FOUND', `No active key #${id}.`);
        process.stderr.write(`repwatch: key #${id} revoked\n`);
      } finally {
        await app.close();
      }
    });
}
