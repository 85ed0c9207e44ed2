import { ContainerModule } from 'inversify';
import { HostEnv, PageContribution } from '@portico/core';
import { LicensingService } from '@portico/plugin-licensing/node';
import { PortalContribution } from '@portico/plugin-portal/node';
import { LicenseePages } from './licensee-pages';
import { licenseePortal } from './licensee-portal';
import { LicenseePortalConfig, loadLicenseePortalConfig } from './licensee-portal-config';

export default new ContainerModule(({ bind }) => {
  bind<LicenseePortalConfig>(LicenseePortalConfig)
    .toDynamicValue((ctx) => loadLicenseePortalConfig(ctx.get<HostEnv>(HostEnv, { optional: true }) ?? process.env))
    .inSingletonScope();
  bind(PortalContribution)
    .toDynamicValue((ctx) => licenseePortal(ctx.get(LicensingService), ctx.get<LicenseePortalConfig>(LicenseePortalConfig)))
    .inSingletonScope();
  bind(PageContribution).to(LicenseePages).inSingletonScope();
});
