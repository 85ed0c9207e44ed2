import { fileURLToPath } from 'node:url';
import { ContainerModule } from 'inversify';
import { MigrationContribution, NavContribution, RouteContribution } from '@portico/core';
import { HelloRoutes } from './hello-routes';

/** The example plugin's node half: a table, a route, a navigation entry. */
export default new ContainerModule(({ bind }) => {
  bind(MigrationContribution).toConstantValue({
    pluginId: 'hello',
    migrationsFolder: fileURLToPath(new URL('../../migrations', import.meta.url)),
  });
  bind(RouteContribution).to(HelloRoutes).inSingletonScope();
  bind(NavContribution).toConstantValue({
    registerNavigation(registry) {
      registry.addModule({ id: 'examples', label: 'Examples', icon: 'inbox', description: 'The example plugin', order: 900 });
      registry.addSection({ id: 'examples.getting-started', moduleId: 'examples', label: 'Getting Started' });
      registry.addItem({ id: 'examples.greetings', sectionId: 'examples.getting-started', label: 'Greetings', path: '/hello/greetings' });
    },
  } satisfies NavContribution);
});
