import { inject, injectable } from 'inversify';
import { HostInfo, Logger, ValidationError, type LifecycleContribution } from '@portico/core';
import { PasswordPolicy, TokenService } from '@portico/auth';
import { GroupDirectory } from './group-directory';
import { StaffDirectory } from './staff-directory';
import type { StaffUserView } from '../common/index';

const PURPOSE = 'staff-setup';
const SUBJECT = 'first-administrator';
const LIFETIME_SECONDS = 24 * 3600;

/**
 * First run: while there is no staff user, each start prints a one-time link (single use,
 * 24 hours) where the first administrator chooses name, e-mail and password. There is no
 * default password anywhere.
 */
@injectable()
export class FirstRunSetup implements LifecycleContribution {
  constructor(
    @inject(StaffDirectory) private readonly staff: StaffDirectory,
    @inject(GroupDirectory) private readonly groups: GroupDirectory,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(HostInfo) private readonly host: HostInfo,
    @inject(Logger) private readonly logger: Logger,
    @inject(PasswordPolicy) private readonly policy: PasswordPolicy,
  ) {}

  async onStart(): Promise<void> {
    const link = await this.issueLink();
    if (link) {
      this.logger.warn('No staff user yet: open the one-time setup link printed on the console');
      process.stdout.write(`\n  First run: create the first administrator at\n  ${link}\n  (single use, valid for 24 hours; restart Portico for a new link)\n\n`);
    }
  }

  /** A fresh setup link while no staff user exists (older links stop working); undefined otherwise. */
  async issueLink(): Promise<string | undefined> {
    if ((await this.staff.count()) > 0) return undefined;
    await this.tokens.revokeAll(SUBJECT, PURPOSE);
    const { token } = await this.tokens.issue({ purpose: PURPOSE, subject: SUBJECT, ttlSeconds: LIFETIME_SECONDS });
    return `${this.host.publicUrl}/setup?token=${token}`;
  }

  async isNeeded(): Promise<boolean> {
    return (await this.staff.count()) === 0;
  }

  /** Creates the first administrator with a setup token (web) — or without one from the CLI. */
  async createAdministrator(input: { name: string; email: string; password: string }, token: string | null, requestId?: string): Promise<StaffUserView> {
    if (token !== null) {
      // Checked before the single-use token is spent: a refused password must not use up the link.
      this.policy.assert(input.password, { email: input.email, name: input.name });
      if (!(await this.isNeeded()) || !(await this.tokens.consume(token, PURPOSE))) {
        throw new ValidationError([{ path: 'token', message: 'This setup link is invalid, used or expired. Restart Portico for a new one.' }]);
      }
    }
    const adminGroup = await this.groups.systemAdministratorId();
    return this.staff.create(
      { name: input.name, email: input.email, password: input.password, disabled: false, groupIds: [adminGroup] },
      { actor: { kind: token === null ? 'cli' : 'setup', name: 'first-run setup' }, ...(requestId ? { requestId } : {}) },
    );
  }
}
