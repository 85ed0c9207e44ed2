import type { BrowserModule } from '@portico/core/common';

/** The example plugin's browser half: one lazily loaded view. */
const helloBrowserModule: BrowserModule = (registry) => {
  registry.registerView({
    path: '/hello/greetings',
    tag: 'hello-greetings',
    title: 'Greetings',
    load: () => import('./hello-greetings.define'),
  });
};
export default helloBrowserModule;
