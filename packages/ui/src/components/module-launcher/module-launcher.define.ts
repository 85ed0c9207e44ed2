import '../icon/icon.define';
import { defineElement } from '../../utils/define';
import { WbModuleLauncherElement } from './module-launcher.element';

defineElement('wb-module-launcher', WbModuleLauncherElement);

declare global {
  interface HTMLElementTagNameMap {
    'wb-module-launcher': WbModuleLauncherElement;
  }
}
