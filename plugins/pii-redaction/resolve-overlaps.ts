export interface Finding {
  readonly entityType: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
}

/** Higher score first, then the longer span, then the earlier start, then the type name: a total order. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    b.score - a.score ||
    b.end - b.start - (a.end - a.start) ||
    a.start - b.start ||
    (a.entityType < b.entityType ? -1 : a.entityType > b.entityType ? 1 : 0)
  );
}

function overlaps(a: Finding, b: Finding): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Keeps a set of non-overlapping findings, preferring (in order) higher score and longer span, and
 * returns them in text order. Findings are first split into clusters of transitively overlapping
 * spans; choosing greedily within each cluster is the same as choosing greedily over all of them.
 */
export function resolveOverlaps<T extends Finding>(findings: readonly T[]): T[] {
  const byStart = [...findings].filter((finding) => finding.end > finding.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: T[] = [];
  let cluster: T[] = [];
  let clusterEnd = -1;
  const closeCluster = (): void => {
    if (cluster.length === 1) kept.push(...cluster);
    else if (cluster.length > 1) {
      const chosen: T[] = [];
      for (const finding of cluster.sort(compareFindings)) if (!chosen.some((other) => overlaps(other, finding))) chosen.push(finding);
      kept.push(...chosen.sort((a, b) => a.start - b.start));
    }
    cluster = [];
  };
  for (const finding of byStart) {
    if (finding.start >= clusterEnd) closeCluster();
    cluster.push(finding);
    clusterEnd = Math.max(clusterEnd, finding.end);
  }
  closeCluster();
  return kept;
}
