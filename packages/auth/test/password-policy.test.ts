import { ValidationError } from '@portico/core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codePointLength, DefaultPasswordPolicy, type PasswordContext } from '../src/index';

const policy = new DefaultPasswordPolicy();
const ok = (pw: string, ctx: PasswordContext = {}) =>
  assert.equal(policy.check(pw, ctx), [], `expected ${JSON.stringify(pw)} to be accepted`);
const refused = (pw: string, pattern: RegExp, ctx: PasswordContext = {}) => {
  const errors = policy.check(pw, ctx);
  assert.is(errors.length, 1, `expected ${JSON.stringify(pw)} to be refused`);
  assert.is(errors[0]!.path, 'password');
  assert.match(errors[0]!.message, pattern);
};
const random = (n: number) => Array.from({ length: n }, (_, i) => 'qz7Kx9wVm2Lr'[i % 12]).join('');

test('length: 11 refused, 12 ok, 64 ok, 128 ok, 129 refused', () => {
  refused(random(11), /at least 12 characters \(this one has 11\)/);
  ok(random(12));
  ok(random(64));
  ok(random(128));
  refused(random(129), /at most 128 characters/);
  refused('', /Enter a password/);
});

test('an emoji counts as one character (code points, not UTF-16 units)', () => {
  assert.is(codePointLength('🔑'), 1);
  assert.is('🔑'.length, 2);
  refused('qz7Kx9wVm2🔑', /this one has 11/); // 10 letters + 1 emoji = 11, although .length is 12
  ok('qz7Kx9wVm2L🔑'); // 12
});

test('common passwords are refused, whatever their case', () => {
  refused('password1234', /commonly used/);
  refused('PassWord1234', /commonly used/);
  ok('password1234 but longer and mine');
});

test('passwords equal to the e-mail address, its local part or the name are refused', () => {
  const ctx = { email: 'Jane.Doe.Licensing@example.org', name: 'Jane Elizabeth Doe' };
  refused('jane.doe.licensing@example.org', /e-mail address or your name/, ctx);
  refused('JANE.DOE.LICENSING', /e-mail address or your name/, ctx);
  refused('Jane Elizabeth Doe', /e-mail address or your name/, ctx);
  refused('janeelizabethdoe', /e-mail address or your name/, ctx);
  ok('Jane Elizabeth Doe likes tea', ctx);
});

test('no composition rules: a long passphrase of lower-case words is fine', () => {
  ok('purple elephants dance quietly');
});

test('assert throws a ValidationError with field messages', () => {
  try {
    policy.assert('short', {}, 'newPassword');
    assert.unreachable();
  } catch (error) {
    assert.instance(error, ValidationError);
    const v = error as ValidationError;
    assert.is(v.status, 400);
    assert.is(v.fields[0]!.path, 'newPassword');
    assert.match(v.message, /at least 12/);
  }
});

test('limits are configurable but the maximum may not go below 64', () => {
  const strict = new DefaultPasswordPolicy({ passwordPolicy: { minLength: 15, maxLength: 64 } });
  assert.is(strict.check(random(14)).length, 1);
  assert.equal(strict.check(random(15)), []);
  assert.throws(() => new DefaultPasswordPolicy({ passwordPolicy: { maxLength: 63 } }), /at least 64/);
});

test.run();
