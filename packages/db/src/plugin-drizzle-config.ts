// No runtime imports here: drizzle-kit loads plugin configs with its own (CommonJS) loader.
import type { Config } from 'drizzle-kit';

/** Options for {@link pluginDrizzleConfig}. */
export interface PluginDrizzleConfigOptions {
  /** The plugin's schema file(s), e.g. `./src/node/schema.ts`. */
  schema: string | string[];
  /** The migrations folder the plugin contributes as `MigrationContribution.migrationsFolder`. */
  out: string;
  /**
   * The plugin id. When given, `drizzle-kit migrate` would use the same journal table as
   * `migrateAll` (`portico_migrations.<plugin_id>`); Portico itself never runs `drizzle-kit migrate`.
   */
  pluginId?: string;
}

/**
 * drizzle-kit configuration for a plugin's own migrations. In the plugin's `drizzle.config.ts`:
 *
 * ```ts
 * import { pluginDrizzleConfig } from '@portico/db/drizzle-config';
 * export default pluginDrizzleConfig({ schema: './src/node/schema.ts', out: './migrations', pluginId: 'licensing' });
 * ```
 *
 * then `drizzle-kit generate --config drizzle.config.ts` after each schema change (commit the SQL
 * and `meta/`). drizzle-kit does not create extensions: for pg_trgm run
 * `drizzle-kit generate --custom --name pg_trgm` and write `create extension if not exists pg_trgm;`
 * on a NEW LINE of the generated file — the template ends without a newline after its comment,
 * so `echo … >>` glues the SQL onto the comment and it is silently skipped.
 */
export function pluginDrizzleConfig(options: PluginDrizzleConfigOptions): Config {
  return {
    dialect: 'postgresql',
    schema: options.schema,
    out: options.out,
    strict: true,
    breakpoints: true,
    ...(options.pluginId
      ? { migrations: { schema: 'portico_migrations', table: options.pluginId.replace(/-/g, '_') } }
      : {}),
  };
}
