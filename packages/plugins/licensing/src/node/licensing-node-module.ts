import { fileURLToPath } from 'node:url';
import { ContainerModule } from 'inversify';
import { PrivilegeContribution } from '@portico/access';
import { HostEnv, MigrationContribution, NavContribution, PageContribution, RouteContribution } from '@portico/core';
import { EntityContribution } from '@portico/entities';
import { PortalHomeContribution } from '@portico/plugin-portal/node';
import { LicensingEntities, LicensingPrivileges as P } from '../common/index';
import { ApplicantApplicationPages, applicantHomeSection } from './applicant-pages';
import { LicensingConfig, loadLicensingConfig } from './licensing-config';
import { LicensingEntityContribution } from './licensing-entities';
import { LicensingRoutes } from './licensing-routes';
import { LicensingService } from './licensing-service';

export const LICENSING_MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

export default new ContainerModule(({ bind }) => {
  bind(MigrationContribution).toConstantValue({ pluginId: 'licensing', migrationsFolder: LICENSING_MIGRATIONS_FOLDER });
  bind<LicensingConfig>(LicensingConfig)
    .toDynamicValue((ctx) => loadLicensingConfig(ctx.get<HostEnv>(HostEnv, { optional: true }) ?? process.env))
    .inSingletonScope();
  bind(LicensingService).toSelf().inSingletonScope();
  bind(EntityContribution).to(LicensingEntityContribution).inSingletonScope();
  bind(RouteContribution).to(LicensingRoutes).inSingletonScope();
  bind(PageContribution).to(ApplicantApplicationPages).inSingletonScope();
  bind(PortalHomeContribution).toDynamicValue((ctx) => applicantHomeSection(ctx.get(LicensingService))).inSingletonScope();
  bind(PrivilegeContribution).toConstantValue({
    // The records register their own privileges; the documents attached to applications
    // (identity papers) have a privilege of their own, so a group can review without them.
    registerPrivileges: (r) => r.addEntity(LicensingEntities.applicationDocument, 'License Application Documents'),
  } satisfies PrivilegeContribution);
  bind(NavContribution).toConstantValue({
    registerNavigation(registry) {
      registry.addModule({ id: 'licensing', label: 'Licensing', icon: 'id-card', description: 'Persons, license applications, licenses and renewals' });
      registry.addSection({ id: 'licensing.work', moduleId: 'licensing', label: 'Review', order: 10 });
      registry.addSection({ id: 'licensing.records', moduleId: 'licensing', label: 'Records', order: 20 });
      registry.addSection({ id: 'licensing.setup', moduleId: 'licensing', label: 'Setup', order: 30 });
      registry.addItem({ id: 'licensing.applications', sectionId: 'licensing.work', label: 'License Applications', path: '/licensing/applications', order: 10, privilege: P.applicationRead });
      registry.addItem({ id: 'licensing.renewals', sectionId: 'licensing.work', label: 'Renewal Requests', path: '/licensing/renewals', order: 20, privilege: P.renewalRead });
      registry.addItem({ id: 'licensing.persons', sectionId: 'licensing.records', label: 'Persons', path: '/licensing/persons', order: 10, privilege: P.personRead });
      registry.addItem({ id: 'licensing.licenses', sectionId: 'licensing.records', label: 'Licenses', path: '/licensing/licenses', order: 20, privilege: P.licenseRead });
      registry.addItem({ id: 'licensing.license-types', sectionId: 'licensing.setup', label: 'License Types', path: '/licensing/license-types', order: 10, privilege: P.licenseTypeRead });
    },
  } satisfies NavContribution);
});
