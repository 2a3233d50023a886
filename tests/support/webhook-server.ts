import { startLocalServer } from './local-server.js';

export interface WebhookServer {
  url: string;
  /** The `content` of every message posted so far. */
  messages: string[];
  close(): Promise<void>;
}

/** A local stand-in for a Discord webhook: answers 204 and keeps what was posted. */
export async function startWebhookServer(): Promise<WebhookServer> {
  const server = await startLocalServer();
  const messages: string[] = [];
  server.handle((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      messages.push((JSON.parse(body) as { content: string }).content);
      response.writeHead(204).end();
    });
  });
  return { url: `${server.baseUrl}/api/webhooks/1/token`, messages, close: () => server.close() };
}
