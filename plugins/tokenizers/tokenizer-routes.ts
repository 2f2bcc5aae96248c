import type { Logger } from 'pino';
import type { PluginResponse, PluginRoute } from '../../core/plugin-contract.js';
import { answerGet, answerList, answerRegister, answerRemove, answerStatus, type AdminAnswer } from './admin-answers.js';
import { answerDetokenize, answerTokenize } from './answer-tokenize.js';
import type { SavedTokenizers } from './saved-tokenizers.js';
import type { TokenizerRegistry } from './tokenizer-registry.js';
import { TokenizerRequestError } from './tokenizer-request-error.js';
import type { TokenizerSpec } from './tokenizers-config.js';

export const REGISTER_SCHEMA_ID = 'https://switchyard.dev/schemas/admin/tokenizer-register.schema.json';
export const TOKENIZE_SCHEMA_ID = 'https://switchyard.dev/schemas/requests/tokenize.schema.json';
export const DETOKENIZE_SCHEMA_ID = 'https://switchyard.dev/schemas/requests/detokenize.schema.json';

/**
 * SMG's tokenizer API. Thin on purpose: bodies arrive validated against their schemas (every error
 * reported), each route calls one `answer*` function of the library and sends what it says. The
 * registry is the control plane's; tokenize/detokenize are data plane (protected).
 */
export function tokenizerRoutes(registry: TokenizerRegistry, saved: SavedTokenizers, logger: Logger, isRegistration: (body: unknown) => body is TokenizerSpec): PluginRoute[] {
  return [
    {
      method: 'POST',
      path: '/v1/tokenizers',
      group: 'control',
      bodySchemaId: REGISTER_SCHEMA_ID,
      async handle(request) {
        const answer = answerRegister(registry, request.body);
        // 202 means registered under that name: loading goes on in the background.
        const id = answer.status === 202 && isRegistration(request.body) ? registry.status(request.body.name)?.id : undefined;
        if (id !== undefined) await persist(() => saved.added(id), logger, id);
        return send(answer);
      },
    },
    { method: 'GET', path: '/v1/tokenizers', group: 'control', handle: () => send(answerList(registry)) },
    { method: 'GET', path: '/v1/tokenizers/:tokenizer_id', group: 'control', handle: (request) => send(answerGet(registry, idParam(request.params))) },
    {
      method: 'GET',
      path: '/v1/tokenizers/:tokenizer_id/status',
      group: 'control',
      handle: (request) => send(answerStatus(registry, idParam(request.params))),
    },
    {
      method: 'DELETE',
      path: '/v1/tokenizers/:tokenizer_id',
      group: 'control',
      async handle(request) {
        const id = registry.status(idParam(request.params))?.id;
        const answer = answerRemove(registry, idParam(request.params));
        if (answer.status === 200 && id !== undefined) await persist(() => saved.removed(id), logger, id);
        return send(answer);
      },
    },
    {
      method: 'POST',
      path: '/v1/tokenize',
      group: 'protected',
      bodySchemaId: TOKENIZE_SCHEMA_ID,
      handle: (request) => dataPlane(() => answerTokenize(registry, request.body)),
    },
    {
      method: 'POST',
      path: '/v1/detokenize',
      group: 'protected',
      bodySchemaId: DETOKENIZE_SCHEMA_ID,
      handle: (request) => dataPlane(() => answerDetokenize(registry, request.body)),
    },
  ];
}

function idParam(params: Readonly<Record<string, string>>): string {
  return params['tokenizer_id'] ?? '';
}

function send(answer: AdminAnswer): PluginResponse {
  return { status: answer.status, body: answer.body };
}

async function dataPlane(answer: () => Promise<object>): Promise<PluginResponse> {
  try {
    return { body: await answer() };
  } catch (err) {
    if (err instanceof TokenizerRequestError) return { status: err.status, body: err.toBody() };
    throw err;
  }
}

/** The change is live either way; a failed write only means it will not survive a restart. */
async function persist(write: () => Promise<void>, logger: Logger, id: string): Promise<void> {
  try {
    await write();
  } catch (err) {
    logger.error({ tokenizer: id, err: err instanceof Error ? err.message : String(err) }, 'tokenizer registration not saved to the state directory; it will be lost on restart');
  }
}
