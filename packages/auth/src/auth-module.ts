import { JobContribution, MigrationContribution } from '@portico/core';
import { Database } from '@portico/db';
import { ContainerModule } from 'inversify';
import { fileURLToPath } from 'node:url';
import { AuthOptions } from './auth-options';
import { DrizzleSessionStore, SessionStore } from './drizzle-session-store';
import { DrizzleLoginThrottle, LoginThrottle } from './login-throttle';
import { Argon2PasswordHasher, PasswordHasher } from './password-hasher';
import { DefaultPasswordPolicy, PasswordPolicy } from './password-policy';
import { SessionCleanupJob } from './session-cleanup-job';
import { DrizzleTokenService, TokenService } from './token-service';

/** The migrations folder of packages/auth (journal table `portico_migrations.auth`). */
export const AUTH_MIGRATIONS_FOLDER = fileURLToPath(new URL('../migrations', import.meta.url));

/** The {@link MigrationContribution} of packages/auth; apply it before any plugin's. */
export const authMigrations: MigrationContribution = { pluginId: 'auth', migrationsFolder: AUTH_MIGRATIONS_FOLDER };

/**
 * Binds the services of packages/auth (singletons): {@link PasswordHasher},
 * {@link PasswordPolicy}, {@link TokenService}, {@link LoginThrottle}, {@link SessionStore},
 * {@link AuthOptions}, the migrations and the `auth.session-cleanup` job. Needs `Database`
 * (from `databaseModule`) in the container.
 *
 * @example
 * ```ts
 * await container.loadAsync(databaseModule(handle), authModule({ sessionAbsoluteHours: 8 }));
 * const store = container.get<SessionStore>(SessionStore);
 * ```
 */
export function authModule(options: AuthOptions = {}): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<AuthOptions>(AuthOptions).toConstantValue(options);
    bind<PasswordHasher>(PasswordHasher).to(Argon2PasswordHasher).inSingletonScope();
    bind<PasswordPolicy>(PasswordPolicy).to(DefaultPasswordPolicy).inSingletonScope();
    bind<TokenService>(TokenService).to(DrizzleTokenService).inSingletonScope();
    bind<LoginThrottle>(LoginThrottle).to(DrizzleLoginThrottle).inSingletonScope();
    // express-session's Store is a plain (non-injectable) base class: build the store by hand.
    bind<SessionStore>(SessionStore)
      .toDynamicValue((ctx) => new DrizzleSessionStore(ctx.get<Database>(Database), options))
      .inSingletonScope();
    bind<MigrationContribution>(MigrationContribution).toConstantValue({
      pluginId: 'auth',
      migrationsFolder: options.migrationsFolder ?? AUTH_MIGRATIONS_FOLDER,
    });
    bind<JobContribution>(JobContribution).to(SessionCleanupJob).inSingletonScope();
  });
}
