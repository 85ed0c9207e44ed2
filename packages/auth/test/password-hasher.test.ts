import { hash as rawHash } from '@node-rs/argon2';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { Argon2PasswordHasher, DEFAULT_HASH_THREAD_NICE } from '../src/index';

const hasher = new Argon2PasswordHasher();

test('hash produces argon2id with m=19456, t=2, p=1 and a random salt', async () => {
  const a = await hasher.hash('correct horse battery staple');
  const b = await hasher.hash('correct horse battery staple');
  assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.is.not(a, b);
});

test('verify accepts the right password and refuses a wrong one', async () => {
  const stored = await hasher.hash('correct horse battery staple');
  assert.is(await hasher.verify(stored, 'correct horse battery staple'), true);
  assert.is(await hasher.verify(stored, 'correct horse battery stapl'), false);
  assert.is(await hasher.verify(stored, ''), false);
});

test('verify refuses malformed or foreign hashes instead of throwing', async () => {
  assert.is(await hasher.verify('', 'x'), false);
  assert.is(await hasher.verify('$argon2id$garbage', 'x'), false);
  assert.is(await hasher.verify('$2b$10$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWX', 'x'), false);
});

test('passwords are NFKC-normalised (composed and decomposed forms verify alike)', async () => {
  const composed = 'caf\u00e9 au lait tous les jours';
  const decomposed = 'cafe\u0301 au lait tous les jours';
  const stored = await hasher.hash(composed);
  assert.is(await hasher.verify(stored, decomposed), true);
});

test('needsRehash: false for current parameters, true for weaker or foreign ones', async () => {
  const current = await hasher.hash('x');
  assert.is(hasher.needsRehash(current), false);
  const weaker = await rawHash('x', { memoryCost: 4096, timeCost: 3, parallelism: 1, algorithm: 2 as never });
  assert.is(hasher.needsRehash(weaker), true);
  const argon2i = await rawHash('x', { algorithm: 1 as never }); // Algorithm.Argon2i
  assert.is(hasher.needsRehash(argon2i), true);
  assert.is(hasher.needsRehash('$2b$10$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWX'), true);
  const stronger = new Argon2PasswordHasher({ passwordHash: { memoryCost: 32768, timeCost: 3 } });
  assert.is(stronger.needsRehash(current), true);
  assert.is(stronger.needsRehash(await stronger.hash('x')), false);
  assert.is(hasher.needsRehash(await stronger.hash('x')), false, 'stronger than current is fine');
});

test('parameters below the OWASP minimum are refused', () => {
  assert.throws(() => new Argon2PasswordHasher({ passwordHash: { memoryCost: 4096 } }), /OWASP/);
  assert.throws(() => new Argon2PasswordHasher({ passwordHash: { timeCost: 1 } }), /OWASP/);
});

test('dummyVerify resolves false and costs about what a real verify costs', async () => {
  const stored = await hasher.hash('correct horse battery staple');
  assert.is(await hasher.dummyVerify('anything'), false);
  // Interleaved samples, compared by their minimum: other test processes share the CPU, and
  // contention only ever adds time, so the minimum is the cost of the work itself.
  const real: number[] = [];
  const dummy: number[] = [];
  for (let i = 0; i < 15; i++) {
    let t = performance.now();
    await hasher.verify(stored, 'wrong password here');
    real.push(performance.now() - t);
    t = performance.now();
    await hasher.dummyVerify('wrong password here');
    dummy.push(performance.now() - t);
  }
  const realMin = Math.min(...real);
  const dummyMin = Math.min(...dummy);
  console.log(`  argon2id verify min ${realMin.toFixed(1)} ms, dummyVerify min ${dummyMin.toFixed(1)} ms`);
  assert.ok(dummyMin > realMin * 0.6 && dummyMin < realMin * 1.6, `dummy ${dummyMin} ms vs real ${realMin} ms`);
});

test('hashing runs off the event loop (the loop turns while a hash is computed)', async () => {
  for (const work of [() => hasher.hash('a'), () => hasher.verify('$argon2id$v=19$m=19456,t=2,p=1$S4e+TRenHQoV+JdPl3RWJg$jsQsrE3wgFqhhulj/1M3jEMLthVUYbjTw1fHHSNjvwU', 'b')]) {
    let turned = false;
    const pending = work();
    setImmediate(() => (turned = true));
    await pending;
    assert.ok(turned, 'a setImmediate callback ran before the hash finished');
  }
});

test('the hash threads run at a lower priority (hashThreadNice, default 10); bad values are refused', async () => {
  assert.throws(() => new Argon2PasswordHasher({ hashThreadNice: 20 }), /hashThreadNice/);
  assert.throws(() => new Argon2PasswordHasher({ hashThreadNice: -1 }), /hashThreadNice/);
  assert.throws(() => new Argon2PasswordHasher({ hashThreadNice: 2.5 }), /hashThreadNice/);
  await hasher.hash('correct horse battery staple'); // the worker threads exist now
  if (!existsSync('/proc/self/task')) return; // thread priorities are read from /proc (Linux)
  const niceOf = (tid: string) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]); // field 19: nice
  };
  const nices = readdirSync('/proc/self/task').map(niceOf);
  assert.is(DEFAULT_HASH_THREAD_NICE, 10);
  assert.ok(nices.includes(DEFAULT_HASH_THREAD_NICE), `no thread at nice ${DEFAULT_HASH_THREAD_NICE}: ${nices.join(',')}`);
  assert.is(niceOf(String(process.pid)), 0, 'the main thread kept its priority');
});

test('on Linux the hash threads also run under SCHED_IDLE (hashThreadIdle, default on); the main thread does not', async () => {
  if (!existsSync('/proc/self/task')) return; // scheduling policies are read from /proc (Linux)
  const policyOf = (tid: string) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]); // field 41: policy (5 = SCHED_IDLE)
  };
  await hasher.hash('correct horse battery staple');
  let idle: string[] = [];
  for (let i = 0; i < 40 && idle.length === 0; i++) {
    idle = readdirSync('/proc/self/task').filter((tid) => policyOf(tid) === 5);
    if (idle.length === 0) await new Promise((r) => setTimeout(r, 50)); // chrt runs asynchronously
  }
  assert.ok(idle.length >= 1, 'no thread under SCHED_IDLE');
  assert.is(policyOf(String(process.pid)), 0, 'the main thread stays SCHED_OTHER');
});

test.run();
