import { UserSyncQueueElement } from './sync-queue.element';

if (!customElements.get('usersync-queue')) customElements.define('usersync-queue', UserSyncQueueElement);

declare global {
  interface HTMLElementTagNameMap {
    'usersync-queue': UserSyncQueueElement;
  }
}
