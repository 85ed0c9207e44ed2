import { defineConfig } from 'drizzle-kit';

export default defineConfig({ dialect: 'postgresql', schema: ['./src/node/security-schema.ts', './src/node/api-tokens-schema.ts'], out: './migrations' });
