import { Registry } from '../../host/server/metrics';
import { parsePrometheus, sampleValue } from './prometheus-parse';

describe('Prometheus registry', () => {
  test('counters, gauges and histograms render as parseable text with their values', () => {
    const r = new Registry();
    const c = r.counter('t_requests_total', 'requests');
    const g = r.gauge('t_depth', 'depth');
    const h = r.histogram('t_latency_seconds', 'latency', [0.01, 0.1, 1]);
    c.inc({ route: '/v1/x', status: '200' });
    c.inc({ route: '/v1/x', status: '200' }, 2);
    c.inc({ route: 'we"ird\\label\n', status: '404' });
    g.set({ board: 'b0' }, 7);
    for (const v of [0.005, 0.05, 0.5, 5]) h.observe({ route: '/a' }, v);
    const e = parsePrometheus(r.render());
    expect(e.types.get('t_requests_total')).toBe('counter');
    expect(e.types.get('t_latency_seconds')).toBe('histogram');
    expect(sampleValue(e, 't_requests_total', { route: '/v1/x', status: '200' })).toBe(3);
    expect(sampleValue(e, 't_requests_total', { route: 'we"ird\\label\n' })).toBe(1);
    expect(sampleValue(e, 't_depth', { board: 'b0' })).toBe(7);
    expect(sampleValue(e, 't_latency_seconds_bucket', { route: '/a', le: '0.01' })).toBe(1);
    expect(sampleValue(e, 't_latency_seconds_bucket', { route: '/a', le: '0.1' })).toBe(2);
    expect(sampleValue(e, 't_latency_seconds_bucket', { route: '/a', le: '1' })).toBe(3);
    expect(sampleValue(e, 't_latency_seconds_bucket', { route: '/a', le: '+Inf' })).toBe(4);
    expect(sampleValue(e, 't_latency_seconds_count', { route: '/a' })).toBe(4);
    expect(sampleValue(e, 't_latency_seconds_sum', { route: '/a' })).toBeCloseTo(5.555, 10);
  });

  test('refuses bad names, duplicate metrics, negative increments and unsorted buckets', () => {
    const r = new Registry();
    expect(() => r.counter('bad-name', 'x')).toThrow(TypeError);
    r.counter('ok_total', 'x');
    expect(() => r.gauge('ok_total', 'x')).toThrow(/twice/);
    expect(() => r.counter('neg_total', 'x').inc({}, -1)).toThrow(TypeError);
    expect(() => r.histogram('h', 'x', [1, 1])).toThrow(/increase/);
  });
});
