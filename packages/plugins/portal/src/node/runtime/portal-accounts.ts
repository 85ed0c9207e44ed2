import { randomInt, randomUUID } from 'node:crypto';
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { inject, injectable } from 'inversify';
import { LoginThrottle, PasswordHasher, PasswordPolicy, SessionStore, TokenService, throttleKeys, type TokenPurpose, type TokenRecord } from '@portico/auth';
import { HostInfo, type FieldError } from '@portico/core';
import { Database } from '@portico/db';
import { MailTemplates, Outbox, type MailTemplate, type MailTemplateValues } from '@portico/mail';
import { PORTAL_USER_ENTITY } from '../../common/index';
import { PortalConfig } from '../portal-config';
import type { EligibilityResult, PortalContribution, PortalUser } from '../portal-contribution';
import { portalUsers, type PortalUserRow } from '../portal-schema';
import {
  activationMail, alreadyActiveMail, emailChangeMail, emailChangedMail, forgotPasswordMail, oneTimePasswordMail, passwordChangedMail, verifyEmailMail,
} from './portal-account-mail';

/** Session kind of portal users in `auth_sessions.user_kind`. */
export const PORTAL_SESSION_KIND = 'portal';

/** Token purposes that `/portal/set-password` accepts. */
export const SET_PASSWORD_PURPOSES: readonly TokenPurpose[] = ['invitation', 'password-reset', 'activation', 'email-verify'];
/** Token purpose of the link confirming a new e-mail address. */
export const EMAIL_CHANGE_PURPOSE = 'email-change';

export type SignInOutcome =
  /** `writes`: the sign-in's record, to be written with the new session (see `signIn`). */
  | { kind: 'ok'; user: PortalUserRow; writes: SQL[] }
  | { kind: 'failed' }
  | { kind: 'throttled'; retryAfterSeconds: number }
  | { kind: 'ineligible'; message: string; link?: { href: string; label: string } };

/** What a set-password token stands for. */
export interface SetPasswordGrant {
  purpose: TokenPurpose;
  record: TokenRecord;
  user: PortalUserRow;
  /** Portal id carried by the token (tokens made by staff actions carry none). */
  portalId?: string;
}

const t = portalUsers;
const OTP_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A portal user as eligibility rules and home pages see it. */
export function toPortalUser(row: PortalUserRow): PortalUser {
  return { id: row.id, email: row.email, userName: row.userName, displayName: row.displayName, emailVerifiedAt: row.emailVerifiedAt, lastSignInAt: row.lastSignInAt, createdAt: row.createdAt };
}

function normalizeName(value: string): string {
  return value.trim().normalize('NFKC').toLowerCase();
}

/** Accounts whose e-mail address or user name is `name` (normalised): at most one of each. */
const matchesSignInName = (name: string) => sql`lower(${t.email}) = ${name} or lower(${t.userName}) = ${name}`;
/** Of the accounts matching a sign-in name, the one it names: an e-mail match wins. */
const pickBySignInName = (rows: readonly PortalUserRow[], name: string) => rows.find((r) => r.email.toLowerCase() === name) ?? rows[0];

