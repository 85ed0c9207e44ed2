import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

/** Options of {@link startTestSmtpServer}. */
export interface TestSmtpServerOptions {
  /** Port on 127.0.0.1 (default 0: a random free port). Pass a stopped server's port to bring it back. */
  port?: number;
  /** Require AUTH PLAIN/LOGIN with these credentials; they then appear in `url`. */
  auth?: { user: string; pass: string };
  /**
   * Called for each RCPT TO; return an SMTP error text to refuse the recipient with 550
   * (e.g. `(address) => address.endsWith('@invalid.test') ? 'No such user' : undefined`).
   */
  rejectRecipient?: (address: string) => string | undefined;
}

/** A received message: what mailparser made of it plus the SMTP envelope. */
export interface ReceivedEnvelope {
  from: string | undefined;
  to: string[];
}

/** A real SMTP server (the `smtp-server` package) on 127.0.0.1 for tests. */
export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>` (with `user:pass@` when `auth` was given): use as SMTP_URL. */
  readonly url: string;
  readonly port: number;
  /** Messages received so far, parsed by mailparser, in arrival order. */
  readonly messages: ParsedMail[];
  /** Envelopes of `messages`, same order. */
  readonly envelopes: ReceivedEnvelope[];
  /** Resolves with `messages` once at least `count` have arrived; rejects after `timeoutMs` (default 10 s). */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  /** Stops listening and drops open connections. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts an in-process SMTP server on 127.0.0.1 (plain SMTP, no STARTTLS, accepts any
 * sender). Use it to test what Portico really sends:
 *
 * ```ts
 * const smtp = await startTestSmtpServer();
 * // … run the app with SMTP_URL = smtp.url, trigger an invitation …
 * const [mail] = await smtp.waitFor(1);
 * const link = /https?:\S+/.exec(mail.text ?? '')?.[0];
 * await smtp.stop();
 * ```
 */
export async function startTestSmtpServer(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const messages: ParsedMail[] = [];
  const envelopes: ReceivedEnvelope[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    // Plain SMTP on loopback: nodemailer would otherwise upgrade with STARTTLS and refuse the self-signed certificate.
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    hideSTARTTLS: true,
    allowInsecureAuth: true,
    authOptional: !options.auth,
    logger: false,
    disableReverseLookup: true, // no DNS round trip per connection
    closeTimeout: 200,
    size: 25 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      const ok = options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
      if (ok) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback) {
      const refusal = options.rejectRecipient?.(address.address);
      if (refusal) callback(Object.assign(new Error(refusal), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push(parsed);
          envelopes.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            to: session.envelope.rcptTo.map((r) => r.address),
          });
          for (const wake of [...waiters]) wake();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  server.on('error', () => undefined); // connection-level errors (client went away) are not test failures

  const port = await new Promise<number>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve((server.server.address() as AddressInfo).port);
    });
  });

  const credentials = options.auth
    ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@`
    : '';
  let stopped: Promise<void> | undefined;

  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    port,
    messages,
    envelopes,
    waitFor(count, timeoutMs = 10_000) {
      if (messages.length >= count) return Promise.resolve(messages);
      return new Promise<ParsedMail[]>((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Test SMTP server: expected ${count} messages within ${timeoutMs} ms, got ${messages.length}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return stopped;
    },
  };
}
