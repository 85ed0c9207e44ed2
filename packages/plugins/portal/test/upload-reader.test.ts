/**
 * The portals' one upload reader (readUpload): what a well-formed upload gives, and every way an
 * upload can go wrong — each an answer, never a crash or a hung request — including the CSRF
 * check before any file is kept.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readUpload, type UploadOptions } from '../src/node/runtime/upload-reader';

const TOKEN = 'the-session-csrf-token';
let options: UploadOptions = { maxFileBytes: 10, maxFiles: 2 };
const app = express();
app.use((req, _res, next) => {
  (req as unknown as { session: { csrfToken: string } }).session = { csrfToken: TOKEN };
  next();
});
app.post('/upload', async (req, res) => {
  const { fields, files, problem } = await readUpload(req, options);
  res.json({ fields, files: files.map((f) => ({ name: f.name, text: f.bytes.toString() })), problem: problem ?? null });
});
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`;
test.after(() => new Promise<void>((r) => server.close(() => r())));
test.before.each(() => {
  options = { maxFileBytes: 10, maxFiles: 2 };
});

const B = 'upload-reader-boundary';
const field = (name: string, value: string) => `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const file = (name: string, content: string, filename = 'a.txt') =>
  `--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`;
const end = `--${B}--\r\n`;
interface Answer { fields: Record<string, string>; files: Array<{ name: string; text: string }>; problem: { kind: string; file?: string } | null }
async function post(body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${B}`, ...headers }, body });
  assert.is(res.status, 200);
  return (await res.json()) as Answer;
}

test('fields and files of a well-formed upload; an empty file input gives no file', async () => {
  const got = await post(`${field('title', 'Report')}${file('doc', 'hello', 'a.txt')}${file('more', '', '')}${end}`);
  // Browsers send an empty file input as a part with `filename=""`; busboy gives it as a field.
  assert.equal(got, { fields: { title: 'Report', more: '' }, files: [{ name: 'a.txt', text: 'hello' }], problem: null });
});

test('a body cut off inside a file is malformed, keeps no file, and the server goes on answering', async () => {
  const got = await post(`${field('title', 'Report')}--${B}\r\nContent-Disposition: form-data; name="doc"; filename="a.txt"\r\n\r\nhal`);
  assert.equal(got.problem, { kind: 'malformed' });
  assert.equal(got.files, []);
  assert.equal(got.fields, { title: 'Report' }, 'the fields read before the break are kept');
  assert.is((await post(`${file('doc', 'again')}${end}`)).problem, null, 'still running');
});

test('no boundary, and a body that is not multipart, are problems, not errors', async () => {
  const noBoundary = await fetch(url, { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: 'garbage' });
  assert.equal(((await noBoundary.json()) as Answer).problem, { kind: 'malformed' });
  const json = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(((await json.json()) as Answer).problem, { kind: 'not_multipart' });
});

test('a file over the limit is named in the problem and none of it is kept', async () => {
  const got = await post(`${file('doc', 'small', 'ok.txt')}${file('doc', 'x'.repeat(50), 'big.pdf')}${end}`);
  assert.equal(got.problem, { kind: 'file_too_large', file: 'big.pdf' });
  assert.equal(got.files, []);
});

test('too many files, and too many parts', async () => {
  assert.equal((await post(`${file('a', '1')}${file('b', '2')}${file('c', '3')}${end}`)).problem, { kind: 'too_many_files' });
  options = { maxFileBytes: 10, maxFiles: 1, maxFields: 2 };
  assert.equal((await post(`${field('a', '1')}${field('b', '2')}${field('c', '3')}${field('d', '4')}${end}`)).problem, { kind: 'too_many_parts' });
});

test('csrfBeforeFiles: the token in the header, or in a field before the files, lets files in', async () => {
  options = { maxFileBytes: 10, maxFiles: 2, csrfBeforeFiles: true };
  assert.equal((await post(`${file('doc', 'hello')}${end}`, { 'x-csrf-token': TOKEN })).files, [{ name: 'a.txt', text: 'hello' }]);
  assert.equal((await post(`${field('_csrf', TOKEN)}${file('doc', 'hello')}${end}`)).files, [{ name: 'a.txt', text: 'hello' }]);
});

test('csrfBeforeFiles: a file before the token, a wrong token or none is a csrf problem and no byte is kept', async () => {
  options = { maxFileBytes: 10, maxFiles: 2, csrfBeforeFiles: true };
  for (const body of [`${file('doc', 'forged')}${field('_csrf', TOKEN)}${end}`, `${field('_csrf', 'wrong')}${file('doc', 'forged')}${end}`, `${file('doc', 'forged')}${end}`, `${field('title', 'x')}${end}`]) {
    const got = await post(body);
    assert.equal(got.problem, { kind: 'csrf' }, body);
    assert.equal(got.files, []);
  }
  const wrongHeader = await post(`${file('doc', 'forged')}${end}`, { 'x-csrf-token': 'wrong' });
  assert.equal(wrongHeader.problem, { kind: 'csrf' });
  // A forged upload is answered as forged even when it is also too big.
  assert.equal((await post(`${file('doc', 'x'.repeat(50))}${end}`)).problem, { kind: 'csrf' });
});

test.run();
