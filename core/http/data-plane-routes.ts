import type { Readable } from 'node:stream';
import type { JsonObject, RouteDescriptor } from '../pipeline/exchange.js';
import type { ErrorResponse } from '../errors/openai-error-body.js';

/**
 * A client API other than OpenAI's (Anthropic's /v1/messages …), spoken at the edge only: the
 * body is converted to an OpenAI chat request at ingress, the ordinary pipeline runs, and its
 * answer (JSON or SSE) and errors are converted back.
 */
export interface RouteDialect {
  readonly toOpenAi: (body: JsonObject) => JsonObject;
  readonly fromOpenAiJson: (body: unknown, requestedModel: string) => unknown;
  /** `reportMalformed`: tells the stream's producer an event was not what the API defines. */
  readonly fromOpenAiStream: (stream: Readable, requestedModel: string, reportMalformed?: (err: Error) => void) => Readable;
  readonly formatError: (err: unknown) => ErrorResponse;
  /** An error as one in-band event of this API's stream (the whole event, blank line included). */
  readonly formatStreamError: (err: unknown) => string;
}

/**
 * How a passthrough route's body is read: `json` (validated as an object, forwarded as sent),
 * `multipart` (multipart/form-data, its `model` field read for routing), `raw` (any body, or none).
 */
export type PassthroughBody = 'json' | 'multipart' | 'raw';

export interface DataPlaneRoute extends RouteDescriptor {
  /** `$id` of the schema the request body must satisfy at ingress (JSON bodies). */
  readonly requestSchemaId?: string;
  readonly dialect?: RouteDialect;
  /** Accepts `x-api-key` as well as a bearer token (Anthropic clients send it). */
  readonly acceptsXApiKey?: boolean;
  /**
   * Forwarded as sent: how the body is read, where it goes (opaque to the kernel: the stage that
   * forwards it decides), and the path parameter, if any, whose segment is cut off the forwarded
   * path (`/proxy/:provider/…` forwards `…`).
   */
  readonly passthrough?: { readonly body: PassthroughBody; readonly target: string; readonly pathParam?: string };
}
