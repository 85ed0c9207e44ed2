import { ValidationError, type FieldError } from '@portico/core';
import { dictionary } from '@zxcvbn-ts/language-common';
import { inject, injectable, optional } from 'inversify';
import { AuthOptions } from './auth-options';

/** What the policy knows about the person choosing the password. */
export interface PasswordContext {
  email?: string | null;
  name?: string | null;
  /** Other personal values the password must not equal (user name, organisation…). */
  otherValues?: readonly (string | null | undefined)[];
}

/**
 * Decides whether a new password is acceptable, following NIST SP 800-63B: a minimum length,
 * a generous maximum, no common or personal passwords, and no composition rules.
 *
 * @example
 * ```ts
 * policy.assert(body.password, { email: user.email, name: user.fullName }); // throws ValidationError
 * const problems = policy.check(body.password); // [] when acceptable
 * ```
 */
export interface PasswordPolicy {
  readonly minLength: number;
  readonly maxLength: number;
  /** Field errors (path `field`, default `password`) in words a user understands; `[]` when acceptable. */
  check(password: string, context?: PasswordContext, field?: string): FieldError[];
  /** Throws a {@link ValidationError} carrying the {@link check} messages. */
  assert(password: string, context?: PasswordContext, field?: string): void;
}
/** Inversify token for {@link PasswordPolicy}. */
export const PasswordPolicy = Symbol('PasswordPolicy');

/** Lower-cased common passwords (the ~49k-entry list of `@zxcvbn-ts/language-common`), loaded once. */
let commonPasswords: ReadonlySet<string> | undefined;
function common(): ReadonlySet<string> {
  commonPasswords ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  return commonPasswords;
}

/** Number of Unicode code points (an emoji such as 🔑 counts as one character). */
export function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** The default {@link PasswordPolicy}: at least 12 and at most 128 code points, not common, not personal. */
@injectable()
export class DefaultPasswordPolicy implements PasswordPolicy {
  readonly minLength: number;
  readonly maxLength: number;

  constructor(@inject(AuthOptions) @optional() options: AuthOptions = {}) {
    this.minLength = options.passwordPolicy?.minLength ?? 12;
    this.maxLength = options.passwordPolicy?.maxLength ?? 128;
    if (!Number.isInteger(this.minLength) || this.minLength < 8) throw new Error('passwordPolicy.minLength must be an integer of at least 8');
    if (!Number.isInteger(this.maxLength) || this.maxLength < 64) throw new Error('passwordPolicy.maxLength must be an integer of at least 64');
    if (this.maxLength < this.minLength) throw new Error('passwordPolicy.maxLength must not be below minLength');
  }

  check(password: string, context: PasswordContext = {}, field = 'password'): FieldError[] {
    if (typeof password !== 'string' || password.length === 0) return [{ path: field, message: 'Enter a password.' }];
    const length = codePointLength(password);
    if (length < this.minLength) {
      return [{ path: field, message: `Use at least ${this.minLength} characters (this one has ${length}).` }];
    }
    if (length > this.maxLength) {
      return [{ path: field, message: `Use at most ${this.maxLength} characters (this one has ${length}).` }];
    }
    const lower = password.normalize('NFKC').toLowerCase();
    if (isPersonal(lower, context)) {
      return [{ path: field, message: 'Do not use your e-mail address or your name as your password.' }];
    }
    if (common().has(lower)) {
      return [{ path: field, message: 'This password is one of the most commonly used passwords. Choose one that is harder to guess, for example a few unrelated words.' }];
    }
    return [];
  }

  assert(password: string, context?: PasswordContext, field = 'password'): void {
    const fields = this.check(password, context, field);
    if (fields.length) throw new ValidationError(fields, fields.map((f) => f.message).join(' '));
  }
}

function isPersonal(lowerPassword: string, context: PasswordContext): boolean {
  const values: string[] = [];
  const add = (v: string | null | undefined) => {
    const t = v?.normalize('NFKC').trim().toLowerCase();
    if (t) values.push(t, t.replace(/\s+/g, ''));
  };
  add(context.email);
  if (context.email?.includes('@')) add(context.email.slice(0, context.email.lastIndexOf('@')));
  add(context.name);
  for (const v of context.otherValues ?? []) add(v);
  return values.includes(lowerPassword.trim());
}
