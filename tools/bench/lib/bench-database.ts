import postgres from 'postgres';

/**
 * A fresh PostgreSQL database for one benchmark run: the environment that points a workbench
 * at it, and `drop()` to remove it at the end (also after a failure).
 */
export async function createBenchDatabase(serverUrl: string, name: string): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a safe database name: ${name}`);
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString(), SESSION_SECRET: 'bench-session-secret-of-at-least-32-characters' },
    async drop() {
      try {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}
