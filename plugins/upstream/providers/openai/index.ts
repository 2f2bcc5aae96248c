export { createOpenAiProvider } from './openai-provider.js';
