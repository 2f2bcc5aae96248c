/**
 * The node flags the gateway is run with: `npm start`, the Dockerfile's entrypoint and the bench
 * (which gives its baselines the same, so ratios compare code, not runtime settings);
 * test/unit/bin/node-flags.test.ts keeps them in step.
 *
 * A young generation of fixed size. Left to itself V8 shrinks the young generation after a major
 * GC and grows it again under load; every regrowth faults its pages back in. On a VM where a page
 * fault is costly (this project's test machines: see README "Performance today") that churn took
 * up to half of a secured request's CPU time, and more the more a route allocates. 16 MB is
 * the size V8 grows to under load anyway, so what is fixed is the peak, not a larger heap.
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--min-semi-space-size=16', '--max-semi-space-size=16'];
