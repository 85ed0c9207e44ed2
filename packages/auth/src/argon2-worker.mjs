// Runs inside the password-hash worker threads (see password-hasher.ts). Plain JavaScript so the
// worker needs no TypeScript loader. Each call is synchronous: a worker computes one hash at a
// time and the next queued task starts the moment the previous one ends, without waiting for
// the main thread's event loop.
import { hashSync, verifySync } from '@node-rs/argon2';

/** @param {{ op: 'hash', password: string, options: object } | { op: 'verify', encoded: string, password: string }} task */
export default function argon2Task(task) {
  if (task.op === 'hash') return hashSync(task.password, task.options);
  return verifySync(task.encoded, task.password);
}
