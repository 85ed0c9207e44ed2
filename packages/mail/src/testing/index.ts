export * from './test-smtp-server';
export type { ParsedMail } from 'mailparser';
