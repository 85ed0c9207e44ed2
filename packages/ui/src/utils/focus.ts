/** Elements that take focus with Tab. */
const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
  'textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

/** The element that has focus, looking inside open shadow roots. */
export function deepActiveElement(root: Document | ShadowRoot = document): Element | null {
  let active = root.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Tabbable descendants of `root` in tree order, descending into slots and open shadow roots. */
export function tabbables(root: Element | ShadowRoot): HTMLElement[] {
  const out: HTMLElement[] = [];
  const visit = (node: Element | ShadowRoot): void => {
    const children = node instanceof HTMLSlotElement ? node.assignedElements({ flatten: true }) : Array.from(node.children);
    for (const child of children) {
      if (!(child instanceof HTMLElement)) continue;
      if (child.hidden || child.inert) continue;
      if (child.matches(FOCUSABLE)) out.push(child);
      if (child.shadowRoot) {
        if (!child.shadowRoot.delegatesFocus || !child.matches(FOCUSABLE)) visit(child.shadowRoot);
      } else {
        visit(child);
      }
    }
  };
  visit(root);
  return out;
}
