import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Role, TaskState, type AgentCard, type Message } from '@a2a-js/sdk';
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore, type AgentExecutor } from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, UserBuilder } from '@a2a-js/sdk/server/express';

/**
 * An A2A agent built with the A2A SDK on a loopback port: its card served by the SDK's handler at
 * `/.well-known/agent-card.json` (or, `legacyPath`, only at the older `agent.json`), and JSON-RPC
 * (v1.0 and v0.3 method names) at `/a2a/jsonrpc` by the SDK's request handler. The agent answers
 * a message with `echo: <its text>`; on cue (the text's first word) it does more:
 * - `[task] …`: opens a task that waits for input (`tasks/get` finds it, `tasks/cancel` ends it);
 * - `[stream] …`: a task whose progress is published in steps, the last ones only once the test
 *   calls `releaseStream()` (so a test can show the first event reached it before the end existed).
 */
export class A2aTestAgent {
  url = '';
  cardRequests = 0;
  /** Every JSON-RPC body the agent was sent, as it arrived. */
  readonly received: unknown[] = [];
  #server: Server | undefined;
  #release: (() => void) | undefined;
  readonly #contexts = new Map<string, string>();
  readonly #released = new Promise<void>((resolve) => (this.#release = resolve));

  releaseStream(): void {
    this.#release?.();
  }

  constructor(private readonly options: { name: string; legacyPath?: boolean }) {}

  async start(): Promise<this> {
    const app = express();
    const path = this.options.legacyPath === true ? '/.well-known/agent.json' : '/.well-known/agent-card.json';
    app.use(path, (_req, _res, next) => {
      this.cardRequests += 1;
      next();
    });
    app.use(path, agentCardHandler({ agentCardProvider: () => Promise.resolve(this.#card()) }));
    const executor: AgentExecutor = {
      execute: (context, bus) => {
        const text = context.userMessage.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('');
        const { taskId, contextId } = context;
        const status = (state: TaskState, says?: string) => ({ state, message: says === undefined ? undefined : agentMessage(`status-${says}`, says, taskId, contextId), timestamp: new Date().toISOString() });
        if (text.startsWith('[task]')) {
          this.#contexts.set(taskId, contextId);
          bus.publish(AgentEvent.task({ id: taskId, contextId, status: status(TaskState.TASK_STATE_INPUT_REQUIRED, 'need more input'), artifacts: [], history: [context.userMessage], metadata: {} }));
          bus.finished();
          return Promise.resolve();
        }
        if (text.startsWith('[stream]')) {
          bus.publish(AgentEvent.task({ id: taskId, contextId, status: status(TaskState.TASK_STATE_SUBMITTED), artifacts: [], history: [context.userMessage], metadata: {} }));
          bus.publish(AgentEvent.statusUpdate({ taskId, contextId, status: status(TaskState.TASK_STATE_WORKING, 'first step'), metadata: undefined }));
          return this.#released.then(() => {
            bus.publish(AgentEvent.statusUpdate({ taskId, contextId, status: status(TaskState.TASK_STATE_WORKING, 'second step'), metadata: undefined }));
            bus.publish(AgentEvent.statusUpdate({ taskId, contextId, status: status(TaskState.TASK_STATE_COMPLETED, `done: ${text}`), metadata: undefined }));
            bus.finished();
          });
        }
        bus.publish(AgentEvent.message(agentMessage(`reply-${taskId}`, `echo: ${text}`, '', contextId)));
        bus.finished();
        return Promise.resolve();
      },
      // The SDK's handler waits for the cancellation to show on the task's bus.
      cancelTask: (taskId, bus) => {
        const contextId = this.#contexts.get(taskId) ?? '';
        bus.publish(AgentEvent.statusUpdate({ taskId, contextId, status: { state: TaskState.TASK_STATE_CANCELED, message: undefined, timestamp: new Date().toISOString() }, metadata: undefined }));
        bus.finished();
        return Promise.resolve();
      },
    };
    const handler = new DefaultRequestHandler(this.#card(), new InMemoryTaskStore(), executor);
    app.use('/a2a/jsonrpc', express.json(), (req, _res, next) => {
      this.received.push(req.body);
      next();
    }, jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication, legacyCompat: { enabled: true } }));
    await new Promise<void>((resolve) => (this.#server = app.listen(0, '127.0.0.1', () => resolve())));
    this.url = `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  #card(): AgentCard {
    return {
      name: this.options.name,
      description: 'A test agent',
      supportedInterfaces: [{ url: `${this.url}/a2a/jsonrpc`, protocolBinding: 'JSONRPC', tenant: '', protocolVersion: '1.0' }],
      provider: undefined,
      version: '1.0.0',
      capabilities: { streaming: true, pushNotifications: false, extensions: [] },
      securitySchemes: {},
      securityRequirements: [],
      defaultInputModes: ['text/plain'],
      defaultOutputModes: ['text/plain'],
      skills: [{ id: 'echo', name: 'Echo', description: 'Says it back', tags: ['test'], examples: [], inputModes: [], outputModes: [], securityRequirements: [] }],
      signatures: [],
    };
  }
}

function agentMessage(messageId: string, text: string, taskId: string, contextId: string): Message {
  return { messageId, contextId, taskId, role: Role.ROLE_AGENT, parts: [{ content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' }], metadata: undefined, extensions: [], referenceTaskIds: [] };
}
