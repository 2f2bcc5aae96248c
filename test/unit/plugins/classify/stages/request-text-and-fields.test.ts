import { expect } from 'chai';
import { createPhraseRules } from '../../../../../plugins/classify/stages/phrase-rules.js';
import { promptTextOf } from '../../../../../plugins/classify/stages/prompt-text.js';
import { BUILTIN_FAMILIES, clientSetReasoning, writeReasoning } from '../../../../../plugins/classify/stages/write-reasoning.js';

describe('promptTextOf', () => {
  const chat = {
    messages: [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: [{ type: 'text', text: 'second' }, { type: 'image_url', image_url: { url: 'x' } }, { type: 'text', text: 'part' }] },
      'not a message',
    ],
  };
  it('takes the last user message, every user message, or the conversation', () => {
    expect(promptTextOf(chat, 'last_user_message')).to.equal('second\npart');
    expect(promptTextOf(chat, 'user_messages')).to.equal('first\nsecond\npart');
    expect(promptTextOf(chat, 'conversation')).to.equal('be brief\nfirst\nok\nsecond\npart');
  });
  it('reads a completions prompt, and gives nothing for anything else', () => {
    expect(promptTextOf({ prompt: 'p' }, 'last_user_message')).to.equal('p');
    expect(promptTextOf({ prompt: ['a', 3, 'b'] }, 'last_user_message')).to.equal('b');
    expect(promptTextOf({ prompt: ['a', 'b'] }, 'conversation')).to.equal('a\nb');
    expect(promptTextOf({ input: 'embed me' }, 'conversation')).to.equal('');
    expect(promptTextOf({ messages: [{ role: 'system', content: 's' }] }, 'last_user_message')).to.equal('');
  });
});

describe('createPhraseRules', () => {
  it('matches case-insensitively with whitespace folded, and names the rule as configured', () => {
    const rules = createPhraseRules(['Developer Mode  enabled', '   ']);
    expect(rules.match('ok so\tDEVELOPER\nmode ENABLED now')).to.equal('Developer Mode  enabled');
    expect(rules.match('developer mode is enabled')).to.equal(undefined);
    expect(createPhraseRules([]).match('anything')).to.equal(undefined);
  });
});

describe('writeReasoning', () => {
  const on = { enabled: true, effort: 'medium', budgetTokens: 4096 } as const;
  const off = { enabled: false, effort: 'medium', budgetTokens: 4096 } as const;
  it('writes each built-in family\'s own field, keeping what else is there', () => {
    expect(writeReasoning({ chat_template_kwargs: { a: 1 } }, BUILTIN_FAMILIES['qwen3']!, on)).to.deep.equal({ chat_template_kwargs: { a: 1, enable_thinking: true } });
    expect(writeReasoning({}, BUILTIN_FAMILIES['deepseek']!, off)).to.deep.equal({ chat_template_kwargs: { thinking: false } });
    expect(writeReasoning({ model: 'm' }, BUILTIN_FAMILIES['gpt-oss']!, on)).to.deep.equal({ model: 'm', reasoning_effort: 'medium' });
    expect(writeReasoning({ model: 'm', reasoning_effort: 'high' }, BUILTIN_FAMILIES['gpt']!, off)).to.deep.equal({ model: 'm' });
    expect(writeReasoning({}, BUILTIN_FAMILIES['anthropic']!, on)).to.deep.equal({ thinking: { type: 'enabled', budget_tokens: 4096 } });
    expect(writeReasoning({}, BUILTIN_FAMILIES['anthropic']!, off)).to.deep.equal({ thinking: { type: 'disabled' } });
  });
  it('sees when the client set the field itself', () => {
    expect(clientSetReasoning({ chat_template_kwargs: { enable_thinking: false } }, BUILTIN_FAMILIES['qwen3']!)).to.equal(true);
    expect(clientSetReasoning({ chat_template_kwargs: { other: 1 } }, BUILTIN_FAMILIES['qwen3']!)).to.equal(false);
    expect(clientSetReasoning({ reasoning_effort: 'low' }, BUILTIN_FAMILIES['gpt-oss']!)).to.equal(true);
  });
});
