import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import http from 'node:http';
import https from 'node:https';
import { SERVICE_NAMES, ServiceName } from '@eduaid/contracts';

/** Headers that describe one hop, not the message: never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

function problem(reply: FastifyReply, status: number, code: string, detail: string, instance: string): void {
  void reply
    .code(status)
    .header('content-type', 'application/problem+json')
    .send({ type: `https://eduaid.local/problems/${code}`, title: status === 404 ? 'Not found' : 'Bad gateway', status, detail, instance, code, requestId: '' });
}

/**
 * Forwards `/api/<service>/<path>` to that service's `<path>`, streaming both bodies unread (a roster
 * upload is not buffered), with the caller's headers (the bearer token included) and the service's
 * answer as it is. Registered in its own Fastify context, whose only body parser leaves the body
 * untouched, so the services see exactly what the browser sent.
 */
export function registerApiForwarder(fastify: FastifyInstance, upstreams: Record<ServiceName, string>): void {
  void fastify.register((instance, _options, done) => {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser('*', (_request, _payload, next) => next(null));
    const forward = (request: FastifyRequest, reply: FastifyReply) => {
      const match = /^\/api\/([a-z]+)(\/.*)?$/.exec(request.url.split('?')[0]);
      const service = match?.[1] as ServiceName | undefined;
      if (!service || !SERVICE_NAMES.includes(service)) {
        problem(reply, 404, 'console.unknown-service', `No service here; the console forwards /api/<${SERVICE_NAMES.join('|')}>/…`, request.url);
        return;
      }
      const rest = request.url.slice(`/api/${service}`.length) || '/';
      const target = new URL(upstreams[service] + rest);
      const headers: http.OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
      }
      // The services (trusting the console via EDUAID_TRUSTED_PROXIES) count login attempts by this
      // address: the browser's, as Fastify resolved it (the connecting address unless a proxy the
      // console trusts stands in front). Whatever X-Forwarded-For the browser sent is replaced, not kept.
      headers['x-forwarded-for'] = request.ip;
      headers['x-forwarded-host'] = request.headers.host;
      headers['x-forwarded-proto'] = request.protocol;
      const client = target.protocol === 'https:' ? https : http;
      reply.hijack();
      const upstream = client.request(target, { method: request.method, headers }, (answer) => {
        const out: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
        reply.raw.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(reply.raw);
      });
      upstream.on('error', (error) => {
        request.log.warn({ err: error, service }, 'console: service did not answer');
        if (reply.raw.headersSent) {
          reply.raw.destroy();
          return;
        }
        reply.raw.writeHead(502, { 'content-type': 'application/problem+json' });
        reply.raw.end(
          JSON.stringify({
            type: 'https://eduaid.local/problems/console.service-unavailable',
            title: 'Bad gateway',
            status: 502,
            detail: `The ${service} service did not answer; try again shortly.`,
            instance: request.url,
            code: 'console.service-unavailable',
            requestId: String(request.id),
          }),
        );
      });
      request.raw.pipe(upstream);
    };
    instance.all('/api/*', forward);
    done();
  });
}
