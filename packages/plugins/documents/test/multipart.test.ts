/**
 * The multipart reader of the document uploads: a broken or cut-off body is a 400 and leaves the
 * server running. (A body cut off inside a file used to error the file's stream with no listener:
 * the process ended.)
 */
import express, { type ErrorRequestHandler } from 'express';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readMultipart } from '../src/node/multipart';

const app = express();
app.post('/upload', async (req, res) => {
  const { fields, files } = await readMultipart(req, { maxFileBytes: 1000, maxFiles: 2 });
  res.json({ fields, files: files.map((f) => ({ name: f.name, text: f.bytes.toString() })) });
});
const onError: ErrorRequestHandler = (err: { status?: number }, _req, res, _next) => void res.status(err.status ?? 500).json({ status: err.status ?? 500 });
app.use(onError);
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`;
test.after(() => new Promise<void>((r) => server.close(() => r())));

const B = 'portico-test-boundary';
const part = (name: string, value: string, filename?: string) =>
  `--${B}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"\r\nContent-Type: text/plain` : ''}\r\n\r\n${value}\r\n`;
const post = (body: string, type = `multipart/form-data; boundary=${B}`) => fetch(url, { method: 'POST', headers: { 'content-type': type }, body });

test('a well-formed upload gives its fields and files', async () => {
  const res = await post(`${part('title', 'Report')}${part('file', 'hello', 'a.txt')}--${B}--\r\n`);
  assert.is(res.status, 200);
  assert.equal(await res.json(), { fields: { title: 'Report' }, files: [{ name: 'a.txt', text: 'hello' }] });
});

test('a body cut off inside a file is a 400, and the server keeps answering', async () => {
  const res = await post(`${part('title', 'Report')}--${B}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhal`);
  assert.is(res.status, 400);
  assert.is((await post(`${part('file', 'again', 'b.txt')}--${B}--\r\n`)).status, 200, 'still running');
});

test('multipart without a boundary, and a body that is not multipart, are 400', async () => {
  assert.is((await post('garbage', 'multipart/form-data')).status, 400);
  assert.is((await post('{}', 'application/json')).status, 400);
});

test.run();
