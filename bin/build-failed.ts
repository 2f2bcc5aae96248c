/** A compiler failed; its own errors are already on stderr, so the CLI adds one line and exits 1. */
export class BuildFailed extends Error {
  override name = 'BuildFailed';
}
