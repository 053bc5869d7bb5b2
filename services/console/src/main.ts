import 'reflect-metadata';
import { createConsoleApp, consoleUrl } from './console-app';
import { loadConsoleConfig } from './console-config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConsoleConfig(process.env);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const app = await createConsoleApp(config, { logger: true });
  app.enableShutdownHooks();
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `port ${config.port} is already taken; set CONSOLE_PORT to a free one` : (error as Error).message;
    console.error(`console: cannot listen on ${config.host}:${config.port}: ${reason}`);
    await app.close();
    process.exit(1);
  }
  console.log(`console: ${consoleUrl(config)}`);
}

void main();
