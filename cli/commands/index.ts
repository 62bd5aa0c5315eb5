import type { Command } from 'commander';
import { registerCrawlCommands } from './crawl';
import { registerDataCommands } from './data';
import { registerDemoCommand } from './demo';
import { registerJobCommands } from './jobs';
import { registerKeysCommand } from './keys';
import { registerServeCommands } from './serve';
import { registerStatusCommand } from './status';
import { registerTextTools } from './text-tools';

/** Each file registers one group of subcommands; main.ts only wires them. */
export function registerCommands(program: Command): void {
  registerDemoCommand(program);
  registerDataCommands(program);
  registerCrawlCommands(program);
  registerServeCommands(program);
  registerJobCommands(program);
  registerTextTools(program);
  registerKeysCommand(program);
  registerStatusCommand(program);
}
