import { Command, CommanderError } from 'commander';
import { isAppError } from '../core/errors';
import { registerCommands } from './commands';

/**
 * The `repwatch` command. Exit codes: 0 ok, 1 unexpected error, 2 bad usage or
 * request, 3 invalid config, 4 database unreachable, 5 Chromium missing,
 * 6 invalid import file, 7 crawl failed or blocked (docs/cli.md).
 */
const program = new Command()
  .name('repwatch')
  .description('Self-hosted online reputation monitor: crawl public reviews, score them, compare them with internal CX scores.')
  .option('-c, --config <file>', 'config file (YAML or JSON); default $REPWATCH_CONFIG or ./repwatch.yaml')
  .option('-q, --quiet', 'only warnings and errors on stderr')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version exit through here with code 0.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (isAppError(error)) {
    process.stderr.write(`repwatch: ${error.message}\n`);
    const issues = error.details.issues;
    if (issues && issues.length > 1) for (const i of issues.slice(1, 10)) process.stderr.write(`  - ${i.path}: ${i.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`repwatch: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
