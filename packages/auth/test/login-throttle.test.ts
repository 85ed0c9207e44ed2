import { sql } from 'drizzle-orm';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DrizzleLoginThrottle, ipBucket, throttleKeys } from '../src/index';
import { openTestDatabase } from './helpers';

const db = await openTestDatabase();
const throttle = new DrizzleLoginThrottle(db.db);
test.after(() => db.cleanup());

const failures = async (key: string) =>
  Number((await db.rows<{ failures: number }>(sql`select failures from auth_throttle where key = ${key}`))[0]?.failures ?? 0);
/** The verdict without its `counted` set (asserted on its own below). */
const check = async (keys: string[]) => {
  const { allowed, retryAfterSeconds } = await throttle.check(keys);
  return { allowed, retryAfterSeconds };
};
const failTimes = async (keys: string[], n: number) => {
  for (let i = 0; i < n; i++) await throttle.recordFailure(keys);
};

test('allowed while there are no or few failures', async () => {
  assert.equal(await check([]), { allowed: true, retryAfterSeconds: 0 });
  assert.equal(await check(['acct:staff:nobody']), { allowed: true, retryAfterSeconds: 0 });
  await failTimes(['acct:staff:few'], 4);
  assert.equal(await check(['acct:staff:few']), { allowed: true, retryAfterSeconds: 0 });
});

test('blocked after 5 failures, with a delay that doubles: 1, 2, 4, 8 s', async () => {
  const key = throttleKeys.account('staff', 'grow');
  await failTimes([key], 5);
  assert.equal(await check([key]), { allowed: false, retryAfterSeconds: 1 });
  const seen: number[] = [1];
  for (let i = 0; i < 3; i++) {
    await throttle.recordFailure([key]);
    seen.push((await throttle.check([key])).retryAfterSeconds);
  }
  assert.equal(seen, [1, 2, 4, 8]);
});

test('the delay is capped at 15 minutes', async () => {
  const key = 'acct:staff:cap';
  await failTimes([key], 20); // 2^15 s uncapped
  assert.equal(await check([key]), { allowed: false, retryAfterSeconds: 900 });
});

test('a success clears the account key but not the IP key', async () => {
  const acct = throttleKeys.email(' Someone@Example.ORG ');
  assert.is(acct, 'acct:email:someone@example.org');
  const ip = throttleKeys.ip('203.0.113.7');
  await failTimes([acct, ip], 6);
  assert.is((await throttle.check([acct])).allowed, false);
  assert.is((await throttle.check([ip])).allowed, true, 'the IP rule allows more failures');
  assert.is((await throttle.check([acct, ip])).allowed, false, 'blocked when any key is blocked');
  await throttle.recordSuccess(acct);
  assert.equal(await check([acct, ip]), { allowed: true, retryAfterSeconds: 0 });
  assert.is(await failures(acct), 0);
  assert.is(await failures(ip), 6);
  await assertRejects(() => throttle.recordSuccess(ip));
});

test('the verdict names the keys with a count, and recordSuccess with it skips an uncounted key', async () => {
  const counted = throttleKeys.email('counted@example.org');
  const clean = throttleKeys.email('clean@example.org');
  const ip = throttleKeys.ip('192.0.2.44');
  await failTimes([counted, ip], 2);
  const verdict = await throttle.check([counted, clean, ip]);
  assert.equal([...verdict.counted].sort(), [counted, ip].sort());
  // A failure of `clean` recorded after the check (a concurrent attempt) is not wiped by the
  // success that the verdict saw as clean; `counted` is cleared as before.
  await throttle.recordFailure([clean]);
  await throttle.recordSuccess(clean, verdict);
  await throttle.recordSuccess(counted, verdict);
  assert.is(await failures(clean), 1);
  assert.is(await failures(counted), 0);
  assert.is(await failures(ip), 2);
});

