import { html, type EligibilityResult, type EligibilityRule, type PortalContribution, type PortalPageContent, type PortalPageSection, type PortalUser } from '@portico/plugin-portal/node';
import { renewalProblem, statusTag, stylesheet, formatDate, todayIso, type LicenseView, type LicensingService } from '@portico/plugin-licensing/node';
import type { LicenseePortalConfig } from './licensee-portal-config';

export const LICENSEE_PORTAL = { id: 'licensee', title: 'Licensee Portal', basePath: '/portal/licensee' } as const;
export const LICENSES_PATH = `${LICENSEE_PORTAL.basePath}/licenses`;
export const LICENSEE_CSS_PATH = `${LICENSES_PATH}/assets/licensing.css`;
/** Where people without a license are sent. */
export const APPLICANT_LINK = { href: '/portal/applicant', label: 'Go to the Applicant Portal' } as const;

const statusWords = (statuses: readonly string[]): string => {
  const words = statuses.map((s) => s);
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
};

/**
 * Decides who may use the Licensee Portal: the account must be the Portal Access Credential of
 * a person holding at least one license whose effective status (an active license past its
 * expiry date is expired) is among the counting statuses. A denial says why, in plain words,
 * and links to the Applicant Portal. Runs only after the password was right.
 */
export function licenseeEligibility(service: LicensingService, config: LicenseePortalConfig, today: () => string = todayIso): EligibilityRule {
  return async (user: PortalUser): Promise<EligibilityResult> => {
    const day = today();
    if (await service.holdsCountingLicense(user.id, config.countingStatuses, day)) return { allow: true };
    const wanted = statusWords(config.countingStatuses);
    const person = await service.personOfPortalUser(user.id);
    const suffix = 'To apply for a license, use the Applicant Portal.';
    if (!person) {
      return { allow: false, message: `The Licensee Portal is for license holders, and your account is not linked to a license holder. ${suffix}`, link: APPLICANT_LINK };
    }
    const licenses = await service.licensesOfPortalUser(user.id, day);
    if (!licenses.length) {
      return { allow: false, message: `The Licensee Portal is for license holders, and no license is held in your name yet. ${suffix}`, link: APPLICANT_LINK };
    }
    const held = licenses.map((l) => `${l.licenseNumber} is ${l.effectiveStatus === 'expired' ? `expired (since ${l.expiresOn})` : l.effectiveStatus}`).join('; ');
    return {
      allow: false,
      message: `The Licensee Portal is for holders of a license that is ${wanted}, and none of your licenses is: ${held}. Contact us about a renewal, or apply for a new license in the Applicant Portal.`,
      link: APPLICANT_LINK,
    };
  };
}

/** One license as a home-page panel: status, number, dates, and its actions. */
function licenseSection(l: LicenseView, config: LicenseePortalConfig, today: string, first: boolean): PortalPageSection {
  const renewal = renewalProblem(l, config.renewalWindowDays, today);
  const daysLeft = Math.round((Date.parse(`${l.expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  const expiry = l.effectiveStatus === 'expired'
    ? `Expired on ${formatDate(l.expiresOn)}`
    : daysLeft >= 0 && daysLeft <= config.renewalWindowDays ? `${formatDate(l.expiresOn)} (in ${daysLeft} day${daysLeft === 1 ? '' : 's'})` : formatDate(l.expiresOn);
  return {
    title: `${l.licenseTypeName} license`,
    html: html`${first ? stylesheet(LICENSEE_CSS_PATH) : ''}<p>${statusTag(l.effectiveStatus)}</p>
<dl class="summary-list">
  <div><dt>License number</dt><dd>${l.licenseNumber}</dd></div>
  <div><dt>Holder</dt><dd>${l.holderName}</dd></div>
  <div><dt>Issued on</dt><dd>${formatDate(l.issuedOn)}</dd></div>
  <div><dt>${l.effectiveStatus === 'expired' ? 'Expired' : 'Expires on'}</dt><dd>${expiry}</dd></div>
</dl>
<div class="actions">
  <a class="button button-secondary button-link" href="${LICENSES_PATH}/${l.id}/certificate">View certificate<span class="visually-hidden"> of license ${l.licenseNumber}</span></a>
  ${l.renewalRequested
    ? html`<span class="tag tag-requested">Renewal requested</span>`
    : renewal ? '' : html`<a class="button button-link" href="${LICENSES_PATH}/${l.id}/renewal">Request renewal<span class="visually-hidden"> of license ${l.licenseNumber}</span></a>`}
</div>`,
  };
}

/** The Licensee Portal: my licenses (status, expiry), certificates, renewal requests. */
export function licenseePortal(service: LicensingService, config: LicenseePortalConfig, today: () => string = todayIso): PortalContribution {
  return {
    ...LICENSEE_PORTAL,
    selfActivation: false,
    eligibility: [licenseeEligibility(service, config, today)],
    async home(user: PortalUser): Promise<PortalPageContent> {
      const day = today();
      const licenses = await service.licensesOfPortalUser(user.id, day);
      const renewable = licenses.filter((l) => !renewalProblem(l, config.renewalWindowDays, day)).length;
      return {
        heading: 'My licenses',
        intro: renewable
          ? `${renewable === 1 ? 'One license expires' : `${renewable} licenses expire`} within ${config.renewalWindowDays} days or has expired: you can request its renewal below.`
          : `Your licenses, their status and expiry date. You can request a renewal from ${config.renewalWindowDays} days before a license expires.`,
        sections: licenses.map((l, i) => licenseSection(l, config, day, i === 0)),
      };
    },
  };
}
