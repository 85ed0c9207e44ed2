/**
 * @portico/ui — the `wb-` design system.
 *
 * Importing this module gives the classes, types and styles; it registers no tags. Register
 * what you use with the `*.define` modules (`@portico/ui/components/button/button.define`), or
 * everything with `@portico/ui/define`.
 */
export { tokens } from './styles/tokens.styles';
export { globalStyles, globalCss, adoptGlobalStyles } from './styles/global.styles';
export { boxSizing, focusRing, visuallyHidden } from './styles/shared.styles';
export { emit, type CloseDetail } from './utils/events';
export { defineElement } from './utils/define';
export { deepActiveElement, tabbables } from './utils/focus';

export { WbIconElement } from './components/icon/icon.element';
export { registerIcon, getIcon, iconNames } from './components/icon/icons';
export { WbIconButtonElement } from './components/icon-button/icon-button.element';
export { WbButtonElement } from './components/button/button.element';
export { WbMenuBarElement } from './components/menu-bar/menu-bar.element';
export {
  WbModuleLauncherElement,
  type LauncherCloseDetail,
  type LauncherCloseReason,
  type ModuleSelectDetail,
} from './components/module-launcher/module-launcher.element';
export {
  WbNavDrawerElement,
  type NavDrawerItem,
  type NavDrawerSection,
  type NavSelectDetail,
} from './components/nav-drawer/nav-drawer.element';
export { WbAppShellElement, type SearchDetail } from './components/app-shell/app-shell.element';
export {
  WbRecordListElement,
  type RecordListColumn,
  type RecordOpenDetail,
  type RecordSearchDetail,
  type RecordSelectionDetail,
  type RecordSortDetail,
} from './components/record-list/record-list.element';
export {
  WbRecordViewElement,
  type RecordField,
  type RecordFieldError,
  type RecordFieldOption,
  type RecordSaveDetail,
  type RecordSection,
} from './components/record-view/record-view.element';
export { WbEntityListElement } from './components/entity-list/entity-list.element';
export { WbEntityRecordElement } from './components/entity-record/entity-record.element';
export type {
  EntityAction,
  EntityFieldMetadata,
  EntityFieldType,
  EntityMetadata,
  EntityPermissions,
  EntityRecord,
  EntityRecordPage,
  EntitySectionMetadata,
} from './entity';
