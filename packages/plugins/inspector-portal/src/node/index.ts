export * from './inspector-schema';
export * from './inspector-config';
export { InspectionService, type AssignedInspection, type ActingContext, type IncomingFile } from './inspection-service';
export { inspectorPortal, NOT_AN_INSPECTOR, INACTIVE_INSPECTOR, INSPECTIONS_PATH } from './inspector-portal';
export { inspectorEntity, inspectionEntity } from './inspector-entities';
export { INSPECTOR_MIGRATIONS_FOLDER } from './inspector-node-module';
