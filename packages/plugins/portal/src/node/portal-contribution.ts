import type { SafeHtml } from './runtime/html';

/** What a portal (and its eligibility rules and home page) knows about the signed-in portal user. */
export interface PortalUser {
  readonly id: string;
  readonly email: string;
  readonly userName: string | null;
  readonly displayName: string | null;
  readonly emailVerifiedAt: Date | null;
  readonly lastSignInAt: Date | null;
  readonly createdAt: Date;
}

/** Context given to eligibility rules. */
export interface EligibilityContext {
  /** The portal being signed in to. */
  readonly portal: PortalContribution;
  /** Request id, for logs. */
  readonly requestId?: string;
}

/**
 * An eligibility rule's verdict; `message` is shown to the user as is (plain text), with an
 * optional link to where they can go instead (e.g. the Applicant Portal).
 */
export type EligibilityResult = { allow: true } | { allow: false; message: string; link?: { href: string; label: string } };

/**
 * Decides whether a portal user whose password was right may use this portal (e.g. "holds a
 * current licence"). Runs after the password check, so a message never reveals an account to
 * someone who does not know its password.
 */
export type EligibilityRule = (user: PortalUser, ctx: EligibilityContext) => Promise<EligibilityResult>;

/** A labelled value on a portal page. */
export interface PortalPageItem {
  label: string;
  value: string | number | Date | null | undefined;
}

/** A titled panel of a portal page: label/value rows and/or paragraphs (all plain text, escaped). */
export interface PortalPageSection {
  title: string;
  items?: readonly PortalPageItem[];
  paragraphs?: readonly string[];
  /** Trusted markup made with the runtime's `html` tag (values inside it are escaped). */
  html?: SafeHtml;
}

/** What a portal's home page shows. */
export interface PortalPageContent {
  heading: string;
  intro?: string;
  sections: readonly PortalPageSection[];
}

/**
 * A public portal (Applicant Portal, Licensee Portal, Inspector Portal…). The portal plugin's
 * runtime serves its pages under `basePath` — sign-in, Forgot Password, Activate now, home,
 * account, sign-out — with its own session cookie, CSRF protection and branding.
 *
 * @example
 * ```ts
 * bind(PortalContribution).toConstantValue({
 *   id: 'licensee', title: 'Licensee Portal', basePath: '/portal/licensee', selfActivation: false,
 *   eligibility: [async (user) => (await licences.hasCurrent(user.id)) ? { allow: true }
 *     : { allow: false, message: 'The Licensee Portal is for holders of a current licence.' }],
 *   home: (user) => ({ heading: `Welcome, ${user.displayName ?? user.email}`, sections: [] }),
 * } satisfies PortalContribution);
 * ```
 */
export interface PortalContribution {
  /** Lower-case id, unique among portals (`applicant`). */
  readonly id: string;
  /** Shown in the page header and the title (`Applicant Portal`). */
  readonly title: string;
  /** `/portal/<segment>`, unique among portals (`/portal/applicant`). */
  readonly basePath: string;
  /** Whether "Activate now" creates an account for an unknown e-mail address (verified by e-mail). */
  readonly selfActivation: boolean;
  /** Rules run in order after the password check; the first denial's message is shown. */
  readonly eligibility: readonly EligibilityRule[];
  /** The signed-in home page. */
  home(user: PortalUser): PortalPageContent | Promise<PortalPageContent>;
}
/** Inversify token (contribution point) for {@link PortalContribution}. */
export const PortalContribution = Symbol('PortalContribution');

/**
 * Adds panels to another portal's home page (e.g. the licensing plugin's "Your applications" on
 * the Applicant Portal), after the portal's own sections. `portalId` names the portal.
 *
 * @example
 * ```ts
 * bind(PortalHomeContribution).toConstantValue({ portalId: 'applicant',
 *   sections: async (user) => [{ title: 'Your applications', html: html`<a href="/portal/applicant/applications">Apply</a>` }] });
 * ```
 */
export interface PortalHomeContribution {
  readonly portalId: string;
  sections(user: PortalUser): readonly PortalPageSection[] | Promise<readonly PortalPageSection[]>;
}
/** Inversify token (contribution point) for {@link PortalHomeContribution}. */
export const PortalHomeContribution = Symbol('PortalHomeContribution');
