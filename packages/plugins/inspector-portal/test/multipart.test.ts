/**
 * The Inspector Portal's upload reader (CSRF checked before any file is kept): an upload cut off
 * inside a file, or sent without a multipart boundary, is refused with a 4xx and the server
 * stays up.
 */
import express, { type ErrorRequestHandler } from 'express';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readMultipartWithCsrf } from '../src/node/multipart';

const TOKEN = 'a-csrf-token-for-this-test';
const app = express();
app.use((req, _res, next) => {
  (req as unknown as { session: { csrfToken: string } }).session = { csrfToken: TOKEN };
  next();
});
app.post('/attachments', async (req, res) => {
  const { files } = await readMultipartWithCsrf(req, { maxFileBytes: 1000, maxFiles: 3 });
  res.json({ names: files.map((f) => f.name) });
});
const onError: ErrorRequestHandler = (err: { status?: number }, _req, res, _next) => void res.status(err.status ?? 500).end();
app.use(onError);
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
test.after(() => new Promise<void>((r) => server.close(() => r())));

const B = 'inspector-boundary';
const upload = (body: string, type = `multipart/form-data; boundary=${B}`) =>
  fetch(`${base}/attachments`, { method: 'POST', headers: { 'content-type': type, 'x-csrf-token': TOKEN }, body });
const file = (name: string, content: string) => `--${B}\r\nContent-Disposition: form-data; name="photos"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n${content}\r\n`;

test('photos with the token in the header are read', async () => {
  const res = await upload(`${file('p1.jpg', 'jpeg-bytes')}${file('p2.jpg', 'more')}--${B}--\r\n`);
  assert.is(res.status, 200);
  assert.equal(await res.json(), { names: ['p1.jpg', 'p2.jpg'] });
});

test('an upload cut off inside a photo is a 400 and the portal keeps running', async () => {
  const cut = await upload(`${file('p1.jpg', 'complete')}--${B}\r\nContent-Disposition: form-data; name="photos"; filename="p2.jpg"\r\n\r\nhalf a ph`);
  assert.is(cut.status, 400);
  assert.is((await upload(`${file('p3.jpg', 'x')}--${B}--\r\n`)).status, 200, 'the next upload is answered');
});

test('no boundary is a 400; not multipart at all is a 415', async () => {
  assert.is((await upload('garbage', 'multipart/form-data')).status, 400);
  assert.is((await upload('x', 'text/plain')).status, 415);
});

test.run();
