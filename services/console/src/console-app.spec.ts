import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createConsoleApp } from './console-app';
import { loadConsoleConfig } from './console-config';

/** The console's server on its own: the SPA's files, its own routes, and forwarding to a service. */
describe('console server', () => {
  let upstream: http.Server;
  let seen: { method?: string; url?: string; authorization?: string; contentType?: string; forwardedFor?: string | string[]; body: string }[] = [];
  let app: NestFastifyApplication;
  let base: string;
  const staticDir = mkdtempSync(path.join(tmpdir(), 'console-static-'));

  beforeAll(async () => {
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>eduaid console</title><div id="root"></div>');
    mkdirSync(path.join(staticDir, 'assets'));
    writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
    upstream = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        seen.push({ method: request.method, url: request.url, authorization: request.headers.authorization, contentType: request.headers['content-type'], forwardedFor: request.headers['x-forwarded-for'], body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(request.url === '/missing' ? 404 : 200, { 'content-type': 'application/json', 'x-request-id': 'r-1' });
        response.end(JSON.stringify({ answeredBy: 'students' }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const students = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const config = loadConsoleConfig({ CONSOLE_PORT: '0', EDUAID_STUDENTS_URL: students, EDUAID_CASEWORK_URL: 'http://127.0.0.1:9', CONSOLE_STATIC_DIR: staticDir });
    app = await createConsoleApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  beforeEach(() => {
    seen = [];
  });

  it('forwards /api/<service>/… with its method, query, token and body untouched, and answers what the service answered', async () => {
    const csv = 'national_id,name\n420102201305010000,学生\n';
    const response = await fetch(`${base}/api/students/roster-imports?fileName=a.csv&encoding=auto`, {
      method: 'POST',
      headers: { authorization: 'Bearer t0k3n', 'content-type': 'text/csv', 'x-forwarded-for': '203.0.113.99' },
      body: csv,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('r-1');
    expect(await response.json()).toEqual({ answeredBy: 'students' });
    expect(seen).toEqual([{ method: 'POST', url: '/roster-imports?fileName=a.csv&encoding=auto', authorization: 'Bearer t0k3n', contentType: 'text/csv', forwardedFor: '127.0.0.1', body: csv }]);

    const json = await fetch(`${base}/api/students/aid-applications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"studentId":"x"}' });
    expect(json.status).toBe(200);
    expect(seen[1]).toMatchObject({ url: '/aid-applications', body: '{"studentId":"x"}' });
    expect((await fetch(`${base}/api/students/missing`)).status).toBe(404);
  });

  it('answers a problem for an unknown service and a 502 problem when a service does not answer', async () => {
    const unknown = await fetch(`${base}/api/payroll/anything`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'console.unknown-service' });
    const down = await fetch(`${base}/api/casework/tasks`);
    expect(down.status).toBe(502);
    expect(down.headers.get('content-type')).toContain('application/problem+json');
    expect(await down.json()).toMatchObject({ code: 'console.service-unavailable', status: 502 });
  });

  it('serves the SPA: its files, and index.html for the paths the SPA routes itself, with a strict content security policy', async () => {
    const script = await fetch(`${base}/assets/app.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('console.log');
    for (const route of ['/', '/inbox', '/tasks/3f2c9a1e-0000-4000-8000-000000000000']) {
      const page = await fetch(base + route);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok' });
  });

  it('behind a proxy it trusts (EDUAID_TRUSTED_PROXIES), forwards the browser that proxy names, not the proxy', async () => {
    const students = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const behindIngress = await createConsoleApp(loadConsoleConfig({ CONSOLE_PORT: '0', EDUAID_STUDENTS_URL: students, CONSOLE_STATIC_DIR: staticDir, EDUAID_TRUSTED_PROXIES: '127.0.0.1' }));
    try {
      await behindIngress.listen({ port: 0, host: '127.0.0.1' });
      const url = (await behindIngress.getUrl()).replace('[::1]', '127.0.0.1');
      expect((await fetch(`${url}/api/students/anything`, { headers: { 'x-forwarded-for': '203.0.113.5' } })).status).toBe(200);
      expect(seen.at(-1)?.forwardedFor).toBe('203.0.113.5');
    } finally {
      await behindIngress.close();
    }
  });

  it('refuses a bad configuration, naming each bad value', () => {
    expect(() => loadConsoleConfig({ CONSOLE_PORT: 'eighty', EDUAID_SCHOOLS_URL: 'ftp://x', CONSOLE_STATIC_DIR: path.join(staticDir, 'nowhere') })).toThrow(
      /CONSOLE_PORT must be a port number[\s\S]*EDUAID_SCHOOLS_URL must be the http\(s\) base URL[\s\S]*CONSOLE_STATIC_DIR/,
    );
    expect(() => loadConsoleConfig({ CONSOLE_STATIC_DIR: staticDir, EDUAID_TRUSTED_PROXIES: 'ingress' })).toThrow(/EDUAID_TRUSTED_PROXIES must list IP addresses or CIDR ranges/);
  });
});
