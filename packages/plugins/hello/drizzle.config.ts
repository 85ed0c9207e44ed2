import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/node/hello-schema.ts',
  out: './migrations',
});
