import { defineSection, type Plugin } from '../../core/plugin-contract.js';
import { LateBoundTokenCounter, type PromptTokenCounter } from './prompt-token-counter.js';
import { SavedTokenizers, type SavedTokenizer } from './saved-tokenizers.js';
import { createTokenizerRegistry } from './tokenizer-registry.js';
import { REGISTER_SCHEMA_ID, tokenizerRoutes } from './tokenizer-routes.js';
import type { TokenizersSection } from './tokenizers-section.generated.js';
import { TOKENIZERS_CONFIG_SCHEMA_ID, type TokenizerSpec, type TokenizersConfig } from './tokenizers-config.js';

const TOKENIZERS = defineSection<TokenizersSection>('tokenizers', TOKENIZERS_CONFIG_SCHEMA_ID);
const SAVED_SCHEMA_ID = 'https://switchyard.dev/schemas/state/tokenizer-registration.schema.json';

/**
 * The `tokenizers` plugin: the tokenizer registry (config's `preload` and `models`, registrations
 * through the API, kept in the state directory) and SMG's routes over it. Loading is asynchronous
 * and one at a time; nothing is downloaded. The `tokenizers` section applies at start: a reload
 * keeps the registry as it is (registrations made through the API must not vanish with it) and
 * answers that `tokenizers` needs a restart when the section changed.
 */
export function createTokenizersPlugin(): Plugin & { readonly tokenCounter: PromptTokenCounter } {
  const tokenCounter = new LateBoundTokenCounter();
  return {
    name: 'tokenizers',
    /** Given to plugins that estimate tokens (limits); counts with this app's registry once set up. */
    tokenCounter,
    configSections: { [TOKENIZERS.key]: TOKENIZERS.schemaId },
    async setup(context) {
      const section = context.section(TOKENIZERS);
      const registry = createTokenizerRegistry(registryConfig(section), {
        onLoadFailure: (record, err) =>
          // The record's reason is for the admin; the raw error (which may name a path) only goes to the log.
          context.logger.warn({ tokenizer: record.name, id: record.id, err: err instanceof Error ? err.message : String(err) }, 'tokenizer failed to load'),
      });
      tokenCounter.bind(registry);
      const saved = new SavedTokenizers(context.checkOnly ? undefined : context.state, registry, context.logger, context.validators.guard<SavedTokenizer>(SAVED_SCHEMA_ID));
      await saved.restore();
      const settings = JSON.stringify(section);
      return {
        routes: tokenizerRoutes(registry, saved, context.logger, context.validators.guard<TokenizerSpec>(REGISTER_SCHEMA_ID)),
        // The registry keeps serving as it is; a changed section is named in the reload's answer.
        reconfigure: (next) => ({ commit: () => undefined, restartRequired: JSON.stringify(next.section(TOKENIZERS)) === settings ? [] : ['tokenizers'] }),
      };
    },
  };
}

/** The validated section as the registry takes it (`models` values are always strings after validation). */
function registryConfig(section: TokenizersSection): TokenizersConfig {
  const models: Record<string, string> = {};
  for (const [model, tokenizer] of Object.entries(section.models)) if (tokenizer !== undefined) models[model] = tokenizer;
  return { ...section, models };
}
