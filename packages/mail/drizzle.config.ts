import { pluginDrizzleConfig } from '@portico/db/drizzle-config';

export default pluginDrizzleConfig({ schema: './src/schema.ts', out: './migrations', pluginId: 'mail' });
