import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { registerApiForwarder } from './api-forwarder';
import type { ConsoleConfig } from './console-config';

@Controller('health')
class ConsoleHealthController {
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready as soon as it serves: its files were checked at start; a service that is down is a 502 on its own /api/ paths. */
  @Get('ready')
  ready(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [ConsoleHealthController] })
class ConsoleModule {}

/** What the browser may load: only this origin (the SPA's own files and /api), no framing. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Ant Design writes its CSS-in-JS into <style> elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * The console's server: the built SPA (its files, and index.html for any other path the SPA routes
 * itself) and `/api/<service>/…` forwarded to the services, so the browser talks to one origin.
 */
export async function createConsoleApp(config: ConsoleConfig, options: { logger?: boolean } = {}): Promise<NestFastifyApplication> {
  // request.ip is the browser: the connecting address, or what a trusted proxy in front says it is.
  const adapter = new FastifyAdapter({ logger: options.logger ?? false, trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false });
  const app = await NestFactory.create<NestFastifyApplication>(ConsoleModule, adapter, { logger: options.logger ? undefined : false });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) return;
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
  });
  registerApiForwarder(fastify, config.upstreams);
  await app.register(fastifyStatic, { root: config.staticDir, prefix: '/', wildcard: false, index: ['index.html'] });
  // The SPA routes its own paths (/inbox, /tasks/…): any other GET that is not a file gets index.html.
  fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.startsWith('/api/') || /\.[a-z0-9]+$/i.test(request.url.split('?')[0])) {
      return reply.code(404).send({ status: 404, title: 'Not found' });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return app;
}

/** The URL a person opens; printed first by `npm start`. */
export function consoleUrl(config: ConsoleConfig): string {
  return `http://${config.host}:${config.port}/`;
}
