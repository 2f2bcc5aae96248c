import { Counter, Histogram, type Registry } from 'prom-client';

export type ToolCallStatus = 'ok' | 'tool_error' | 'timeout' | 'failed' | 'invalid_arguments';

export interface ToolCallMetrics {
  record(server: string, tool: string, status: ToolCallStatus, seconds: number): void;
}

/** `switchyard_mcp_tool_calls_total{server,tool,status}` and its duration histogram (one pair per app). */
export function createToolCallMetrics(metrics: Registry): ToolCallMetrics {
  const calls = new Counter({
    name: 'switchyard_mcp_tool_calls_total',
    help: 'MCP tool calls the tool loop ran for a model, by server, tool and outcome.',
    labelNames: ['server', 'tool', 'status'] as const,
    registers: [metrics],
  });
  const duration = new Histogram({
    name: 'switchyard_mcp_tool_call_duration_seconds',
    help: 'How long MCP tool calls took, by server and tool.',
    labelNames: ['server', 'tool'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [metrics],
  });
  return {
    record(server, tool, status, seconds) {
      calls.inc({ server, tool, status });
      duration.observe({ server, tool }, seconds);
    },
  };
}
