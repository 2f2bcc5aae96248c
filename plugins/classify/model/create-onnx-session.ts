import { readFile } from 'node:fs/promises';
import type * as OnnxRuntimeModule from 'onnxruntime-node';
import type { InferenceSession } from 'onnxruntime-node';

export type OnnxRuntime = typeof OnnxRuntimeModule;

let runtime: Promise<OnnxRuntime> | undefined;

/** onnxruntime-node is imported on first use: a gateway without a classify stage never loads it. */
export function importOnnxRuntime(): Promise<OnnxRuntime> {
  runtime ??= import('onnxruntime-node');
  return runtime;
}

/**
 * One intra-op and one inter-op thread, sequential execution: the model is tiny and the gateway's
 * event loop, not onnxruntime's thread pool, should own the cores. The file is copied into its own
 * Uint8Array because a pooled Buffer's .buffer is larger than the file and onnxruntime rejects it.
 */
export async function createOnnxSession(modelPath: string): Promise<{ ort: OnnxRuntime; session: InferenceSession }> {
  const ort = await importOnnxRuntime();
  const bytes = new Uint8Array(await readFile(modelPath));
  try {
    const session = await ort.InferenceSession.create(bytes, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Failures reach the caller as exceptions naming the model; onnxruntime's own stderr logger
      // would print them a second time, outside the gateway's logger.
      logSeverityLevel: 4,
    });
    return { ort, session };
  } catch (error) {
    throw new Error(`${modelPath}: onnxruntime cannot load it: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
