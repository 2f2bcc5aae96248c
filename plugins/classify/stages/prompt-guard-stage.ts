import type { Exchange } from '../../../core/pipeline/exchange.js';
import type { Next, Stage } from '../../../core/pipeline/stage-contract.js';
import type { ClassifyMetrics } from '../classify-metrics.js';
import type { PromptGuardConfig } from '../config/prompt-guard-config.generated.js';
import type { PromptClassifier } from '../model/classify-result.js';
import { truncateText } from '../model/hash-text-features.js';
import { CLASSIFICATION, SECURITY_CHECK, type Classification } from './classification-state.js';
import { classifyExchange } from './classify-stage.js';
import { BUILTIN_JAILBREAK_PHRASES } from './builtin-jailbreak-phrases.js';
import { createPhraseRules } from './phrase-rules.js';
import { promptTextOf } from './prompt-text.js';

/** The character budget for text the guard classifies itself (classify's default). */
const GUARD_MAX_CHARS = 16_384;

/** What the guard found: the verdict, and why (for the error message and the header). */
interface GuardVerdict {
  readonly jailbreak: boolean;
  readonly byModel: boolean;
  readonly probability: number | null;
  readonly rule: string | undefined;
}

/**
 * Refuses jailbreaks and prompt injections before they reach a model (403, type
 * `security_violation`, code `jailbreak_detected`), or with `action: flag` lets them through
 * marked. The verdict is the classifier's jailbreak head (reusing classify's run when it saw the
 * same text) or a configured phrase; `x-security-checks` says what was checked and found.
 */
export function createPromptGuardStage(config: PromptGuardConfig, classifier: PromptClassifier, metrics: ClassifyMetrics): Stage {
  const rules = createPhraseRules(config.builtin_rules ? [...BUILTIN_JAILBREAK_PHRASES, ...config.rules] : config.rules);
  return {
    async handle(x: Exchange, next: Next): Promise<void> {
      const earlier = x.state.get(CLASSIFICATION);
      const classification: Classification = earlier !== undefined && earlier.input === config.input
        ? earlier
        : await classifyExchange(x, config.input, GUARD_MAX_CHARS, classifier, metrics);
      const verdict = judge(classification, config.threshold, rules.match(truncateText(promptTextOf(x.request.body, config.input), GUARD_MAX_CHARS)));
      x.state.set(SECURITY_CHECK, { jailbreakDetected: verdict.jailbreak });
      if (verdict.jailbreak) {
        metrics.jailbreakAttempts.inc({ action: config.action });
        if (config.action === 'block') {
          x.respond(403, refusal(verdict), { 'x-security-checks': 'jailbreak:blocked' });
          return;
        }
      }
      await next();
      const response = x.response;
      if (response !== undefined) response.headers['x-security-checks'] = verdict.jailbreak ? 'jailbreak:flagged' : 'jailbreak:passed';
    },
  };
}

function judge(classification: Classification, threshold: number | undefined, rule: string | undefined): GuardVerdict {
  const head = classification.result?.jailbreak ?? null;
  const byModel = head !== null && (threshold === undefined ? head.flagged : head.probability >= threshold);
  return { jailbreak: byModel || rule !== undefined, byModel, probability: head?.probability ?? null, rule };
}

/** OpenAI's error shape, with vLLM Semantic Router's type and code; it names no part of the prompt. */
function refusal(verdict: GuardVerdict): unknown {
  const why = verdict.byModel
    ? `the prompt guard rates it a jailbreak or prompt injection (probability ${(verdict.probability ?? 0).toFixed(2)})`
    : 'it matches a phrase on the gateway\'s prompt-guard rule list';
  return {
    error: {
      message: `The request was refused: ${why}. Rephrase the request without instructions aimed at the model's rules; if this is a false positive, the gateway's operator can raise prompt-guard's threshold or set action: flag.`,
      type: 'security_violation',
      code: 'jailbreak_detected',
      param: null,
    },
  };
}
