export * from './licensing-schema';
export { LICENSING_MIGRATIONS_FOLDER } from './licensing-node-module';
export { LicensingService, addDays, addMonths, effectiveStatusSql, renewalProblem, todayIso, type LicenseView, type LicensingActionContext, type IncomingFile } from './licensing-service';
export { LicensingConfig, loadLicensingConfig } from './licensing-config';
export { PortalPageKit, type PortalRef, type PortalPageKitDeps } from './portal-page-kit';
export { LICENSING_CSS, buttonForm, checkbox, formatDate, formatDay, input, radios, statusTag, stylesheet, summaryList, textarea } from './portal-form';
export { APPLICANT_PORTAL, APPLICATIONS_PATH } from './applicant-pages';