/** A one-time password like `K7QM-2XPA-…` (16 random characters of an unambiguous alphabet). */
export function generateOneTimePassword(): string {
  const chars = Array.from({ length: 16 }, () => OTP_ALPHABET[randomInt(OTP_ALPHABET.length)]!);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/**
 * Account rules of the portal runtime: sign-in, Forgot Password, Activate now, activation by
 * user name, password set/change, e-mail change. Each state change and the e-mail announcing
 * it commit in one transaction (outbox); replies never reveal whether an account exists.
 */
@injectable()
export class PortalAccounts {
  private readonly templates: MailTemplates;

  constructor(
    @inject(Database) private readonly db: Database,
    @inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @inject(PasswordPolicy) private readonly policy: PasswordPolicy,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(LoginThrottle) private readonly throttle: LoginThrottle,
    @inject(SessionStore) private readonly sessions: SessionStore,
    @inject(Outbox) private readonly outbox: Outbox,
    @inject(HostInfo) private readonly host: HostInfo,
    @inject(PortalConfig) readonly config: PortalConfig,
  ) {
    this.templates = new MailTemplates({ brandName: config.brandName, brandColor: config.brandColor });
  }

  /** Minimum length of a new password (shown as a hint). */
  get minPasswordLength(): number {
    return this.policy.minLength;
  }

  // ---- look-ups ----

  async byId(id: string): Promise<PortalUserRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [row] = await this.db.select().from(t).where(eq(t.id, id));
    return row;
  }

  /** By e-mail address or user name (case-insensitive); an e-mail match wins. */
  async bySignInName(identifier: string): Promise<PortalUserRow | undefined> {
    const name = normalizeName(identifier);
    if (!name) return undefined;
    return pickBySignInName(await this.db.select().from(t).where(matchesSignInName(name)).limit(2), name);
  }

  isLocked(user: PortalUserRow): boolean {
    return user.lockedAt !== null || user.authFailureCount >= this.config.lockThreshold;
  }

  /** Whether a signed-in session of this user is still acceptable. */
  canUse(user: PortalUserRow | undefined): user is PortalUserRow {
    return !!user && !user.onlineAccessDisabled && !this.isLocked(user) && user.passwordHash !== null;
  }

  // ---- sign-in ----

  /**
   * Checks a portal sign-in. The throttle's verdict is read with the account, in one statement; a
   * blocked attempt stops there, before any argon2 work. On success the account's sign-in record
   * (failure count reset, last sign-in, a rehash) and the throttle's clearing come back as
   * `writes`, for the caller to run with the new session (`regenerateSession`'s `alongside`).
   */
  async signIn(portal: PortalContribution, identifier: string, password: string, ip: string | undefined, requestId?: string): Promise<SignInOutcome> {
    const keys = [throttleKeys.email(identifier), throttleKeys.ip(ip)];
    const check = this.throttle.checkQuery(keys);
    const name = normalizeName(identifier);
    // Up to two accounts (one by e-mail, one by user name) beside the verdict; an e-mail match wins.
    const rows = await this.db
      .select({ throttle: sql<unknown>`c.v`, user: t })
      .from(sql`(select ${check.sql} as v) c`)
      .leftJoin(t, name ? sql`${t.id} in (select ${t.id} from ${t} where ${matchesSignInName(name)} limit 2)` : sql`false`);
    const verdict = check.verdictOf(rows[0]?.throttle);
    if (!verdict.allowed) return { kind: 'throttled', retryAfterSeconds: verdict.retryAfterSeconds };
    const user = pickBySignInName(rows.flatMap((r) => (r.user ? [r.user] : [])), name);
    if (!user || !user.passwordHash) {
      await this.hasher.dummyVerify(password); // same cost as a real check
      await this.throttle.recordFailure(keys);
      return { kind: 'failed' };
    }
    const ok = await this.hasher.verify(user.passwordHash, password);
    if (!ok) {
      await this.db
        .update(t)
        .set({
          authFailureCount: sql`${t.authFailureCount} + 1`,
          lockedAt: sql`case when ${t.authFailureCount} + 1 >= ${this.config.lockThreshold}::int then coalesce(${t.lockedAt}, now()) else ${t.lockedAt} end`,
        })
        .where(eq(t.id, user.id));
      await this.throttle.recordFailure([...keys, throttleKeys.account(PORTAL_SESSION_KIND, user.id)]);
      return { kind: 'failed' };
    }
    if (user.onlineAccessDisabled || this.isLocked(user)) {
      await this.throttle.recordFailure(keys);
      return { kind: 'failed' };
    }
    const verdictOf = await this.checkEligibility(portal, user, requestId);
    if (!verdictOf.allow) return { kind: 'ineligible', message: verdictOf.message, ...(verdictOf.link ? { link: verdictOf.link } : {}) };
    const rehash = this.hasher.needsRehash(user.passwordHash) ? await this.hasher.hash(password) : undefined;
    const signedIn = { authFailureCount: 0, lastSignInAt: new Date(), ...(rehash ? { passwordHash: rehash } : {}) };
    const cleared = [this.throttle.successWrite(keys[0]!, verdict), this.throttle.successWrite(throttleKeys.account(PORTAL_SESSION_KIND, user.id))];
    return {
      kind: 'ok',
      user: { ...user, ...signedIn },
      writes: [this.db.update(t).set(signedIn).where(eq(t.id, user.id)).getSQL(), ...cleared.filter((w) => w !== undefined)],
    };
  }

  /** Runs the portal's eligibility rules in order; the first denial wins. */
  async checkEligibility(portal: PortalContribution, user: PortalUserRow, requestId?: string): Promise<EligibilityResult> {
    for (const rule of portal.eligibility) {
      const result = await rule(toPortalUser(user), { portal, ...(requestId ? { requestId } : {}) });
      if (!result.allow) return { allow: false, message: result.message || 'You cannot use this portal.', ...(result.link ? { link: result.link } : {}) };
    }
    return { allow: true };
  }

  // ---- Forgot Password ----

  /** E-mails a single-use reset link to an enabled account; does nothing otherwise. */
  async forgotPassword(portal: PortalContribution, identifier: string): Promise<void> {
    const user = await this.bySignInName(identifier);
    if (!user || user.onlineAccessDisabled) return;
    await this.tokens.revokeAll(user.id, 'password-reset');
    const { token } = await this.tokens.issue({ purpose: 'password-reset', subject: user.id, ttlSeconds: this.config.resetMinutes * 60, data: { portal: portal.id } });
    await this.db.transaction(async (tx) => {
      await this.mail(tx, user.email, user.id, forgotPasswordMail, {
        name: nameOf(user), email: user.email, portal: portal.title, minutes: this.config.resetMinutes, url: this.setPasswordUrl(token),
      });
    });
  }

  // ---- Activate now ----

  /**
   * Activate now by e-mail address. Without a password: an activation link. Unknown address on a
   * self-activation portal: a new account (pending verification) and a verification link.
   * Already active: an e-mail saying so. Disabled, or unknown without self-activation: nothing.
   * `displayName` (optional, from the form) names a newly created account only.
   */
  async activateNow(portal: PortalContribution, email: string, displayName = ''): Promise<void> {
    const address = normalizeName(email);
    const [user] = await this.db.select().from(t).where(sql`lower(${t.email}) = ${address}`);
    const hours = this.config.activationHours;
    if (user) {
      if (user.onlineAccessDisabled) return;
      if (user.passwordHash) {
        await this.db.transaction(async (tx) => {
          await this.mail(tx, user.email, user.id, alreadyActiveMail, {
            name: nameOf(user), email: user.email, portal: portal.title, signInUrl: this.url(`${portal.basePath}/sign-in`), forgotUrl: this.url(`${portal.basePath}/forgot-password`),
          });
        });
        return;
      }
      await this.tokens.revokeAll(user.id, 'activation');
      const { token } = await this.tokens.issue({ purpose: 'activation', subject: user.id, ttlSeconds: hours * 3600, data: { portal: portal.id } });
      await this.db.transaction(async (tx) => {
        await this.mail(tx, user.email, user.id, activationMail, { name: nameOf(user), email: user.email, portal: portal.title, hours, url: this.setPasswordUrl(token) });
      });
      return;
    }
    if (!portal.selfActivation) return;
    const id = randomUUID();
    const { token } = await this.tokens.issue({ purpose: 'email-verify', subject: id, ttlSeconds: hours * 3600, data: { portal: portal.id } });
    await this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(t)
        .values({ id, email: address, displayName: displayName.trim() || null, createdByName: `${portal.title} (Activate now)`, createdById: null })
        .onConflictDoNothing()
        .returning({ id: t.id });
      if (!inserted.length) return; // created meanwhile by someone else: say nothing
      await this.mail(tx, address, id, verifyEmailMail, { email: address, portal: portal.title, hours, url: this.setPasswordUrl(token) });
    });
  }

  /**
   * Activation by user name: an enabled account with that user name and no password gets a
   * generated one-time password by e-mail and must change it at first sign-in.
   */
  async activateByUserName(userName: string, portal: PortalContribution | undefined): Promise<void> {
    const name = normalizeName(userName);
    if (!name) return;
    const [user] = await this.db.select().from(t).where(sql`lower(${t.userName}) = ${name}`);
    if (!user || user.onlineAccessDisabled || user.passwordHash) {
      await this.hasher.hash(generateOneTimePassword()); // similar cost whatever happens
      return;
    }
    const otp = generateOneTimePassword();
    const passwordHash = await this.hasher.hash(otp);
    await this.db.transaction(async (tx) => {
      const updated = await tx
        .update(t)
        .set({ passwordHash, mustChangePassword: true, authFailureCount: 0, lockedAt: null, updatedAt: new Date(), version: sql`${t.version} + 1` })
        .where(and(eq(t.id, user.id), isNull(t.passwordHash)))
        .returning({ id: t.id });
      if (!updated.length) return;
      await this.mail(tx, user.email, user.id, oneTimePasswordMail, {
        name: nameOf(user), userName: user.userName ?? name, password: otp, signInUrl: this.url(`${portal?.basePath ?? '/portal'}/sign-in`),
      });
    });
  }

  // ---- set a password with an e-mailed token ----

  /** What a set-password token stands for, without using it up; undefined when unusable. */
  async inspectSetPasswordToken(token: string): Promise<SetPasswordGrant | undefined> {
    for (const purpose of SET_PASSWORD_PURPOSES) {
      const record = await this.tokens.inspect(token, purpose);
      if (!record) continue;
      const user = await this.byId(record.subject);
      if (!user || user.onlineAccessDisabled) return undefined;
      const portalId = (record.data as { portal?: unknown } | undefined)?.portal;
      return { purpose, record, user, ...(typeof portalId === 'string' ? { portalId } : {}) };
    }
    return undefined;
  }

  /** Field errors of a new password (policy + confirmation). */
  checkNewPassword(user: PortalUserRow, password: string, confirm: string): FieldError[] {
    const errors = this.policy.check(password, { email: user.email, name: user.displayName, otherValues: [user.userName] }, 'password');
    if (!errors.length && password !== confirm) errors.push({ path: 'confirm', message: 'The two passwords do not match. Type the same password twice.' });
    return errors;
  }

  /**
   * Uses the token, sets the password, marks the e-mail verified, clears failures and the lock,
   * ends every session of the user and, after a reset, e-mails that the password changed.
   * Undefined when the token was used or expired meanwhile.
   */
  async completeSetPassword(grant: SetPasswordGrant, token: string, password: string): Promise<PortalUserRow | undefined> {
    const used = await this.tokens.consume(token, grant.purpose);
    if (!used || used.subject !== grant.user.id) return undefined;
    const passwordHash = await this.hasher.hash(password);
    const user = await this.db.transaction(async (tx) => {
      const [after] = await tx
        .update(t)
        .set({
          passwordHash, mustChangePassword: false, emailVerifiedAt: sql`coalesce(${t.emailVerifiedAt}, now())`, authFailureCount: 0, lockedAt: null,
          updatedAt: new Date(), version: sql`${t.version} + 1`,
        })
        .where(and(eq(t.id, grant.user.id), eq(t.onlineAccessDisabled, false)))
        .returning();
      if (!after) return undefined;
      if (grant.purpose === 'password-reset') {
        await this.mail(tx, after.email, after.id, passwordChangedMail, { name: nameOf(after), email: after.email, forgotUrl: this.url('/portal') });
      }
      return after;
    });
    if (!user) return undefined;
    for (const purpose of SET_PASSWORD_PURPOSES) await this.tokens.revokeAll(user.id, purpose);
    await this.sessions.destroyAllForUser(PORTAL_SESSION_KIND, user.id);
    return user;
  }

  // ---- signed-in account changes ----

  /** Changes the password (after checking the current one unless `current` is undefined: the forced change). */
  async changePassword(user: PortalUserRow, current: string | undefined, password: string, confirm: string, keepSid: string | undefined): Promise<FieldError[]> {
    if (current !== undefined && !(user.passwordHash && (await this.hasher.verify(user.passwordHash, current)))) {
      return [{ path: 'currentPassword', message: 'Your current password is not right.' }];
    }
    const errors = this.checkNewPassword(user, password, confirm);
    if (!errors.length && current === undefined && user.passwordHash && (await this.hasher.verify(user.passwordHash, password))) {
      errors.push({ path: 'password', message: 'Choose a password different from your one-time password.' });
    }
    if (errors.length) return errors;
    const passwordHash = await this.hasher.hash(password);
    await this.db.transaction(async (tx) => {
      await tx.update(t).set({ passwordHash, mustChangePassword: false, updatedAt: new Date(), version: sql`${t.version} + 1` }).where(eq(t.id, user.id));
      await this.mail(tx, user.email, user.id, passwordChangedMail, { name: nameOf(user), email: user.email, forgotUrl: this.url('/portal') });
    });
    await this.sessions.destroyAllForUser(PORTAL_SESSION_KIND, user.id, keepSid);
    return [];
  }

  async updateDisplayName(user: PortalUserRow, displayName: string): Promise<FieldError[]> {
    const value = displayName.trim();
    if (value.length > 200) return [{ path: 'displayName', message: 'Use at most 200 characters.' }];
    await this.db.update(t).set({ displayName: value || null, updatedAt: new Date(), version: sql`${t.version} + 1` }).where(eq(t.id, user.id));
    return [];
  }

  /** Checks the password and e-mails a confirmation link to the new address (nothing if it is taken). */
  async requestEmailChange(user: PortalUserRow, newEmail: string, password: string): Promise<FieldError[]> {
    const address = normalizeName(newEmail);
    const errors: FieldError[] = [];
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address) || address.length > 254) errors.push({ path: 'newEmail', message: 'Enter an e-mail address like name@example.org.' });
    else if (address === user.email.toLowerCase()) errors.push({ path: 'newEmail', message: 'This is already your e-mail address.' });
    if (!(user.passwordHash && (await this.hasher.verify(user.passwordHash, password)))) errors.push({ path: 'emailPassword', message: 'Your password is not right.' });
    if (errors.length) return errors;
    const [taken] = await this.db.select({ id: t.id }).from(t).where(sql`lower(${t.email}) = ${address}`);
    if (taken) return []; // same reply: the owner of that address learns nothing either
    await this.tokens.revokeAll(user.id, EMAIL_CHANGE_PURPOSE);
    const hours = this.config.activationHours;
    const { token } = await this.tokens.issue({ purpose: EMAIL_CHANGE_PURPOSE, subject: user.id, ttlSeconds: hours * 3600, data: { email: address } });
    await this.db.transaction(async (tx) => {
      await this.mail(tx, address, user.id, emailChangeMail, { name: nameOf(user), email: address, hours, url: this.url(`/portal/verify-email?token=${token}`) });
    });
    return [];
  }

  async inspectEmailChange(token: string): Promise<{ user: PortalUserRow; email: string } | undefined> {
    const record = await this.tokens.inspect(token, EMAIL_CHANGE_PURPOSE);
    const email = (record?.data as { email?: unknown } | undefined)?.email;
    const user = record ? await this.byId(record.subject) : undefined;
    return user && typeof email === 'string' ? { user, email } : undefined;
  }

  /** Uses the token and switches the address; the old address is told. False when unusable or taken. */
  async confirmEmailChange(token: string): Promise<boolean> {
    const pending = await this.inspectEmailChange(token);
    if (!pending) return false;
    const record = await this.tokens.consume(token, EMAIL_CHANGE_PURPOSE);
    if (!record) return false;
    try {
      return await this.db.transaction(async (tx) => {
        const [after] = await tx
          .update(t)
          .set({ email: pending.email, emailVerifiedAt: new Date(), updatedAt: new Date(), version: sql`${t.version} + 1` })
          .where(eq(t.id, pending.user.id))
          .returning();
        if (!after) return false;
        await this.mail(tx, pending.user.email, after.id, emailChangedMail, { name: nameOf(after), oldEmail: pending.user.email, email: after.email });
        return true;
      });
    } catch {
      return false; // the address was taken meanwhile (unique index)
    }
  }

  async signOutEverywhere(user: PortalUserRow): Promise<number> {
    return this.sessions.destroyAllForUser(PORTAL_SESSION_KIND, user.id);
  }

  // ---- helpers ----

  private url(path: string): string {
    return `${this.host.publicUrl}${path}`;
  }

  private setPasswordUrl(token: string): string {
    return this.url(`/portal/set-password?token=${token}`);
  }

  private async mail(tx: Parameters<Outbox['enqueue']>[0], to: string, recordId: string, template: MailTemplate, values: MailTemplateValues): Promise<void> {
    const rendered = this.templates.render(template, { brand: this.config.brandName, ...values });
    await this.outbox.enqueue(tx, { to, ...rendered, related: { entity: PORTAL_USER_ENTITY, recordId } });
  }
}

function nameOf(user: PortalUserRow): string {
  return user.displayName ?? user.userName ?? user.email;
}
