import { NotificationBus } from '@portico/core';
import { Container } from 'inversify';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Database, DatabaseHandle, databaseModule } from '../src/index';
import { createTestDatabase } from '../src/testing/index';
import { waitFor } from './helpers';

test('databaseModule binds the handle, its drizzle instance and the NotificationBus', async () => {
  const handle = await createTestDatabase({ migrations: [] });
  try {
    const container = new Container();
    await container.load(databaseModule(handle));
    assert.is(container.get<DatabaseHandle>(DatabaseHandle), handle);
    assert.is(container.get<Database>(Database), handle.db);
    const bus = container.get<NotificationBus>(NotificationBus);
    assert.is(bus, handle);

    let deliver!: (p: string) => void;
    const received = waitFor<string>((resolve) => (deliver = resolve));
    const stop = await bus.listen('module-test', (p) => deliver(p));
    await bus.notify('module-test', 'hello');
    assert.is(await received, 'hello');
    await stop();
  } finally {
    await handle.cleanup();
  }
});

test.run();
