import { createStateKey } from '../../core/pipeline/exchange-state.js';
import type { Exchange, UpstreamOperation } from '../../core/pipeline/exchange.js';
import type { Next, Stage, StageContext } from '../../core/pipeline/stage-contract.js';
import type { RedactionPlan } from './build-redaction-plan.js';
import { EntityTally, type EntityCounts } from './entity-tally.js';
import { piiDetectedError } from './pii-detected-error.js';
import type { RestoreInto } from './placeholder-restorer.js';
import { countDetections, type PiiDetectionsCounter } from './pii-detections-metric.js';
import { addPiiReportHeaders } from './pii-report-headers.js';
import { redactPassthroughRequest } from './redact-passthrough-request.js';
import { redactRequestBody } from './redact-request-body.js';
import { redactResponsesAnswer } from './redact-responses-answer.js';
import { redactResponsesStream } from './redact-responses-stream.js';
import { createResponseRedaction } from './response-redaction.js';
import { tenantOf } from './tenant-grant.js';

/** What one request's redaction found, both ways: counts only, for the end-of-request log line. */
interface PiiRequestReport {
  readonly request: EntityTally;
  readonly response: EntityTally;
}

const ANSWERS_WITH_TEXT: ReadonlySet<UpstreamOperation> = new Set(['chat.completions', 'completions']);

const RESPONSES_PATH = '/v1/responses';

const REPORT = createStateKey<PiiRequestReport>('pii-redaction.report');

/**
 * The `pii-redaction` stage. Going up: every text the request sends the model is redacted (one
 * placeholder vault per request in reversible mode; the model never sees the values), and a
 * `block` entity refuses the request before anything leaves. Coming down: the answer, stream or
 * not, is redacted and (restore mode) its placeholders put back, through a response transform.
 * Counts go to response headers, the detections metric and one log line; values go nowhere.
 */
export function createPiiRedactionStage(plan: RedactionPlan, detections: PiiDetectionsCounter, context: StageContext): Stage {
  return {
    async handle(x: Exchange, next: Next): Promise<void> {
      const report: PiiRequestReport = { request: new EntityTally(), response: new EntityTally() };
      x.state.set(REPORT, report);
      const vault = plan.createVault();
      const hashKey = plan.hashKeyFor(tenantOf(x.principal));
      const rewrite = (text: string): string => {
        const result = plan.redactText(text, 'request', vault, hashKey);
        report.request.addCounts(result);
        return result.text;
      };
      const body = redactRequestBody(x.route.operation, x.request.body, rewrite);
      const raw = x.request.raw === undefined ? undefined : redactPassthroughRequest(x.route.path, x.request.raw, rewrite);
      const found = report.request.snapshot();
      countDetections(detections, 'request', found);
      if (found.blocked.length > 0) throw piiDetectedError('request', found);
      x.request.body = body;
      if (raw !== undefined) x.request.raw = raw;

      await next();
      if (x.response === undefined) return;
      addPiiReportHeaders(x.response.headers, found);
      // What the kernel's transforms do not reach in a whole JSON answer is rewritten here: a
      // Responses API answer (passthrough, parsed by the upstream stage). A chat answer's
      // tool_calls and legacy function_call go through the transforms, stream or not.
      if (x.response.kind === 'json' && x.route.path === RESPONSES_PATH) {
        const answer = new EntityTally();
        const rewriteAnswer =
          (into: RestoreInto) =>
          (text: string): string => {
            const result = plan.processResponseText(text, vault, hashKey, into);
            answer.addCounts(result);
            return result.text;
          };
        const body = x.response.body;
        const redacted = redactResponsesAnswer(body, rewriteAnswer('text'), rewriteAnswer('json'));
        const counts = answer.snapshot();
        report.response.addCounts(counts);
        countDetections(detections, 'response', counts);
        if (counts.blocked.length > 0) throw piiDetectedError('response', counts);
        x.response.body = redacted;
      }
      const reportAnswer = (counts: EntityCounts): void => {
        report.response.addCounts(counts);
        countDetections(detections, 'response', counts);
      };
      if (x.response.kind === 'stream' && x.route.path === RESPONSES_PATH && (x.response.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        // A streamed Responses API answer is not OpenAI chat chunks: the stage reads its events itself.
        x.response.body = redactResponsesStream(x.response.body, {
          createStream: (into) => plan.createResponseStream(vault, hashKey, into),
          rewriteWhole: (text, into) => plan.processResponseText(text, vault, hashKey, into).text,
          report: reportAnswer,
          onStopped: () => (x.streamError ??= 'policy'),
        });
        return;
      }
      // Only chat and text completions answer with text the transforms see; another passthrough
      // body is the provider's own format, and embeddings carry none.
      if (!ANSWERS_WITH_TEXT.has(x.route.operation)) return;
      x.transformResponse(createResponseRedaction(plan, vault, reportAnswer, hashKey));
    },

    onResponseEnd(x: Exchange): void {
      const report = x.state.get(REPORT);
      if (report === undefined) return;
      const request = report.request.snapshot().entities;
      const response = report.response.snapshot().entities;
      if (Object.keys(request).length === 0 && Object.keys(response).length === 0) return;
      context.logger.info({ request_id: x.requestId, route: context.route.path, pii: { request, response } }, 'pii redacted');
    },
  };
}
