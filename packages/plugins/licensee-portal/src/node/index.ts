export { LICENSEE_PORTAL, LICENSES_PATH, APPLICANT_LINK, licenseeEligibility, licenseePortal } from './licensee-portal';
export { LicenseePortalConfig, loadLicenseePortalConfig } from './licensee-portal-config';
