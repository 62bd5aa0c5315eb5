#!/usr/bin/env node
// Launcher: registers tsx so the TypeScript sources run directly on Node 20, then starts the CLI.
// The project's own tsconfig is named explicitly: tsx would otherwise look for one in the
// current directory, and the dashboard's JSX (hono/jsx) would compile as React's.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('../cli/main.ts');
