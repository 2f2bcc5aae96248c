import ipaddr from 'ipaddr.js';
import type { CandidateSink, Recognizer } from '../recognizer.js';
import { forEachMatch } from '../scan-matches.js';
import { createTailPattern, findTailStart } from '../tail-pattern.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\w.:\\-]|\\d[.])(?:${OCTET}\\.){3}${OCTET}(?![\\w\\-]|\\.\\d)`, 'g');
// Colon-separated hex groups (each possibly empty, for `::`), optionally ending in a dotted IPv4;
// ipaddr.js decides validity. A hex group never contains a colon, so there is one way to read it.
const IPV6 = /(?<![\w:.-])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?(?![\w:]|\.\w)/g;
// "version 1.2.3.4", "section 7.2.7.5", "Table 4.1.2.3", "OID 1.3.6.1": four numbers that are not an address.
const VERSION_BEFORE = /(?:\bv|\bversion|\bver|\brelease|\bbuild|\bfirmware|\bsdk|\bsection|\bchapter|\bclause|\brfc|\boid|\btable|\bfigure|\bfig|\bstep|\bitem|\bparagraph|\bpara|\bappendix|\blisting|\bequation|\beq|\bexhibit|\brule|\bart|\barticle|§)[\s.:=#]*$/i;

const IPV4_TAIL = createTailPattern('(?<![\\w.:\\-]|\\d[.])\\d[\\d.]{0,17}', '', 20, /[\d.]/);
const IPV6_TAIL = createTailPattern('(?<![\\w:.\\-])[0-9A-Fa-f:][0-9A-Fa-f:.]{0,55}', '', 60, /[0-9A-Fa-f:.]/);
// What every match contains, without lookbehinds, so V8 can scan for it quickly.
const IPV4_GUARD = /\d\.\d{1,3}\.\d{1,3}\.\d/g;
const IPV6_GUARD = /:[0-9A-Fa-f]{0,4}:/g;

function contains(guard: RegExp, text: string, from: number): boolean {
  guard.lastIndex = from;
  return guard.test(text);
}

function isValidIpv6(text: string): boolean {
  if (!ipaddr.IPv6.isValid(text)) return false;
  // Eight groups or a "::"; and not just "::" or a lone group beside it (C++ scope, emoticons).
  const groups = text.split(':').filter((group) => group.length > 0);
  return groups.length >= 2 || /^::[0-9A-Fa-f]{1,4}$/.test(text);
}

const ENTITY_TYPE = 'IP_ADDRESS';

function scanIpv4(text: string, from: number, sink: CandidateSink): void {
  forEachMatch(IPV4, text, from, (match) => {
    const start = match.index;
    const end = start + match[0].length;
    if (!ipaddr.IPv4.isValidFourPartDecimal(match[0]) || VERSION_BEFORE.test(text.slice(Math.max(0, start - 20), start))) return sink.reject(start, end);
    sink.accept({ entityType: ENTITY_TYPE, anchor: start, start, end, readEnd: end, score: 0.6 });
  });
}

function scanIpv6(text: string, from: number, sink: CandidateSink): void {
  forEachMatch(IPV6, text, from, (match) => {
    const start = match.index;
    const end = start + match[0].length;
    if (!isValidIpv6(match[0])) return sink.reject(start, end);
    sink.accept({ entityType: ENTITY_TYPE, anchor: start, start, end, readEnd: end, score: 0.7 });
  });
}

export function createIpAddressRecognizer(): Recognizer {
  return {
    name: 'ip-address',
    entityType: ENTITY_TYPE,
    contextRequired: false,
    lookbehind: 20,
    lookahead: 2,
    scan(text: string, from: number, sink: CandidateSink): void {
      if (contains(IPV4_GUARD, text, from)) scanIpv4(text, from, sink);
      if (contains(IPV6_GUARD, text, from)) scanIpv6(text, from, sink);
    },
    pendingStart(text: string, from: number, accept: (anchor: number) => boolean): number {
      const v4 = findTailStart(IPV4_TAIL, text, from, accept);
      const v6 = findTailStart(IPV6_TAIL, text, from, accept);
      return v4 < 0 ? v6 : v6 < 0 ? v4 : Math.min(v4, v6);
    },
  };
}
