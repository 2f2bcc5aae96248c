/** Releases are called from several cleanup paths; each must count once. */
export function releaseOnce(release: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      release();
    }
  };
}
