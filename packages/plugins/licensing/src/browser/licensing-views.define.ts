import { SCREENS, listElement, recordElement } from './licensing-views';

const define = (tag: string, ctor: CustomElementConstructor): void => {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
};
for (const screen of SCREENS) {
  define(`licensing-${screen.segment}-list`, listElement(screen));
  define(`licensing-${screen.segment}-record`, recordElement(screen));
}
