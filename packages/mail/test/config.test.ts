import { ConfigError, createLogger, JobContribution, LifecycleContribution, Logger, MigrationContribution, NotificationBus } from '@portico/core';
import { Database } from '@portico/db';
import { Container } from 'inversify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_MAIL_FROM, maskUrlPassword, MailConfig, parseMailConfig } from '../src/mail-config';
import { MailDispatcher } from '../src/mail-dispatcher';
import { mailModule } from '../src/mail-module';
import { Outbox } from '../src/outbox';
import { OutboxService } from '../src/outbox-service';
import { addressDomain, EmbeddedOutboxTransport, MailTransport, SmtpTransport, stripUrlQueries } from '../src/transports';

test('defaults: no SMTP_URL → embedded outbox settings', () => {
  const config = parseMailConfig({});
  assert.equal(config, { from: DEFAULT_MAIL_FROM, maxAttempts: 10, batchSize: 20, sendConcurrency: 4, leaseMs: 300_000 });
  assert.is(DEFAULT_MAIL_FROM, 'Portico <no-reply@localhost>');
});

test('SMTP_URL, MAIL_FROM and the tuning variables are read', () => {
  const config = parseMailConfig({
    SMTP_URL: 'smtps://user:secret@smtp.example.org:465',
    MAIL_FROM: 'Nursing Council <no-reply@nursing.example.org>',
    MAIL_MAX_ATTEMPTS: '5',
    MAIL_BATCH_SIZE: '50',
    MAIL_SEND_CONCURRENCY: '8',
    MAIL_LEASE_SECONDS: '120',
    UNRELATED: 'x',
  });
  assert.equal(config, {
    smtpUrl: 'smtps://user:secret@smtp.example.org:465',
    from: 'Nursing Council <no-reply@nursing.example.org>',
    maxAttempts: 5,
    batchSize: 50,
    sendConcurrency: 8,
    leaseMs: 120_000,
  });
  assert.is(parseMailConfig({ MAIL_FROM: 'ops@example.org', SMTP_URL: '' }).from, 'ops@example.org');
});

test('bad values fail with a ConfigError naming the variable, without leaking the SMTP password', () => {
  const failure = (env: NodeJS.ProcessEnv) => {
    try {
      parseMailConfig(env);
    } catch (error) {
      assert.instance(error, ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  };
  const smtp = failure({ SMTP_URL: 'http://user:hunter2@smtp.example.org' });
  assert.match(smtp, /SMTP_URL/);
  assert.match(smtp, /smtp:\/\/user:pass@host:587/);
  assert.not.match(smtp, /hunter2/);
  assert.match(failure({ SMTP_URL: 'not a url' }), /SMTP_URL/);
  assert.match(failure({ MAIL_FROM: 'Portico' }), /MAIL_FROM/);
  assert.match(failure({ MAIL_FROM: 'Evil <a@b>\r\nBcc: x@y' }), /MAIL_FROM/);
  assert.match(failure({ MAIL_MAX_ATTEMPTS: 'ten' }), /MAIL_MAX_ATTEMPTS/);
  assert.match(failure({ MAIL_LEASE_SECONDS: '1' }), /MAIL_LEASE_SECONDS/);
  assert.is(maskUrlPassword('smtp://u:p%40ss@h:25'), 'smtp://u:***@h:25');
});

test('log helpers: query strings stripped from URLs; Message-ID domain from the sender', () => {
  assert.is(
    stripUrlQueries('Go to https://x.example.org/a/b?token=s3cret&u=1#frag, or http://y.example.org/c.'),
    'Go to https://x.example.org/a/b?…, or http://y.example.org/c.',
  );
  assert.is(addressDomain('Portico <no-reply@localhost>'), 'localhost');
  assert.is(addressDomain('ops@example.org'), 'example.org');
});

test('mailModule binds the outbox, the service, the transport, the job, the migrations and a lifecycle hook', async () => {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(Database).toConstantValue({} as Database); // resolved lazily; not queried here
  container.bind(Logger).toConstantValue(createLogger({ level: 'silent' }));
  container.bind(NotificationBus).toConstantValue({} as NotificationBus);
  await container.loadAsync(mailModule({ env: { MAIL_FROM: 'Council <no-reply@council.example.org>' } }));

  assert.ok(container.get(Outbox));
  assert.ok(container.get(OutboxService));
  assert.instance(container.get(MailTransport), EmbeddedOutboxTransport);
  const [job] = container.getAll<JobContribution>(JobContribution);
  assert.instance(job, MailDispatcher);
  assert.is(job!.id, 'mail.dispatch');
  assert.is(job!.channel, 'mail_outbox');
  assert.is(job!.intervalMs, 30_000);
  assert.is(container.get(MailDispatcher), job, 'one dispatcher instance');
  const [migrations] = container.getAll<MigrationContribution>(MigrationContribution);
  assert.is(migrations!.pluginId, 'mail');
  assert.ok(existsSync(join(migrations!.migrationsFolder, 'meta', '_journal.json')));
  assert.is(container.get<MailConfig>(MailConfig).from, 'Council <no-reply@council.example.org>');
  const [lifecycle] = container.getAll<LifecycleContribution>(LifecycleContribution);
  await lifecycle!.onStart?.();
  await lifecycle!.onStop?.();

  const smtpContainer = new Container({ defaultScope: 'Singleton' });
  smtpContainer.bind(Database).toConstantValue({} as Database);
  await smtpContainer.loadAsync(mailModule({ env: { SMTP_URL: 'smtp://u:p@127.0.0.1:2525' } }));
  const transport = smtpContainer.get<MailTransport>(MailTransport);
  assert.instance(transport, SmtpTransport);
  assert.is(transport.describe(), 'SMTP at smtp://127.0.0.1:2525 as u');
  await transport.close();
});

test('mailModule with a bad variable fails when the container loads it', async () => {
  const container = new Container();
  try {
    await container.loadAsync(mailModule({ env: { MAIL_BATCH_SIZE: '0' } }));
    assert.unreachable();
  } catch (error) {
    assert.instance(error, ConfigError);
    assert.match((error as Error).message, /MAIL_BATCH_SIZE/);
  }
});

test.run();
