// Runs inside the password-hash worker threads (see password-hasher.ts). Plain JavaScript so the
// worker needs no TypeScript loader. Each call is synchronous: a worker computes one hash at a
// time and the next queued task starts the moment the previous one ends, without waiting for
// the main thread's event loop.
import { hashSync, verifySync } from '@node-rs/argon2';
import { execFile } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { workerData } from 'node:worker_threads';

// Linux: this thread under SCHED_IDLE (AuthOptions.hashThreadIdle). Node has no call for a
// thread's scheduling policy; util-linux's `chrt` sets it for our thread id (/proc/thread-self).
// Where that fails the thread keeps its nice value (set by piscina before this module loads).
if (workerData?.schedIdle && process.platform === 'linux') {
  try {
    const tid = readlinkSync('/proc/thread-self').split('/').pop();
    execFile('chrt', ['--idle', '--pid', '0', tid], () => {});
  } catch {
    // no /proc: keep the nice value
  }
}

/** @param {{ op: 'hash', password: string, options: object } | { op: 'verify', encoded: string, password: string }} task */
export default function argon2Task(task) {
  if (task.op === 'hash') return hashSync(task.password, task.options);
  return verifySync(task.encoded, task.password);
}
