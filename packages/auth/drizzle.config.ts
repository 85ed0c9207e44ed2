import { pluginDrizzleConfig } from '@portico/db/drizzle-config';

export default pluginDrizzleConfig({ schema: './src/auth-schema.ts', out: './migrations', pluginId: 'auth' });
