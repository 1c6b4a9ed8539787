/**
 * Credentials for Prometheus, from a Secret mounted as a file or exposed as an environment
 * variable, never from the URL (a URL is printed in records and logs and stored in the CronJob).
 * The value becomes an `Authorization` header and is never printed.
 */
import { readFileSync } from 'node:fs';
import { GateConfigError } from './errors';

/** A bearer token. */
export const PROMETHEUS_TOKEN_ENV = 'CANARY_KIT_PROMETHEUS_TOKEN';
/** A file holding a bearer token (a mounted Secret key). */
export const PROMETHEUS_TOKEN_FILE_ENV = 'CANARY_KIT_PROMETHEUS_TOKEN_FILE';
/** The basic-auth user name. */
export const PROMETHEUS_USER_ENV = 'CANARY_KIT_PROMETHEUS_USER';
/** The basic-auth password. */
export const PROMETHEUS_PASSWORD_ENV = 'CANARY_KIT_PROMETHEUS_PASSWORD';
/** A file holding the basic-auth password (a mounted Secret key). */
export const PROMETHEUS_PASSWORD_FILE_ENV = 'CANARY_KIT_PROMETHEUS_PASSWORD_FILE';

function secret(env: NodeJS.ProcessEnv, valueName: string, fileName: string): string | undefined {
  const value = env[valueName];
  const file = env[fileName];
  if (value !== undefined && value !== '' && file !== undefined && file !== '') {
    throw new GateConfigError(`both ${valueName} and ${fileName} are set; set one`);
  }
  if (file !== undefined && file !== '') {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new GateConfigError(
        `cannot read ${fileName} '${file}': ${(error as NodeJS.ErrnoException).code ?? 'error'}; mount the Secret there or unset it`,
      );
    }
  }
  return value === '' ? undefined : value;
}

/**
 * The `Authorization` header value for Prometheus from the environment, or undefined when none is
 * configured. Throws `GateConfigError` on a half or contradictory configuration.
 */
export function prometheusAuthorization(env: NodeJS.ProcessEnv): string | undefined {
  const token = secret(env, PROMETHEUS_TOKEN_ENV, PROMETHEUS_TOKEN_FILE_ENV);
  const user = env[PROMETHEUS_USER_ENV];
  const password = secret(env, PROMETHEUS_PASSWORD_ENV, PROMETHEUS_PASSWORD_FILE_ENV);
  if (token !== undefined && (user || password !== undefined)) {
    throw new GateConfigError('both a bearer token and basic auth are configured for Prometheus; set one');
  }
  if (token !== undefined) {
    if (/[\r\n]/.test(token))
      throw new GateConfigError(`the Prometheus token has a line break inside; fix the Secret`);
    return `Bearer ${token}`;
  }
  if (!user && password === undefined) return undefined;
  if (!user || password === undefined) {
    throw new GateConfigError(
      `basic auth for Prometheus needs both ${PROMETHEUS_USER_ENV} and ${PROMETHEUS_PASSWORD_ENV} (or ${PROMETHEUS_PASSWORD_FILE_ENV})`,
    );
  }
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}
