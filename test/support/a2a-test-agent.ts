import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Role, type AgentCard } from '@a2a-js/sdk';
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore, type AgentExecutor } from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, UserBuilder } from '@a2a-js/sdk/server/express';

/**
 * An A2A agent built with the A2A SDK on a loopback port: its card served by the SDK's handler at
 * `/.well-known/agent-card.json` (or, `legacyPath`, only at the older `agent.json`), and JSON-RPC
 * (v1.0 and v0.3 method names) at `/a2a/jsonrpc` by the SDK's request handler. The agent answers
 * every message with `echo: <its text>`.
 */
export class A2aTestAgent {
  url = '';
  cardRequests = 0;
  #server: Server | undefined;

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
        bus.publish(
          AgentEvent.message({ messageId: `reply-${context.taskId}`, contextId: context.contextId, taskId: '', role: Role.ROLE_AGENT, parts: [{ content: { $case: 'text', value: `echo: ${text}` }, metadata: undefined, filename: '', mediaType: 'text/plain' }], metadata: undefined, extensions: [], referenceTaskIds: [] }),
        );
        bus.finished();
        return Promise.resolve();
      },
      cancelTask: () => Promise.resolve(),
    };
    const handler = new DefaultRequestHandler(this.#card(), new InMemoryTaskStore(), executor);
    app.use('/a2a/jsonrpc', express.json(), jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication, legacyCompat: { enabled: true } }));
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
