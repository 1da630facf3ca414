import { describe, expect, it } from 'vitest';
import { createFairSchedule } from './fair-schedule.js';

const MB = 1024 * 1024;
const limits = { maxQueued: 100, maxQueuedPerUser: 10, maxRunningPerUser: 3 };

describe('fair schedule', () => {
  it('serves a cheap file of another user before a flooder’s queued expensive ones', () => {
    const s = createFairSchedule<string>(limits);
    for (let i = 0; i < 10; i++)
      s.push({ owner: 'flooder', group: 't1', cost: 100 * MB, item: `big${i}`, queuedAt: i });
    expect(s.take()?.item).toBe('big0');
    s.push({ owner: 'victim', group: 't2', cost: 200 * 1024, item: 'cv', queuedAt: 20 });
    expect(s.take()?.item).toBe('cv');
  });

  it('weighs by cost: a user of cheap files gets many turns per expensive file of another', () => {
    const s = createFairSchedule<string>({ ...limits, maxQueuedPerUser: 50, maxRunningPerUser: 100 });
    for (let i = 0; i < 5; i++)
      s.push({ owner: 'a', group: 'ta', cost: 10 * MB, item: `a${i}`, queuedAt: 0 });
    for (let i = 0; i < 40; i++) s.push({ owner: 'b', group: 'tb', cost: MB, item: `b${i}`, queuedAt: 0 });
    const order = Array.from({ length: 22 }, () => s.take()?.item ?? '');
    const aCount = order.filter((x) => x.startsWith('a')).length;
    expect(aCount).toBeGreaterThanOrEqual(1);
    expect(aCount).toBeLessThanOrEqual(3);
  });

  it('keeps a slot free: a user at maxRunningPerUser is skipped while others wait', () => {
    const s = createFairSchedule<string>({ ...limits, maxRunningPerUser: 1 });
    s.push({ owner: 'a', group: 't', cost: 1, item: 'a0', queuedAt: 0 });
    s.push({ owner: 'a', group: 't', cost: 1, item: 'a1', queuedAt: 0 });
    expect(s.take()?.item).toBe('a0');
    expect(s.take()).toBeNull();
    s.push({ owner: 'b', group: 'u', cost: 1, item: 'b0', queuedAt: 0 });
    expect(s.take()?.item).toBe('b0');
    s.done('a');
    expect(s.take()?.item).toBe('a1');
  });

  it('takes turns between the threads of one user', () => {
    const s = createFairSchedule<string>({ ...limits, maxRunningPerUser: 10 });
    for (const item of ['x1', 'x2', 'x3']) s.push({ owner: 'u', group: 'x', cost: 1, item, queuedAt: 0 });
    s.push({ owner: 'u', group: 'y', cost: 1, item: 'y1', queuedAt: 0 });
    expect([s.take()?.item, s.take()?.item, s.take()?.item]).toEqual(['x1', 'y1', 'x2']);
  });

  it('refuses past the per-user bound (user) and the total bound (global); force still queues', () => {
    const s = createFairSchedule<string>({ maxQueued: 3, maxQueuedPerUser: 2, maxRunningPerUser: 1 });
    expect(s.push({ owner: 'a', group: 't', cost: 1, item: '1', queuedAt: 0 }).ok).toBe(true);
    expect(s.push({ owner: 'a', group: 't', cost: 1, item: '2', queuedAt: 0 }).ok).toBe(true);
    expect(s.push({ owner: 'a', group: 't', cost: 1, item: '3', queuedAt: 0 })).toEqual({
      ok: false,
      scope: 'user',
    });
    expect(s.push({ owner: 'b', group: 'u', cost: 1, item: '4', queuedAt: 0 }).ok).toBe(true);
    expect(s.admit('c')).toEqual({ ok: false, scope: 'global' });
    expect(s.push({ owner: 'c', group: 'v', cost: 1, item: '5', queuedAt: 0 }, { force: true }).ok).toBe(
      true,
    );
    expect(s.stats()).toMatchObject({ queued: 4, users: 3, oldestQueuedAt: 0 });
  });

  it('counts reserved places against the bounds until they are used or given back', () => {
    const s = createFairSchedule<string>({ maxQueued: 10, maxQueuedPerUser: 2, maxRunningPerUser: 1 });
    expect(s.reserve('a').ok).toBe(true);
    expect(s.reserve('a').ok).toBe(true);
    expect(s.reserve('a')).toEqual({ ok: false, scope: 'user' });
    expect(s.push({ owner: 'a', group: 't', cost: 1, item: '1', queuedAt: 0 }, { reserved: true }).ok).toBe(
      true,
    );
    expect(s.admit('a')).toEqual({ ok: false, scope: 'user' });
    s.unreserve('a');
    expect(s.admit('a').ok).toBe(true);
    expect(s.stats()).toMatchObject({ queued: 1, reserved: 0 });
  });
});

describe('fair schedule: the lanes waiting most', () => {
  it('lists the owners with jobs waiting, most first, with their oldest wait and running count', () => {
    const s = createFairSchedule<string>({ ...limits, maxRunningPerUser: 1 });
    s.push({ owner: 'a', group: 't1', cost: 1, item: 'a0', queuedAt: 5 });
    s.push({ owner: 'a', group: 't2', cost: 1, item: 'a1', queuedAt: 3 });
    s.push({ owner: 'b', group: 't3', cost: 1, item: 'b0', queuedAt: 1 });
    s.push({ owner: 'c', group: 't4', cost: 1, item: 'c0', queuedAt: 9 });
    s.push({ owner: 'c', group: 't4', cost: 1, item: 'c1', queuedAt: 9 });
    for (let i = 0; i < 7; i++) s.push({ owner: `u${i}`, group: 'x', cost: 1, item: `u${i}`, queuedAt: 10 });
    expect(s.take()?.item).toBe('a0');
    const top = s.stats().topWaiting;
    expect(top).toHaveLength(5);
    // Equal counts: the one waiting longest first.
    expect(top[0]).toEqual({ owner: 'c', queued: 2, running: 0, oldestQueuedAt: 9 });
    expect(top[1]).toEqual({ owner: 'b', queued: 1, running: 0, oldestQueuedAt: 1 });
    expect(top[2]).toEqual({ owner: 'a', queued: 1, running: 1, oldestQueuedAt: 3 });
    expect(s.stats().oldestQueuedAt).toBe(1);
  });
});
