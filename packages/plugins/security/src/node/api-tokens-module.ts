import type { ContainerModuleLoadOptions } from 'inversify';
import { BearerPrincipalResolver, PrivilegeContribution } from '@portico/access';
import { NavContribution, RouteContribution } from '@portico/core';
import { API_TOKEN_ENTITY, ApiTokenPrivileges } from '../common/api-tokens';
import { ApiTokenRoutes } from './api-tokens-routes';
import { ApiTokenService } from './api-tokens-service';

/** Bindings of staff API tokens, called from the security node module. */
export function bindApiTokens({ bind }: Pick<ContainerModuleLoadOptions, 'bind'>): void {
  bind(ApiTokenService).toSelf().inSingletonScope();
  bind(BearerPrincipalResolver).toService(ApiTokenService);
  bind(RouteContribution).to(ApiTokenRoutes).inSingletonScope();
  bind(PrivilegeContribution).toConstantValue({ registerPrivileges: (r) => r.addEntity(API_TOKEN_ENTITY, 'API Tokens') } satisfies PrivilegeContribution);
  bind(NavContribution).toConstantValue({
    registerNavigation(registry) {
      registry.addItem({ id: 'security.api-tokens', sectionId: 'security.iam', label: 'API Tokens', path: '/security/api-tokens', order: 40, privilege: ApiTokenPrivileges.read });
    },
  } satisfies NavContribution);
}
