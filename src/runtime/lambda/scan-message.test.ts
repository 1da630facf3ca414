import { describe, expect, it } from 'vitest';
import { readScanMessage } from './scan-message.js';

describe('reading a scan queue message', () => {
  it('takes ObjectCreated records of an S3 notification, URL-decoding the key', () => {
    const body = JSON.stringify({
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'b' }, object: { key: 'quarantine/f+1%C3%A9' } },
        },
        {
          eventName: 'ObjectRemoved:Delete',
          s3: { bucket: { name: 'b' }, object: { key: 'quarantine/f_2' } },
        },
      ],
    });
    expect(readScanMessage(body)).toEqual([{ bucket: 'b', key: 'quarantine/f 1é' }]);
  });

  it('gives nothing for S3’s test event and refuses what it cannot read', () => {
    expect(readScanMessage(JSON.stringify({ Event: 's3:TestEvent' }))).toEqual([]);
    expect(() => readScanMessage('not json')).toThrow(/not JSON/);
    expect(() => readScanMessage('{"hello":1}')).toThrow(/neither an S3 event notification nor a GuardDuty/);
  });

  it('carries GuardDuty’s result with the object it names', () => {
    const body = JSON.stringify({
      'detail-type': 'GuardDuty Malware Protection Object Scan Result',
      detail: {
        scanStatus: 'COMPLETED',
        s3ObjectDetails: { bucketName: 'b', objectKey: 'quarantine/f_3', eTag: 'e' },
        scanResultDetails: { scanResultStatus: 'NO_THREATS_FOUND' },
      },
    });
    const [target] = readScanMessage(body);
    expect(target?.key).toBe('quarantine/f_3');
    expect(target?.guardDuty?.result.kind).toBe('clean');
  });
});
