import { SERVICE_NAMES, ServiceName } from '@eduaid/contracts';
import { CONSOLE_DEFAULT_PORT, CONSOLE_PORT_VARIABLE, DEFAULT_PORTS, portVariable, serviceUrlVariable, trustedProxiesFrom } from '@eduaid/platform';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface ConsoleConfig {
  host: string;
  port: number;
  /** Base URL of each service the console forwards `/api/<service>/…` to. */
  upstreams: Record<ServiceName, string>;
  /** The built SPA (index.html and assets). */
  staticDir: string;
  /**
   * Proxies in front of the console (an ingress controller) whose X-Forwarded-For names the browser;
   * empty: the console is the edge and the connecting address is the browser's.
   */
  trustedProxies: string[];
}

/** Where `npm run build` puts the SPA (vite's outDir), seen from dist/services/console/src. */
export const DEFAULT_STATIC_DIR = path.resolve(__dirname, '..', '..', '..', 'console-web');

export class ConsoleConfigurationError extends Error {}

/**
 * Reads and checks the console's environment: `CONSOLE_PORT` (3000), `HOST`, `EDUAID_<SERVICE>_URL`
 * for each service (default: http://127.0.0.1:<SERVICE>_PORT, the same defaults `npm start` uses) and
 * `CONSOLE_STATIC_DIR`, `EDUAID_TRUSTED_PROXIES` (as for the services). Every bad value is named in one error.
 */
export function loadConsoleConfig(env: Record<string, string | undefined>): ConsoleConfig {
  const problems: string[] = [];
  const portOf = (variable: string, fallback: number): number => {
    const raw = env[variable];
    if (raw === undefined || raw === '') return fallback;
    const port = Number(raw);
    if (!/^\d+$/.test(raw) || port > 65535) problems.push(`${variable} must be a port number between 0 and 65535`);
    return port;
  };
  const port = portOf(CONSOLE_PORT_VARIABLE, CONSOLE_DEFAULT_PORT);
  const proxies = trustedProxiesFrom(env.EDUAID_TRUSTED_PROXIES || undefined);
  problems.push(...proxies.problems);
  const upstreams = {} as Record<ServiceName, string>;
  for (const service of SERVICE_NAMES) {
    const variable = serviceUrlVariable(service);
    const given = env[variable];
    if (given) {
      let url: URL | undefined;
      try {
        url = new URL(given);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) problems.push(`${variable} must be the http(s) base URL of the ${service} service`);
      upstreams[service] = given.replace(/\/+$/, '');
    } else {
      upstreams[service] = `http://127.0.0.1:${portOf(portVariable(service), DEFAULT_PORTS[service])}`;
    }
  }
  const staticDir = env.CONSOLE_STATIC_DIR || DEFAULT_STATIC_DIR;
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    problems.push(`CONSOLE_STATIC_DIR (${staticDir}) has no index.html: run \`npm run build\` first, or point it at the built console`);
  }
  if (problems.length > 0) throw new ConsoleConfigurationError(`console: invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return { host: env.HOST || '127.0.0.1', port, upstreams, staticDir, trustedProxies: proxies.addresses };
}
