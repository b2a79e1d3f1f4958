import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PlatformFile } from '@homeport/contracts';

/** The secrets the embedded platform generates once and keeps in its data directory. */
export interface EmbeddedSecrets {
  /** Bearer token of broker-api's HTTP API. */
  readonly brokerApiToken: string;
  /** HMAC key of the stored device secrets: changing it would invalidate every device credential. */
  readonly deviceSecretPepper: string;
  /** fan-out's MQTT password (username `service:fan-out`). */
  readonly fanOutMqttToken: string;
}

const newToken = () => randomBytes(32).toString('base64url');

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists and belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates the data directory and marks it as this process's: the embedded database is one process's files,
 * so a second platform on the same directory is refused. Resolves with the function that gives it back.
 */
export function claimDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const pidFile = path.join(dataDir, 'homeport.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    if (Number.isInteger(pid) && pid !== process.pid && isRunning(pid)) {
      throw new Error(`another Homeport (pid ${pid}) is running on ${dataDir}: stop it, or set DATA_DIR`);
    }
  }
  writeFileSync(pidFile, String(process.pid));
  return () => {
    rmSync(pidFile, { force: true });
  };
}

/** Reads the secrets generated at the first start, or generates them (readable by the owner only). */
export function loadOrCreateSecrets(dataDir: string): EmbeddedSecrets {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) return readSecrets(file);
  const secrets: EmbeddedSecrets = {
    brokerApiToken: newToken(),
    deviceSecretPepper: newToken(),
    fanOutMqttToken: newToken(),
  };
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

function readSecrets(file: string): EmbeddedSecrets {
  const keys = ['brokerApiToken', 'deviceSecretPepper', 'fanOutMqttToken'] as const;
  let secrets: unknown;
  try {
    secrets = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    secrets = undefined;
  }
  const isValid =
    typeof secrets === 'object' &&
    secrets !== null &&
    keys.every((key) => typeof (secrets as Record<string, unknown>)[key] === 'string');
  if (!isValid) {
    throw new Error(
      `${file} is not a Homeport secrets file (${keys.join(', ')}): restore it, or start over with a new DATA_DIR`,
    );
  }
  return secrets as EmbeddedSecrets;
}

/** Writes platform.json, where local clients (the simulator, the load generator) find the platform. */
export function writePlatformFile(dataDir: string, platform: PlatformFile): string {
  const file = path.join(dataDir, 'platform.json');
  writeFileSync(file, `${JSON.stringify(platform, null, 2)}\n`, { mode: 0o600 });
  return file;
}
