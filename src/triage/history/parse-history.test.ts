import { readFileSync } from 'node:fs';
import type { GetExecutionHistoryCommandOutput } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { SekishoError } from '../../shared/errors.js';
import { parseHistory } from './parse-history.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/triage/${name}.json`, import.meta.url), 'utf8');

function problemOf(input: unknown): { code: string; message: string } {
  try {
    parseHistory(input);
  } catch (error) {
    if (error instanceof SekishoError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('parseHistory accepted the input');
}

describe('parseHistory', () => {
  it('reads the CLI output with ISO timestamps into events ascending by id with epoch-ms times', () => {
    const history = parseHistory(fixture('exit-2'));
    expect(history.events.map((e) => e.id)).toEqual(history.events.map((_, i) => i + 1));
    expect(history.events[0]).toMatchObject({
      type: 'ExecutionStarted',
      previousEventId: 0,
      timestamp: Date.parse('2026-03-02T03:00:00.050Z'),
    });
    const failed = history.events.find((e) => e.type === 'TaskFailed');
    expect(failed).toMatchObject({
      resourceType: 'ecs',
      resource: 'runTask.sync',
      error: 'States.TaskFailed',
    });
    expect(history.complete).toBe(true);
  });

  it('gives the same events for reverse order, epoch seconds, epoch milliseconds and SDK pages', () => {
    const base = parseHistory(fixture('exit-1-sidecar-sigterm')).events;
    for (const name of [
      'variant-reverse-order',
      'variant-epoch-seconds',
      'variant-epoch-ms',
      'variant-sdk-pages',
    ])
      expect(parseHistory(fixture(name)).events).toEqual(base);
  });

  it('accepts SDK pages with Date timestamps, a single page object and a bare array of events', () => {
    const events = [
      { id: 2, previousEventId: 1, type: 'ExecutionSucceeded', timestamp: new Date('2026-03-02T03:00:01Z') },
      { id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: new Date('2026-03-02T03:00:00Z') },
    ];
    expect(parseHistory({ events, nextToken: undefined }).events.map((e) => e.timestamp)).toEqual([
      Date.parse('2026-03-02T03:00:00Z'),
      Date.parse('2026-03-02T03:00:01Z'),
    ]);
    expect(parseHistory(events).events).toHaveLength(2);
  });

  it('takes GetExecutionHistory outputs of the SFN SDK as they are (Date timestamps, $metadata, undefined fields)', () => {
    const page = (
      events: GetExecutionHistoryCommandOutput['events'],
      nextToken?: string,
    ): GetExecutionHistoryCommandOutput => ({
      $metadata: { httpStatusCode: 200, requestId: 'r-1', attempts: 1, totalRetryDelay: 0 },
      events,
      nextToken,
    });
    const pages = [
      page(
        [
          {
            id: 1,
            previousEventId: 0,
            type: 'ExecutionStarted',
            timestamp: new Date('2026-03-02T03:00:00Z'),
          },
        ],
        't1',
      ),
      page([
        {
          id: 2,
          previousEventId: 1,
          type: 'ExecutionFailed',
          timestamp: new Date('2026-03-02T03:00:05Z'),
          executionFailedEventDetails: { error: 'States.Runtime', cause: undefined },
        },
      ]),
    ];
    const history = parseHistory(pages);
    expect(history.complete).toBe(true);
    expect(history.events.map((e) => [e.id, e.type, e.error])).toEqual([
      [1, 'ExecutionStarted', null],
      [2, 'ExecutionFailed', 'States.Runtime'],
    ]);
  });

  it('marks a history whose last page still has a nextToken as incomplete', () => {
    const page = { events: [{ id: 1, type: 'ExecutionStarted', timestamp: 1772420400 }], nextToken: 'more' };
    expect(parseHistory(page).complete).toBe(false);
  });

  it('keeps unknown but well-formed event types and lists them', () => {
    const history = parseHistory({
      events: [
        { id: 1, type: 'ExecutionStarted', timestamp: 0 },
        { id: 2, previousEventId: 1, type: 'SomethingNewHappened', timestamp: 1 },
      ],
    });
    expect(history.unknownEventTypes).toEqual(['SomethingNewHappened']);
  });

  it('rejects input that is not JSON, saying it may have been cut short', () => {
    const text = fixture('exit-2');
    const problem = problemOf(text.slice(0, text.length / 2));
    expect(problem.code).toBe('HISTORY_INVALID');
    expect(problem.message).toMatch(/not valid JSON .*cut short/);
  });

  it('rejects empty input and an empty event list', () => {
    expect(problemOf('  ').message).toContain('the input is empty');
    expect(problemOf({ events: [] }).message).toContain('events is empty');
  });

  it('rejects a value that is not shaped like a history and says what was expected', () => {
    expect(problemOf(42).message).toContain('the history is number, not an object');
    expect(problemOf({ executionArn: 'x' }).message).toContain('events is missing');
    expect(problemOf('{"events": 3}').message).toContain('events must be an array of history events');
  });

  it('lists every problem of every event at once', () => {
    const { message } = problemOf({
      events: [
        { id: 1, type: 'ExecutionStarted', timestamp: '2026-03-02T03:00:00Z' },
        { id: 2, timestamp: '2026-03-02T03:00:01Z' },
        { id: 'three', type: 'not a type', timestamp: 'yesterday' },
        { id: 4, type: 'TaskFailed', timestamp: 5, taskFailedEventDetails: { error: 42 } },
        { id: 1, type: 'TaskScheduled', timestamp: 6 },
      ],
    });
    expect(message).toContain('events[1].type is missing');
    expect(message).toContain('events[2].id must be a positive integer');
    expect(message).toContain('events[2].type is not a Step Functions event type');
    expect(message).toContain('events[3].taskFailedEventDetails.error must be a string');
    expect(message).toContain('events[4].id 1 appears twice (also at events[0])');
  });

  it('rejects a timestamp that is no time', () => {
    expect(
      problemOf({ events: [{ id: 1, type: 'ExecutionStarted', timestamp: 'yesterday' }] }).message,
    ).toContain('events[0].timestamp "yesterday" is not a time');
  });

  it('names the page of a problem in an array of SDK pages', () => {
    const message = problemOf([
      { events: [{ id: 1, type: 'ExecutionStarted', timestamp: 0 }] },
      { events: [{ id: 2 }] },
    ]).message;
    expect(message).toContain('pages[1].events[0].type is missing');
  });
});
