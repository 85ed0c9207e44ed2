import '@portico/ui/define';
import { SystemOutboxList, SystemOutboxMessage } from './outbox-views.element';

if (!customElements.get('system-outbox-list')) customElements.define('system-outbox-list', SystemOutboxList);
if (!customElements.get('system-outbox-message')) customElements.define('system-outbox-message', SystemOutboxMessage);

declare global {
  interface HTMLElementTagNameMap {
    'system-outbox-list': SystemOutboxList;
    'system-outbox-message': SystemOutboxMessage;
  }
}
