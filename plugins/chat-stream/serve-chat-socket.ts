import { WebSocket, type RawData } from 'ws';
import { GatewayError } from '../../core/errors/gateway-error.js';
import { relayChatRequest, type RelayTarget, type SendMessage } from './relay-chat-request.js';
import { CLOSE_GOING_AWAY, closeCodeForStatus, errorMessage } from './stream-messages.js';

const textOf = (data: RawData): string => (Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString('utf8');

/**
 * One client socket: requests one at a time (a second sent while one runs is answered with an
 * error message and dropped, the running one goes on); the client closing aborts the running one.
 */
export interface ChatSocket {
  /** The gateway is draining: close now when idle, else after the running request's terminal message. */
  closeWhenIdle(): void;
}

export function serveChatSocket(socket: WebSocket, target: RelayTarget): ChatSocket {
  const gone = new AbortController();
  socket.once('close', () => gone.abort());
  // ws emits 'close' after 'error'; the listener keeps an error from being thrown as unhandled.
  socket.on('error', () => gone.abort());
  let busy = false;

  const send: SendMessage = (message) =>
    new Promise((resolve) => {
      if (socket.readyState !== WebSocket.OPEN) return resolve();
      // The callback fires once the frame is handed to the OS: awaiting it keeps a slow client
      // from making the gateway buffer a whole answer (the loopback read pauses meanwhile).
      socket.send(message, () => resolve());
    });

  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      void send(errorMessage(new GatewayError('GW_ERR_REQUEST_MALFORMED', 'Send the chat request as a text message holding its JSON.')));
      return;
    }
    if (busy) {
      void send(errorMessage(new GatewayError('GW_ERR_REQUEST_MALFORMED', 'One request at a time on this socket: wait for the final message of the running one, or open another socket.')));
      return;
    }
    busy = true;
    void relayChatRequest(textOf(data), target, send, gone.signal)
      .catch(async () => {
        if (!gone.signal.aborted) await send(errorMessage(new GatewayError('GW_ERR_INTERNAL', 'The gateway failed to relay the answer; retry the request.')));
        return {};
      })
      .then((outcome) => {
        busy = false;
        if ('authRefused' in outcome && outcome.authRefused !== undefined) {
          // The credential is the socket's for its whole life: no later request could pass either.
          socket.close(closeCodeForStatus(outcome.authRefused), 'missing or invalid credentials');
        } else if (target.draining()) {
          socket.close(CLOSE_GOING_AWAY, 'gateway shutting down');
        }
      });
  });
  return {
    closeWhenIdle: () => {
      if (!busy) socket.close(CLOSE_GOING_AWAY, 'gateway shutting down');
    },
  };
}
