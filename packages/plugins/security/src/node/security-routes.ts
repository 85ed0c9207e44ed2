import { Router, type Request } from 'express';
import { inject, injectable } from 'inversify';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { z } from 'zod';
import { AuditTrail, AuditTrailToken, PrivilegeContribution, buildPrivilegeCatalog, guard, requestIdOf, type AuditActor } from '@portico/access';
import { LoginThrottle, csrfToken, destroySession, regenerateSession, throttleKeys } from '@portico/auth';
import { ContributionProvider, NavContribution, NotFoundError, PorticoError, type RouteContribution } from '@portico/core';
import { Database } from '@portico/db';
import { GroupCreate, GroupUpdate, SecurityPrivileges as P, SetupInput, SignInInput, StaffUserCreate, StaffUserUpdate } from '../common/index';
import { FirstRunSetup } from './first-run-setup';
import { GroupDirectory } from './group-directory';
import { StaffDirectory, type SignInCheck } from './staff-directory';

/** The one answer to every failed sign-in, whatever the reason. */
export const SIGN_IN_FAILED = 'Sign-in failed. Check your e-mail address and password and try again.';

class TooManyAttempts extends PorticoError {
  constructor(readonly retryAfterSeconds: number) {
    super(SIGN_IN_FAILED, { status: 429, code: 'sign_in_failed' });
  }
}

