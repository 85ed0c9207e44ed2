#!/usr/bin/env node
// The `portico` command. Portico runs its TypeScript sources through tsx (no build step for
// the server), with the workspace's compiler options so decorators work in every plugin.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const here = dirname(fileURLToPath(import.meta.url));
const workspaceTsconfig = join(here, '../../../tsconfig.base.json');
register({ tsconfig: existsSync(workspaceTsconfig) ? workspaceTsconfig : join(here, '../tsconfig.json') });
await import('../src/node/cli.ts');
