import { NotificationBus } from '@portico/core';
import { ContainerModule } from 'inversify';
import { Database, DatabaseHandle } from './database-handle';

/**
 * Binds an open database into an Inversify container: `DatabaseHandle` → the handle,
 * `Database` → its drizzle instance, core's `NotificationBus` → the handle.
 */
export function databaseModule(handle: DatabaseHandle): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind<DatabaseHandle>(DatabaseHandle).toConstantValue(handle);
    bind<Database>(Database).toConstantValue(handle.db);
    bind<NotificationBus>(NotificationBus).toConstantValue(handle);
  });
}
