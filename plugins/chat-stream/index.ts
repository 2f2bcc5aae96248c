import { WebSocketServer } from 'ws';
import type { Plugin, PluginContribution } from '../../core/plugin-contract.js';
import { serveChatSocket, type ChatSocket } from './serve-chat-socket.js';
import { authorizationOf, selectProtocol } from './socket-credential.js';
import { CLOSE_GOING_AWAY } from './stream-messages.js';

/** The WebSocket route. */
export const CHAT_STREAM_PATH = '/v1/chat/stream';

/**
 * Largest message a client may send. The data plane still applies the route's own body limits to
 * what passes; this only stops the socket from buffering far more than any chat request needs.
 */
const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/**
 * `ws://host/v1/chat/stream`: OpenAI chat requests over a WebSocket, answered chunk by chunk.
 * Every request runs through the gateway's own HTTP data plane (see relay-chat-request.ts).
 */
export function createChatStreamPlugin(): Plugin {
  return {
    name: 'chat-stream',
    setup(context): PluginContribution {
      const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, handleProtocols: selectProtocol });
      const open = new Set<ChatSocket>();
      return {
        upgradeRoutes: [
          {
            path: CHAT_STREAM_PATH,
            handle(request, socket, head, gateway) {
              const authorization = authorizationOf(request);
              sockets.handleUpgrade(request, socket, head, (ws) => {
                const served = serveChatSocket(ws, { loopbackUrl: gateway.loopbackUrl, authorization, draining: context.draining });
                open.add(served);
                ws.once('close', () => open.delete(served));
              });
            },
            // Open sockets would hold the server's close (and so the drain) until its deadline.
            drain() {
              for (const served of open) served.closeWhenIdle();
            },
          },
        ],
        async close() {
          for (const ws of sockets.clients) ws.close(CLOSE_GOING_AWAY, 'gateway shutting down');
          await new Promise<void>((resolve) => sockets.close(() => resolve()));
        },
      };
    },
  };
}
