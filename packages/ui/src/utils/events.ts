/**
 * Dispatches a `wb-…` event from a component: always `bubbles` and `composed`, so it crosses
 * shadow roots and can be handled anywhere above the element.
 */
export function emit<T>(
  target: EventTarget,
  name: `wb-${string}`,
  detail: T,
  options: { cancelable?: boolean } = {},
): CustomEvent<T> {
  const event = new CustomEvent<T>(name, {
    detail,
    bubbles: true,
    composed: true,
    cancelable: options.cancelable ?? false,
  });
  target.dispatchEvent(event);
  return event;
}

/** Detail of `wb-close`, sent by popovers, drawers and dialogs that close themselves. */
export interface CloseDetail {
  /** Why it closed: `escape`, `select`, `outside`, `backdrop`, `button`. */
  reason: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'wb-close': CustomEvent<CloseDetail>;
  }
}
