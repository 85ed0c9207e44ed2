import { defineConfig } from 'drizzle-kit';

export default defineConfig({ dialect: 'postgresql', schema: './src/node/licensing-schema.ts', out: './migrations' });
