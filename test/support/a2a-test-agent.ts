import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { AgentCard } from '@a2a-js/sdk';
import { agentCardHandler } from '@a2a-js/sdk/server/express';

/**
 * An A2A agent on a loopback port whose card is served by the A2A SDK's own handler, at
 * `/.well-known/agent-card.json` or (`legacyPath`) only at the older `/.well-known/agent.json`.
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
