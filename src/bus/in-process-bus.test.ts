import { describe, expect, it } from 'vitest';
import { InProcessBus } from './in-process-bus.js';

describe('InProcessBus', () => {
  it('delivers a batch to every subscriber of its topic only', () => {
    const bus = new InProcessBus();
    const got: string[] = [];
    bus.subscribe('tracks', (t) => got.push(`a${t.length}`));
    bus.subscribe('tracks', (t) => got.push(`b${t.length}`));
    bus.subscribe('detections', () => got.push('wrong'));
    bus.publish('tracks', []);
    expect(got).toEqual(['a0', 'b0']);
  });

  it('keeps delivering when one subscriber throws, and reports the error', () => {
    const errors: unknown[] = [];
    const bus = new InProcessBus((err) => errors.push(err));
    let delivered = 0;
    bus.subscribe('detections', () => {
      throw new Error('boom');
    });
    bus.subscribe('detections', () => delivered++);
    bus.publish('detections', []);
    expect(delivered).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('stops delivering after unsubscribe', () => {
    const bus = new InProcessBus();
    let n = 0;
    const off = bus.subscribe('observations', () => n++);
    bus.publish('observations', []);
    off();
    bus.publish('observations', []);
    expect(n).toBe(1);
  });
});
