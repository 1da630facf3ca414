import { describe, expect, it } from 'vitest';
import { readGuardDutyScan } from './guardduty-result.js';

const event = (scanStatus: string, scanResultDetails: object) => ({
  source: 'aws.guardduty',
  'detail-type': 'GuardDuty Malware Protection Object Scan Result',
  detail: {
    schemaVersion: '1.0',
    scanStatus,
    resourceType: 'S3_OBJECT',
    s3ObjectDetails: { bucketName: 'b', objectKey: 'quarantine/f_1', eTag: '"abc"', versionId: 'v1' },
    scanResultDetails,
  },
});

describe('reading a GuardDuty Malware Protection result', () => {
  it('is clean only for COMPLETED with NO_THREATS_FOUND', () => {
    const scan = readGuardDutyScan(
      event('COMPLETED', { scanResultStatus: 'NO_THREATS_FOUND', threats: null }),
    );
    expect(scan).toMatchObject({ bucket: 'b', key: 'quarantine/f_1', eTag: '"abc"' });
    expect(scan?.result).toMatchObject({ engine: 'guardduty', kind: 'clean', findings: [] });
  });

  it('is infected for THREATS_FOUND, naming each threat', () => {
    const scan = readGuardDutyScan(
      event('COMPLETED', {
        scanResultStatus: 'THREATS_FOUND',
        threats: [{ name: 'EICAR-Test-File (not a virus)' }],
      }),
    );
    expect(scan?.result.kind).toBe('infected');
    expect(scan?.result.findings[0]?.detail).toBe('GuardDuty found malware: EICAR-Test-File (not a virus).');
  });

  it.each([
    ['SKIPPED', 'UNSUPPORTED', /skipped the object/],
    ['SKIPPED', 'ACCESS_DENIED', /result ACCESS_DENIED/],
    ['FAILED', 'FAILED', /could not scan/],
    ['SOMETHING_NEW', 'NO_THREATS_FOUND', /scan status SOMETHING_NEW/],
  ])('fails closed for %s / %s, saying why in plain words', (status, result, reason) => {
    const scan = readGuardDutyScan(event(status, { scanResultStatus: result }));
    expect(scan?.result.kind).toBe('error');
    expect(scan?.result.findings[0]?.detail).toMatch(reason);
    expect(scan?.result.findings[0]?.detail).toMatch(/stays blocked/);
  });

  it('is not a scan result for other events or one without an object', () => {
    expect(readGuardDutyScan({ 'detail-type': 'Object Created', detail: {} })).toBeNull();
    expect(readGuardDutyScan({ ...event('COMPLETED', {}), detail: { scanStatus: 'COMPLETED' } })).toBeNull();
    expect(readGuardDutyScan('nope')).toBeNull();
  });
});