/** What the strategy hands the route (passport's `info`). */
interface CheckedAttempt {
  message: string;
  check: SignInCheck;
}
/** The throttle keys of a sign-in attempt: the e-mail address it names and the client's address. */
const signInKeys = (req: Request, email: string) => [throttleKeys.email(email), throttleKeys.ip(req.ip ?? 'unknown')];
const actorOf = (req: Request): AuditActor => ({ kind: req.principal?.kind ?? 'anonymous', id: req.principal?.id, name: req.principal?.displayName });
const ctxOf = (req: Request) => ({ actor: actorOf(req), requestId: requestIdOf(req) });
const ListQuery = z.object({ q: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50), afterName: z.string().optional(), afterId: z.uuid().optional() });
const AuditQuery = z.object({
  actorId: z.string().optional(), entity: z.string().optional(), recordId: z.string().optional(),
  from: z.coerce.date().optional(), to: z.coerce.date().optional(), beforeId: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** `/api/security`: session, first-run setup, sign-in/out, staff users, groups, audit trail. */
@injectable()
export class SecurityRoutes implements RouteContribution {
  readonly path = 'security';
  private readonly passport = new Passport();

  constructor(
    @inject(StaffDirectory) private readonly staff: StaffDirectory,
    @inject(GroupDirectory) private readonly groups: GroupDirectory,
    @inject(FirstRunSetup) private readonly setup: FirstRunSetup,
    @inject(LoginThrottle) private readonly throttle: LoginThrottle,
    @inject(AuditTrailToken) private readonly audit: AuditTrail,
    @inject(Database) private readonly db: Database,
    @inject(ContributionProvider.for(NavContribution)) private readonly nav: ContributionProvider<NavContribution>,
    @inject(ContributionProvider.for(PrivilegeContribution)) private readonly privileges: ContributionProvider<PrivilegeContribution>,
  ) {
    // The strategy reads the throttle's verdict with the account (one statement); the route
    // answers a blocked attempt with 429, before any argon2 work.
    this.passport.use(
      'staff-local',
      new LocalStrategy({ usernameField: 'email', passwordField: 'password', session: false, passReqToCallback: true }, (req, email, password, done) => {
        this.staff.checkSignIn(email, password, this.throttle.checkQuery(signInKeys(req, email))).then((check) => done(null, check.user ?? false, { message: check.user ? 'ok' : SIGN_IN_FAILED, check } as CheckedAttempt), done);
      }),
    );
  }

  createRouter(): Router {
    const r = Router();

    r.get('/setup', guard({ public: true }), async (_req, res) => {
      res.json({ required: await this.setup.isNeeded() });
    });

    r.post('/setup', guard({ public: true }), async (req, res) => {
      const input = SetupInput.parse(req.body ?? {});
      const user = await this.setup.createAdministrator(input, input.token, requestIdOf(req));
      res.status(201).json({ id: user.id, email: user.email });
    });

    r.post('/sign-in', guard({ public: true }), async (req, res) => {
      const input = SignInInput.parse(req.body ?? {});
      const keys = signInKeys(req, input.email);
      const check = await new Promise<SignInCheck>((resolve, reject) => {
        this.passport.authenticate('staff-local', { session: false }, (err: unknown, _user: unknown, info: Partial<CheckedAttempt> | undefined) => {
          if (err) return reject(err);
          // passport-local answers a request without both fields itself (SignInInput has
          // refused those already): a failure like any other.
          resolve(info?.check ?? { verdict: { allowed: true, retryAfterSeconds: 0, counted: new Set() } });
        })(req, res, reject);
      });
      if (!check.verdict.allowed) {
        res.setHeader('Retry-After', String(check.verdict.retryAfterSeconds));
        throw new TooManyAttempts(check.verdict.retryAfterSeconds);
      }
      const user = check.user;
      if (!user || !check.signedIn) {
        await this.throttle.recordFailure(keys);
        throw new PorticoError(SIGN_IN_FAILED, { status: 401, code: 'sign_in_failed' });
      }
      // A new session id at sign-in: a session fixed before sign-in is worthless afterwards. The
      // account's sign-in record and the throttle's clearing are written with the new session,
      // in its one statement.
      const cleared = this.throttle.successWrite(keys[0]!, check.verdict);
      await regenerateSession(req, { user: { kind: 'staff', id: user.id } }, { alongside: [check.signedIn, ...(cleared ? [cleared] : [])] });
      res.json({ user: { kind: 'staff', id: user.id, name: user.name }, csrfToken: csrfToken(req) });
    });

    r.post('/sign-out', guard({ signedIn: ['staff'] }), async (req, res) => {
      await destroySession(req);
      res.status(204).end();
    });

    r.get('/staff-users', guard({ privilege: P.staffRead }), async (req, res) => {
      const q = ListQuery.parse(req.query);
      const items = await this.staff.list({ ...(q.q ? { q: q.q } : {}), limit: q.limit, ...(q.afterName !== undefined && q.afterId ? { after: { name: q.afterName, id: q.afterId } } : {}) });
      res.json({ items });
    });
    r.get('/staff-users/:id', guard({ privilege: P.staffRead }), async (req, res) => {
      const user = await this.staff.get(String(req.params.id));
      if (!user) throw new NotFoundError('No such staff user');
      res.json(user);
    });
    r.post('/staff-users', guard({ privilege: P.staffCreate }), async (req, res) => {
      res.status(201).json(await this.staff.create(StaffUserCreate.parse(req.body ?? {}), ctxOf(req)));
    });
    r.patch('/staff-users/:id', guard({ privilege: P.staffWrite }), async (req, res) => {
      res.json(await this.staff.update(String(req.params.id), StaffUserUpdate.parse(req.body ?? {}), ctxOf(req)));
    });

    r.get('/groups', guard({ privilege: P.groupRead }), async (_req, res) => {
      res.json({ items: await this.groups.list() });
    });
    r.get('/groups/:id', guard({ privilege: P.groupRead }), async (req, res) => {
      const group = await this.groups.get(String(req.params.id));
      if (!group) throw new NotFoundError('No such group');
      res.json(group);
    });
    r.post('/groups', guard({ privilege: P.groupCreate }), async (req, res) => {
      res.status(201).json(await this.groups.create(GroupCreate.parse(req.body ?? {}), ctxOf(req)));
    });
    r.patch('/groups/:id', guard({ privilege: P.groupWrite }), async (req, res) => {
      res.json(await this.groups.update(String(req.params.id), GroupUpdate.parse(req.body ?? {}), ctxOf(req)));
    });
    r.delete('/groups/:id', guard({ privilege: P.groupDelete }), async (req, res) => {
      await this.groups.remove(String(req.params.id), ctxOf(req));
      res.status(204).end();
    });

    r.get('/privilege-catalog', guard({ privilege: P.groupRead }), (_req, res) => {
      res.json(buildPrivilegeCatalog(this.nav.getContributions(), this.privileges.getContributions()));
    });

    r.get('/audit/facets', guard({ privilege: P.auditRead }), async (_req, res) => {
      res.json(await this.audit.facets(this.db));
    });
    r.get('/audit', guard({ privilege: P.auditRead }), async (req, res) => {
      res.json({ items: await this.audit.list(this.db, AuditQuery.parse(req.query)) });
    });
    return r;
  }
}
