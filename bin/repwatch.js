#!/usr/bin/env node
// Launcher: registers tsx so the TypeScript sources run directly on Node 20, then starts the CLI.
import { register } from 'tsx/esm/api';
register();
await import('../cli/main.ts');
