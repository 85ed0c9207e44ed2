/** Entities of the licensing plugin (logical names) and their privileges. Browser-safe. */
export const LicensingEntities = {
  person: 'lic_person',
  licenseType: 'lic_licensetype',
  license: 'lic_license',
  application: 'lic_application',
  renewal: 'lic_renewal',
  /** Not an entity: the documents attached to applications (identity papers), guarded apart. */
  applicationDocument: 'lic_application_document',
} as const;

const p = (entity: string, action: 'read' | 'create' | 'write' | 'delete'): string => `entity.${entity}.${action}`;

export const LicensingPrivileges = {
  personRead: p(LicensingEntities.person, 'read'),
  personWrite: p(LicensingEntities.person, 'write'),
  licenseTypeRead: p(LicensingEntities.licenseType, 'read'),
  licenseRead: p(LicensingEntities.license, 'read'),
  licenseWrite: p(LicensingEntities.license, 'write'),
  applicationRead: p(LicensingEntities.application, 'read'),
  renewalRead: p(LicensingEntities.renewal, 'read'),
  renewalWrite: p(LicensingEntities.renewal, 'write'),
  licenseCreate: p(LicensingEntities.license, 'create'),
  applicationWrite: p(LicensingEntities.application, 'write'),
  /** Download the documents attached to applications. */
  applicationDocumentRead: p(LicensingEntities.applicationDocument, 'read'),
} as const;

/** Approving an application needs both: it changes the application and creates a license. */
export const APPROVE_PRIVILEGES = [LicensingPrivileges.applicationWrite, LicensingPrivileges.licenseCreate] as const;

export const LICENSE_STATUSES = ['active', 'expired', 'suspended', 'revoked'] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];
export const APPLICATION_STATUSES = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const RENEWAL_STATUSES = ['requested', 'renewed', 'declined'] as const;
export type RenewalStatus = (typeof RENEWAL_STATUSES)[number];
export * from './application-steps';