test('checkQuery gives check()\'s verdict from inside another statement; successWrite clears only a counted key', async () => {
  const blocked = throttleKeys.email('query-blocked@example.org');
  const counted = throttleKeys.email('query-counted@example.org');
  const ip = throttleKeys.ip('192.0.2.45');
  await failTimes([blocked], 6);
  await failTimes([counted, ip], 1);
  for (const keys of [[blocked, ip], [counted, ip], [throttleKeys.email('query-clean@example.org')], []]) {
    const query = throttle.checkQuery(keys);
    const [row] = await db.rows<{ v: unknown; n: number }>(sql`select ${query.sql} as v, count(*)::int as n from auth_throttle`);
    const viaQuery = query.verdictOf(row!.v);
    const direct = await throttle.check(keys);
    assert.equal({ ...viaQuery, counted: [...viaQuery.counted].sort() }, { ...direct, counted: [...direct.counted].sort() }, keys.join(', '));
  }
  assert.is((await throttle.check([blocked])).allowed, false);
  const verdict = await throttle.check([counted, throttleKeys.email('query-clean@example.org')]);
  assert.is(throttle.successWrite(throttleKeys.email('query-clean@example.org'), verdict), undefined, 'nothing to clear');
  await db.db.execute(throttle.successWrite(counted, verdict)!);
  assert.is(await failures(counted), 0);
  assert.is(await failures(ip), 1);
  assert.throws(() => throttle.successWrite(ip, verdict), /account key/);
});

test('IP keys have their own, higher limit', async () => {
  const ip = throttleKeys.ip('198.51.100.1');
  await failTimes([ip], 29);
  assert.is((await throttle.check([ip])).allowed, true);
  await throttle.recordFailure([ip]);
  assert.equal(await check([ip]), { allowed: false, retryAfterSeconds: 1 });
});

test('100 failures in an hour block the account until the hour ends', async () => {
  const key = 'acct:staff:hundred';
  await Promise.all(Array.from({ length: 99 }, () => throttle.recordFailure([key])));
  const before = await throttle.check([key]);
  assert.ok(before.retryAfterSeconds <= 900, `growing delay only (${before.retryAfterSeconds})`);
  await throttle.recordFailure([key]);
  const after = await throttle.check([key]);
  assert.is(after.allowed, false);
  assert.ok(after.retryAfterSeconds > 3500 && after.retryAfterSeconds <= 3600, `until the window ends (${after.retryAfterSeconds})`);
});

test('per-IP cap: 300 failures an hour', async () => {
  const ip = 'ip:192.0.2.99';
  await Promise.all(Array.from({ length: 299 }, () => throttle.recordFailure([ip])));
  assert.ok((await throttle.check([ip])).retryAfterSeconds <= 900);
  await throttle.recordFailure([ip]);
  assert.ok((await throttle.check([ip])).retryAfterSeconds > 3500);
});

test('a new window starts once the old one is over', async () => {
  const key = 'acct:staff:window';
  await failTimes([key], 7);
  await db.db.execute(sql`update auth_throttle set window_start = now() - interval '61 minutes', blocked_until = now() - interval '1 second' where key = ${key}`);
  assert.is((await throttle.check([key])).allowed, true);
  await throttle.recordFailure([key]);
  assert.is(await failures(key), 1);
  assert.is((await throttle.check([key])).allowed, true);
});

test('50 concurrent failures count exactly 50', async () => {
  const key = 'acct:staff:concurrent';
  await Promise.all(Array.from({ length: 50 }, () => throttle.recordFailure([key, 'ip:192.0.2.50'])));
  assert.is(await failures(key), 50);
  assert.is(await failures('ip:192.0.2.50'), 50);
});

test('purgeStale deletes finished counters only', async () => {
  await db.db.execute(sql`delete from auth_throttle`);
  await failTimes(['acct:staff:old', 'acct:staff:recent'], 1);
  await db.db.execute(sql`update auth_throttle set window_start = now() - interval '2 hours' where key = 'acct:staff:old'`);
  assert.is(await throttle.purgeStale(), 1);
  assert.is(await failures('acct:staff:recent'), 1);
});

test('ipBucket: IPv4 as is, IPv6 by /64, IPv4-mapped as IPv4', () => {
  assert.is(ipBucket('203.0.113.7'), '203.0.113.7');
  assert.is(ipBucket('::ffff:203.0.113.7'), '203.0.113.7');
  assert.is(ipBucket('2001:db8:0:1:aaaa:bbbb:cccc:dddd'), '2001:db8:0:1::/64');
  assert.is(ipBucket('2001:DB8::1'), '2001:db8:0:0::/64');
  assert.is(ipBucket('2001:db8:1:2::'), '2001:db8:1:2::/64');
  assert.is(ipBucket('::1'), '0:0:0:0::/64');
  assert.is(ipBucket('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.is(ipBucket('64:ff9b::198.51.100.1'), '64:ff9b:0:0::/64');
  assert.is(throttleKeys.ip(undefined), 'ip:unknown');
});

async function assertRejects(fn: () => Promise<unknown>): Promise<void> {
  let threw = false;
  try {
    await fn();
  } catch {
    threw = true;
  }
  assert.ok(threw, 'expected a rejection');
}

test.run();
