/**
 * Registers a custom element unless the tag is taken (two copies of a plugin bundle, or a
 * re-imported define module, must not throw).
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
