import { describe, expect, it } from 'vitest';
import { parseClamdReply } from './parse-clamd-reply.js';

describe('parseClamdReply', () => {
  it('reads OK as clean', () => {
    expect(parseClamdReply('stream: OK\0').kind).toBe('clean');
  });

  it('reads FOUND as infected with the signature name as the rule', () => {
    expect(parseClamdReply('stream: Win.Test.EICAR_HDB-1 FOUND\0')).toEqual({
      kind: 'infected',
      rule: 'Win.Test.EICAR_HDB-1',
      detail: 'ClamAV found Win.Test.EICAR_HDB-1.',
    });
  });

  it('reads the stream size limit as rejected, never clean', () => {
    expect(parseClamdReply('INSTREAM size limit exceeded. ERROR\0')).toMatchObject({
      kind: 'rejected',
      rule: 'clamd-size-limit',
    });
  });

  it('reads a limits heuristic as rejected, not as malware', () => {
    expect(parseClamdReply('stream: Heuristics.Limits.Exceeded.MaxFileSize FOUND\0')).toMatchObject({
      kind: 'rejected',
      rule: 'clamd-limits-exceeded',
    });
  });

  it.each(['', "Can't allocate memory ERROR", 'garbage'])('reads %j as an error', (reply) => {
    expect(parseClamdReply(reply).kind).toBe('error');
  });
});
