import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startWorkbench, type RunningWorkbench } from '../src/node/index';
import { fixturePlugin, testEnvironment } from './helpers';
import { TestClient } from './http-client';

let running: RunningWorkbench;
let cleanup: () => Promise<void>;

test.before(async () => {
  const t = await testEnvironment({ PORTICO_PLUGINS: `@portico/plugin-hello,${fixturePlugin('boom')}`, BODY_LIMIT: '10kb' });
  cleanup = t.cleanup;
  running = await startWorkbench({ env: t.env });
});
test.after(async () => {
  await running?.stop();
  await cleanup?.();
});

const api = (path: string, init?: RequestInit) => fetch(new URL(path, running.url), init);
let client: TestClient;
const postJson = (path: string, body: string) => {
  client ??= new TestClient(running.url);
  return client.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
};

test('/healthz answers without touching the database; /readyz reports the database', async () => {
  const health = await api('/healthz');
  assert.is(health.status, 200);
  assert.equal(await health.json(), { status: 'ok' });
  const ready = await api('/readyz');
  assert.is(ready.status, 200);
  const body = (await ready.json()) as { status: string; database: string };
  assert.is(body.status, 'ready');
  assert.is(body.database, process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
});

test("a plugin's route works end to end through the database", async () => {
  const created = await postJson('/api/hello/greetings', JSON.stringify({ message: 'Kia ora' }));
  assert.is(created.status, 201, await created.clone().text());
  const list = (await (await api('/api/hello/greetings')).json()) as { items: { message: string }[] };
  assert.ok(list.items.some((g) => g.message === 'Kia ora'));
});

test('validation errors are 400 and name the field', async () => {
  const res = await postJson('/api/hello/greetings', JSON.stringify({ message: '' }));
  assert.is(res.status, 400);
  const body = (await res.json()) as { error: { code: string; fields: { path: string; message: string }[] } };
  assert.is(body.error.code, 'validation_failed');
  assert.equal(body.error.fields, [{ path: 'message', message: 'is required' }]);
});

test('a malformed JSON body is a 400 with a plain message, not a stack', async () => {
  const res = await postJson('/api/hello/greetings', '{"message": ');
  assert.is(res.status, 400);
  const text = await res.text();
  assert.match(text, 'The request body is not valid JSON');
  assert.not.match(text, /at \w+ \(|node_modules|SyntaxError/);
});

test('a body over BODY_LIMIT is refused with 413', async () => {
  const res = await postJson('/api/hello/greetings', JSON.stringify({ message: 'x'.repeat(20_000) }));
  assert.is(res.status, 413);
  assert.is(((await res.json()) as { error: { code: string } }).error.code, 'entity_too_large');
});

test('an unexpected error is a 500 with the request id and without internals', async () => {
  const res = await api('/api/boom/explode', { headers: { 'x-request-id': 'req-abc-123' } });
  assert.is(res.status, 500);
  assert.is(res.headers.get('x-request-id'), 'req-abc-123');
  const text = await res.text();
  assert.not.match(text, 'secret internal detail');
  assert.not.match(text, '/srv/portico');
  assert.equal(JSON.parse(text).error.requestId, 'req-abc-123');
});

test('a write without the session\'s CSRF token is refused with 403', async () => {
  const res = await api('/api/hello/greetings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"forged"}' });
  assert.is(res.status, 403);
  assert.is(((await res.json()) as { error: { code: string } }).error.code, 'csrf_failed');
  const list = (await (await api('/api/hello/greetings')).json()) as { items: { message: string }[] };
  assert.not.ok(list.items.some((g) => g.message === 'forged'), 'nothing was written');
});

test('unknown API paths are JSON 404s', async () => {
  const res = await api('/api/nothing/here');
  assert.is(res.status, 404);
  assert.is(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
});

test('security headers are set and a request id is generated when none is sent', async () => {
  const res = await api('/healthz');
  assert.match(res.headers.get('content-security-policy') ?? '', "default-src 'self'");
  assert.is(res.headers.get('x-content-type-options'), 'nosniff');
  assert.is(res.headers.get('x-powered-by'), null);
  assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
});

test('the shell receives the navigation contributed by plugins', async () => {
  const nav = (await (await api('/api/shell/navigation')).json()) as { modules: { id: string; sections: { items: { path: string }[] }[] }[] };
  const examples = nav.modules.find((m) => m.id === 'examples');
  assert.ok(examples);
  assert.is(examples.sections[0]!.items[0]!.path, '/hello/greetings');
});

test.run();
